/**
 * The pieces both wirings assemble: which functions exist, which API routes reach them, and which
 * function each `${Substitution}` in a state machine stands for. CDK (lib/aws) and the local
 * runtime (lib/local) read this one list, so they cannot drift apart.
 */

export const API_FUNCTIONS = [
  'health',
  'list-plans',
  'submit-incident',
  'get-incident',
  'action-link',
  'list-incidents',
  'incident-action',
  'remind-unconfirmed',
  'me',
  'web-console',
  'duty-roster',
  'scheduled-reports',
  'report-link',
  'cases',
  'risks',
  // After the incident (issue 13): the written report, the accountability ledger.
  'written-report',
  'accountability',
  'periods',
  'duty-log',
] as const;
export const WORKFLOW_FUNCTIONS = [
  'notify-level',
  'call-unconfirmed',
  'check-acknowledgement',
  'check-bureau-report',
  'report-late-to-bureau',
  'open-scheduled-reports',
  'act-on-scheduled-reports',
  'check-written-report',
] as const;
/** Functions a schedule invokes directly (EventBridge Scheduler on AWS, lib/local/scheduler.ts locally). */
export const SCHEDULED_FUNCTIONS = ['record-handover', 'remind-case-visits', 'start-stranded-escalations'] as const;

/**
 * Functions an AWS event source invokes: texts arriving on the two-way SMS topic, and the
 * carrier's delivery reports from SNS's delivery-status log groups.
 */
export const EVENT_FUNCTIONS = ['sms-inbound', 'sms-delivery-status'] as const;

export type ApiFunction = (typeof API_FUNCTIONS)[number];
export type EventFunction = (typeof EVENT_FUNCTIONS)[number];
export type WorkflowFunction = (typeof WORKFLOW_FUNCTIONS)[number];
export type ScheduledFunction = (typeof SCHEDULED_FUNCTIONS)[number];
export type FunctionName = ApiFunction | WorkflowFunction | ScheduledFunction | EventFunction;

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** API Gateway resource path, `{name}` for a path parameter. */
  path: string;
  function: ApiFunction;
  /**
   * Only for someone signed in: on AWS the Cognito authorizer checks the ID token in the
   * `Authorization` header and passes its claims; locally the HTTP adapter does the same with the development sign-in.
   * Either answers 401 before the function runs; the function decides what the caller may see (403).
   */
  signedIn?: true;
}

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: '/health', function: 'health' },
  { method: 'GET', path: '/plans', function: 'list-plans' },
  { method: 'POST', path: '/incidents', function: 'submit-incident' },
  { method: 'GET', path: '/incidents/{id}', function: 'get-incident', signedIn: true },
  { method: 'GET', path: '/a/{token}', function: 'action-link' },
  { method: 'POST', path: '/a/{token}', function: 'action-link' },
  // Duty roster and scheduled reports (README: Duty and scheduled reports).
  { method: 'GET', path: '/duty/{planId}', function: 'duty-roster', signedIn: true },
  { method: 'POST', path: '/duty/{planId}/overrides', function: 'duty-roster', signedIn: true },
  { method: 'GET', path: '/reports', function: 'scheduled-reports', signedIn: true },
  { method: 'POST', path: '/reports', function: 'scheduled-reports', signedIn: true },
  { method: 'GET', path: '/r/{token}', function: 'report-link' },
  { method: 'POST', path: '/r/{token}', function: 'report-link' },
  // 包案 cases, risk information and daily screening, the duty log (issue 13; docs/cases.md).
  { method: 'GET', path: '/cases', function: 'cases', signedIn: true },
  { method: 'POST', path: '/cases', function: 'cases', signedIn: true },
  { method: 'GET', path: '/cases/{id}', function: 'cases', signedIn: true },
  { method: 'PATCH', path: '/cases/{id}', function: 'cases', signedIn: true },
  { method: 'POST', path: '/cases/{id}/visits', function: 'cases', signedIn: true },
  { method: 'POST', path: '/cases/{id}/escalate', function: 'cases', signedIn: true },
  { method: 'GET', path: '/risks', function: 'risks', signedIn: true },
  { method: 'POST', path: '/risks', function: 'risks', signedIn: true },
  { method: 'POST', path: '/risks/{id}/escalate', function: 'risks', signedIn: true },
  // After the incident: the written report (书面报告).
  { method: 'GET', path: '/incidents/{id}/written-report', function: 'written-report', signedIn: true },
  { method: 'PUT', path: '/incidents/{id}/written-report', function: 'written-report', signedIn: true },
  ...(['submit', 'accept', 'return'] as const).map(
    (step) => ({ method: 'POST', path: `/incidents/{id}/written-report/${step}`, function: 'written-report', signedIn: true }) as const,
  ),
  { method: 'GET', path: '/accountability', function: 'accountability', signedIn: true },
  { method: 'GET', path: '/periods', function: 'periods', signedIn: true },
  { method: 'PUT', path: '/periods', function: 'periods', signedIn: true },
  { method: 'GET', path: '/duty-log/{planId}', function: 'duty-log', signedIn: true },
  { method: 'POST', path: '/duty-log/{planId}', function: 'duty-log', signedIn: true },
  // The web console: its data (signed in) and its pages and files (public; the pages ask the API).
  { method: 'GET', path: '/incidents', function: 'list-incidents', signedIn: true },
  { method: 'POST', path: '/incidents/{id}/actions', function: 'incident-action', signedIn: true },
  { method: 'POST', path: '/incidents/{id}/remind', function: 'remind-unconfirmed', signedIn: true },
  { method: 'GET', path: '/me', function: 'me', signedIn: true },
  ...[
    '/',
    '/sign-in',
    '/incident/{id}',
    '/duty',
    '/report/{planId}',
    '/report/{planId}/qr.svg',
    '/assets/{file}',
    '/favicon.ico',
    '/console.json',
    '/petition-cases',
    '/screening',
    '/duty-record',
    '/incident/{id}/written-report',
    '/accountability-ledger',
  ].map((path) => ({ method: 'GET', path, function: 'web-console' }) as const),
];

export interface StateMachineSpec {
  /** File under statemachines/. */
  file: string;
  /** `${Substitution}` → the function whose ARN replaces it. */
  functions: Record<string, WorkflowFunction>;
}

export const ESCALATION: StateMachineSpec = {
  file: 'escalation.asl.json',
  functions: {
    NotifyLevelFunctionArn: 'notify-level',
    CallUnconfirmedFunctionArn: 'call-unconfirmed',
    CheckAcknowledgementFunctionArn: 'check-acknowledgement',
    CheckBureauReportFunctionArn: 'check-bureau-report',
    ReportLateToBureauFunctionArn: 'report-late-to-bureau',
  },
};

/**
 * A wave of scheduled reports (零报告, 报平安 ...): started per timetable by EventBridge Scheduler
 * in the plans' time zone, or by the local scheduler, with `{ "slot", "firedAt" }`.
 */
export const SCHEDULED_REPORTS: StateMachineSpec = {
  file: 'scheduled-report.asl.json',
  functions: {
    OpenScheduledReportsFunctionArn: 'open-scheduled-reports',
    ActOnScheduledReportsFunctionArn: 'act-on-scheduled-reports',
  },
};

/** The written report's deadline: started when an incident closes under a plan that asks for one. */
export const WRITTEN_REPORTS: StateMachineSpec = {
  file: 'written-report.asl.json',
  functions: { CheckWrittenReportFunctionArn: 'check-written-report' },
};

/** `functions/<name>/handler.ts`, relative to the project root. */
export const handlerEntry = (name: FunctionName) => `functions/${name}/handler.ts`;

export { EXPIRES_AT, OPEN_INCIDENTS_INDEX, TABLE_KEYS } from '../functions/adapters/table';
