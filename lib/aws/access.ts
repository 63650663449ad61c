import type { FunctionName } from '../catalog';

/**
 * What each function may touch on AWS, and nothing more. Keyed by every name in the catalog, so a
 * function added there does not compile here until someone decides what it may do.
 */
export interface FunctionAccess {
  description: string;
  table: 'none' | 'read' | 'read-write';
  /** May start the escalation workflow. */
  startsEscalation?: true;
  /** May start the wait for a written report's deadline: whoever can close an incident. */
  startsWrittenReportWatch?: true;
  /** May ask whether an incident's escalation was started (DescribeExecution). */
  looksUpEscalations?: true;
  /** May text phone numbers through SNS. */
  sendsSms?: true;
  /** May place calls through End User Messaging voice, on a stage with `voice`. */
  placesCalls?: true;
  /** Folders (relative to the project root) it reads at run time, shipped beside its bundle. */
  files?: string[];
}

export const FUNCTION_ACCESS: Record<FunctionName, FunctionAccess> = {
  health: { description: 'Answers the health check', table: 'none' },
  'list-plans': { description: 'Lists the plans a report can be made under', table: 'read' },
  'submit-incident': { description: 'Takes a report and starts its escalation', table: 'read-write', startsEscalation: true },
  'get-incident': { description: 'Shows an incident and its timeline', table: 'read' },
  'action-link': { description: 'Opens an action link and records acknowledgements and reports', table: 'read-write', startsWrittenReportWatch: true },
  'list-incidents': { description: 'Lists the open incidents of the schools a signed-in person may see', table: 'read' },
  'incident-action': { description: 'Records what a signed-in person does on an incident', table: 'read-write', startsWrittenReportWatch: true },
  'remind-unconfirmed': {
    description: 'Texts and calls the unconfirmed at the current level of an incident again on request, at most once in five minutes',
    table: 'read-write',
    sendsSms: true,
    placesCalls: true,
  },
  me: { description: 'Tells a signed-in person who they are and which schools they see', table: 'read' },
  'web-console': { description: 'Serves the web console pages and the report-form QR codes', table: 'read', files: ['web'] },
  'notify-level': { description: 'Texts the people at one level of the reporting chain', table: 'read-write', sendsSms: true },
  'call-unconfirmed': { description: 'Calls the people at a level who have not confirmed their text, and landlines', table: 'read-write', placesCalls: true },
  'check-acknowledgement': { description: 'Decides whether the chain stops or escalates', table: 'read' },
  'check-bureau-report': { description: 'Checks whether the report reached the bureau by its deadline', table: 'read' },
  'report-late-to-bureau': { description: 'Records a late report, texts the bureau duty desk and calls its landline', table: 'read-write', sendsSms: true, placesCalls: true },
  // Duty roster and scheduled reports: a report with something to say opens an incident, so those that take reports start escalations.
  'duty-roster': { description: 'Shows the duty roster and records swaps and covers set by a duty lead', table: 'read-write' },
  'scheduled-reports': { description: "Shows a bureau's roll-up of scheduled reports and takes reports sent through the API", table: 'read-write', startsEscalation: true },
  'report-link': { description: 'Opens a scheduled report link and takes the report it asks for', table: 'read-write', startsEscalation: true },
  'open-scheduled-reports': { description: 'Opens a wave of scheduled reports: which schools owe one now, in batches', table: 'read-write' },
  'act-on-scheduled-reports': { description: 'Reminds, marks late and chases a batch of schools for a scheduled report', table: 'read-write', sendsSms: true },
  'start-stranded-escalations': {
    description: 'Starts the escalation of any incident stored without one, every minute',
    table: 'read-write',
    startsEscalation: true,
    looksUpEscalations: true,
  },
  'record-handover': { description: 'Records a duty handover on the open incidents of the schools whose shift changes', table: 'read-write' },
  cases: { description: 'Keeps petition cases (baoan): owners, visits, closure, and the incidents they open', table: 'read-write', startsEscalation: true },
  risks: { description: 'Takes risk reports and daily screenings, rolls them up, and turns a risk into an incident', table: 'read-write', startsEscalation: true },
  'duty-log': { description: 'Keeps the duty log: entries, calls received and handover notes, per shift', table: 'read-write' },
  'remind-case-visits': { description: 'Texts the owners of the petition cases whose visit falls due', table: 'read', sendsSms: true },
  'sms-inbound': {
    description: 'Answers texts to our number: replies, STOP/START, reports by SMS',
    table: 'read-write',
    sendsSms: true,
    startsEscalation: true,
    startsWrittenReportWatch: true,
  },
  'sms-delivery-status': { description: "Puts carriers' SMS delivery reports on incident timelines", table: 'read-write' },
  // After the incident (issue 13).
  'written-report': { description: 'Shows, saves, submits and reviews the written report after an incident', table: 'read-write' },
  accountability: { description: 'Shows the accountability ledger: late reports, closes without a report, late acknowledgements and written reports', table: 'read' },
  periods: { description: 'Shows and sets the bureau calendar of sensitive periods', table: 'read-write' },
  'check-written-report': { description: 'Flags a written report late at its deadline and texts its authors', table: 'read-write', sendsSms: true },
};
