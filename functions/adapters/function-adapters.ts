import type { AdapterName } from './environment';

/**
 * The adapters each function's handler builds (`awsAdapters(FUNCTION_ADAPTERS[name])`), which lib/aws
 * reads to give the function exactly those adapters' variables (ADAPTER_ENV). A handler whose
 * `createHandler` needs an adapter missing here does not compile.
 */
export const FUNCTION_ADAPTERS = {
  accountability: ['incidents', 'plans', 'clock'],
  'act-on-scheduled-reports': ['plans', 'reports', 'duty', 'sms', 'clock', 'ids', 'links', 'phones', 'smsSignature'],
  'action-link': ['incidents', 'plans', 'clock', 'phones', 'writtenReports'],
  cases: ['cases', 'risks', 'incidents', 'plans', 'escalations', 'clock', 'ids'],
  'call-unconfirmed': ['plans', 'ids', 'duty', 'incidents', 'sms', 'calls', 'clock', 'links', 'phones', 'smsSignature', 'smsReplyCodes'],
  'check-acknowledgement': ['plans', 'ids', 'duty', 'incidents', 'sms', 'clock', 'links', 'phones', 'smsSignature', 'smsReplyCodes'],
  'check-bureau-report': ['plans', 'ids', 'duty', 'incidents', 'sms', 'clock', 'links', 'phones', 'smsSignature', 'smsReplyCodes'],
  'check-written-report': ['incidents', 'plans', 'clock', 'sms', 'phones', 'writtenReports', 'smsSignature'],
  'duty-log': ['plans', 'duty', 'dutyLog', 'clock', 'ids'],
  'duty-roster': ['plans', 'duty', 'clock', 'ids'],
  'get-incident': ['incidents', 'plans', 'clock', 'phones', 'writtenReports'],
  'incident-action': ['incidents', 'plans', 'clock', 'phones', 'writtenReports'],
  'list-incidents': ['incidents', 'plans', 'clock', 'phones', 'writtenReports'],
  'list-plans': ['plans'],
  me: ['incidents', 'plans', 'clock', 'phones', 'writtenReports'],
  'notify-level': ['plans', 'ids', 'duty', 'incidents', 'sms', 'clock', 'links', 'phones', 'smsSignature', 'smsReplyCodes'],
  periods: ['plans', 'calendar', 'clock'],
  'open-scheduled-reports': ['plans', 'reports', 'ids'],
  'record-handover': ['plans', 'duty', 'incidents', 'clock'],
  'remind-case-visits': ['plans', 'cases', 'sms', 'clock', 'smsSignature'],
  'remind-unconfirmed': ['plans', 'ids', 'duty', 'incidents', 'sms', 'calls', 'clock', 'links', 'phones', 'smsSignature', 'smsReplyCodes'],
  'report-late-to-bureau': ['plans', 'ids', 'duty', 'incidents', 'sms', 'calls', 'clock', 'links', 'phones', 'smsSignature', 'smsReplyCodes'],
  'report-link': ['plans', 'reports', 'ids', 'duty', 'clock', 'incidents', 'escalations'],
  risks: ['plans', 'reports', 'ids', 'duty', 'clock', 'incidents', 'escalations', 'risks'],
  'scheduled-reports': ['plans', 'reports', 'ids', 'duty', 'clock', 'incidents', 'escalations'],
  'sms-delivery-status': ['incidents'],
  'sms-inbound': ['incidents', 'plans', 'escalations', 'clock', 'ids', 'phones', 'writtenReports', 'duty', 'sms', 'links', 'smsSignature', 'smsReplyCodes', 'reports', 'risks', 'dutyLog', 'smsDefaultPlanId', 'reportCounters'],
  'start-stranded-escalations': ['clock', 'incidents', 'escalations'],
  'submit-incident': ['incidents', 'plans', 'escalations', 'clock', 'ids', 'reportCounters'],
  'web-console': ['plans', 'webFiles', 'console'],
  'written-report': ['incidents', 'plans', 'clock', 'sms', 'phones', 'writtenReports', 'smsSignature'],
} as const satisfies Record<string, readonly AdapterName[]>;
