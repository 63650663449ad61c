import type { Dependencies } from './dependencies';

/** The dependencies the AWS wiring provides: all but `wallClock`, which on AWS is the clock itself. */
type WiredName = Exclude<keyof Dependencies, 'wallClock'>;

/**
 * The environment contract between lib/aws, which sets a function's variables, and the adapters,
 * which read them (functions/adapters/aws.ts). Each adapter names the variables it reads; a
 * function gets exactly those of the adapters it uses (FUNCTION_ADAPTERS), so the texting
 * settings reach only the functions that text, and a variable the stack forgets fails an infra
 * test instead of a first invocation.
 */
export const ADAPTER_ENV = {
  incidents: ['TABLE_NAME'],
  plans: ['TABLE_NAME'],
  phones: ['TABLE_NAME'],
  duty: ['TABLE_NAME'],
  reports: ['TABLE_NAME'],
  cases: ['TABLE_NAME'],
  risks: ['TABLE_NAME'],
  dutyLog: ['TABLE_NAME'],
  calendar: ['TABLE_NAME'],
  reportCounters: ['TABLE_NAME'],
  roleHolders: ['TABLE_NAME'],
  sms: ['SMS_TYPE', 'SMS_SENDER_ID', 'SMS_ORIGINATION_NUMBER', 'SMS_CHINA_SENDER_ID'],
  // Set on a stage with `voice` (lib/aws/voice.ts); without them a function places no calls.
  calls: ['VOICE_ORIGINATION_IDENTITY', 'VOICE_ID'],
  escalations: ['ESCALATION_STATE_MACHINE_ARN'],
  writtenReports: ['WRITTEN_REPORT_STATE_MACHINE_ARN'],
  links: ['PUBLIC_BASE_URL'],
  smsSignature: ['SMS_SIGNATURE'],
  smsDefaultPlanId: ['SMS_DEFAULT_PLAN_ID'],
  smsReplyCodes: ['SMS_REPLY_CODES'],
  webFiles: [],
  console: ['PUBLIC_BASE_URL', 'COGNITO_DOMAIN', 'COGNITO_CLIENT_ID'],
  clock: [],
  ids: [],
} as const satisfies Record<WiredName, readonly string[]>;

export type AdapterName = keyof typeof ADAPTER_ENV;
export type EnvName = (typeof ADAPTER_ENV)[AdapterName][number];

/** The variables a function using these adapters reads, each once. */
export const environmentOf = (adapters: readonly AdapterName[]): EnvName[] => [...new Set(adapters.flatMap((adapter) => ADAPTER_ENV[adapter]))];
