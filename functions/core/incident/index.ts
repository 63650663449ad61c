/** Incidents: the record and its timeline, intake, actions from links and the console, the board. */
export { DEFAULT_WRITTEN_REPORT_WITHIN, writtenReportBecomesDue, writtenReportOf } from './after-close';
export { actAs, type ActionDependencies, type ActionView, openActionLink, takeAction, validateAction, viewAs } from './actions';
export { acknowledgingRoles, type Authority, authorityRules, reportingRoles, rolesAsWritten, rolesNamed } from './authority';
export { type IncidentListing, type ListedIncident, listedIncident, listingOf, type OpenIncident, SUMMARY_EVENTS, summaryOf, validateBoardQuery } from './board';
export { actAsCaller, type ConsoleDependencies, incidentFor, openIncidentsFor, validateConsoleAction } from './console';
export { type IncidentDeadlines, levelDeadline } from './deadlines';
export { type IncidentReport, type IntakeDependencies, reportedPlanId, submitIncident, validateReport } from './intake';
export {
  alreadyNotified,
  eventKey,
  type Incident,
  type IncidentState,
  sortTimeline,
  stateOf,
  type TimelineEvent,
  WRITTEN_REPORT_FIELDS,
  type WrittenReportContent,
  type WrittenReportField,
} from './model';
export type {
  ActionGrant,
  AlertNumbers,
  OptOutNotice,
  OptOutNotices,
  TextGrant,
  EscalationInput,
  EscalationLookup,
  EscalationStarter,
  IncidentRecord,
  IncidentStore,
  RoleHolders,
  SentText,
  WrittenReportWatch,
  WrittenReportWatchInput,
} from './ports';
export { STRANDED_AFTER_MS, startStrandedEscalations, type StrandedSweep } from './stranded';
export { incidentView } from './view';
export {
  type ActionName,
  ACTIONS,
  BOARD_LIMIT,
  BoardQueryParams,
  CONSOLE_ACTIONS,
  ConsoleActionBody,
  type ConsoleActionName,
  E164,
  FORM_LIMITS,
  IncidentReportBody,
  NOTE_MAX_LENGTH,
  PersonActionBody,
  RemindBody,
  REPORT_LIMITS,
  RESOLUTION_MAX_LENGTH,
  SessionQueryParams,
} from './requests';
export {
  admitReport,
  type Admission,
  counterWindow,
  type CounterWindow,
  REPORT_RATE_LIMITS,
  type ReportCounters,
  type ReportLimitDependencies,
  retryAfterSeconds,
  submitWithinLimits,
} from './report-limits';
export { consoleSession, validateSessionQuery } from './session';
export { type Confirmation, confirmationBoard } from './confirmations';
export { assertMayRemind, mayRemind, REMIND_INTERVAL_MS, remindState, type RemindState, unconfirmedAt, validateRemindRequest } from './reminders';
