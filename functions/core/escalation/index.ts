/** The escalation workflow's steps (notify a level, check the acknowledgement, report late) and delivery reports. */
export { recordDelivery } from './delivery';
export { callInstant, type CallRound, inQuietHours } from './calls';
export {
  type AcknowledgementOutcome,
  type BureauReportOutcome,
  callUnconfirmed,
  checkAcknowledgement,
  checkBureauReport,
  escalateNow,
  type EscalationDependencies,
  type LevelStep,
  notifyLevel,
  type NotifiedLevel,
  reportLateToBureau,
} from './escalation';
export { RETRY_INTERVAL_MS, textLink, TEXTS_AT_ONCE, type TextingDependencies } from './texting';
export { remindAgain, type ReminderOutcome } from './reminders';
