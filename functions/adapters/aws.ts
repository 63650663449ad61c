import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { PinpointSMSVoiceV2Client, type VoiceId } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SNSClient } from '@aws-sdk/client-sns';
import { linksUnder, randomIds, systemClock } from '../core/base';
import { rosterRoleHolders } from '../core/duty';
import { withCalendar } from '../core/periods';
import { DynamoDbCalendarStore } from './dynamodb-calendar-store';
import { requireEnv } from '../shared/env';
import type { AdapterName } from './environment';
import type { ConsoleSettings } from '../shared/web';
import type { Dependencies } from './dependencies';
import { DynamoDbIncidentStore } from './dynamodb-incident-store';
import { DynamoDbPhoneStore } from './dynamodb-phone-store';
import { DynamoDbPlanCatalog } from './dynamodb-plan-catalog';
import { DynamoDbReportCounters } from './dynamodb-report-counters';
import { DynamoDbCaseStore, DynamoDbDutyLogStore, DynamoDbRiskStore } from './dynamodb-case-store';
import { DynamoDbDutyStore, DynamoDbReportStore } from './dynamodb-report-store';
import { SfnEscalationStarter } from './sfn-escalation-starter';
import { SnsSmsGateway } from './sns-sms-gateway';
import { VoiceCallGateway } from './voice-call-gateway';
import { FolderWebFiles } from './web-files';

/** Everything a function may need (dependencies.ts: environment.ts reads it too, without the AWS clients). */
export type { Dependencies } from './dependencies';

/**
 * The AWS wiring of the adapters a handler names (FUNCTION_ADAPTERS), and of no others: the
 * result has only those properties, so a handler that reaches for another fails to compile, and
 * lib/aws gives the function only those adapters' variables (ADAPTER_ENV). Clients are made once
 * per container, on first use, so a handler module can be imported (by tests, by the local
 * runtime) without an AWS environment.
 */
export function awsAdapters<const K extends AdapterName>(names: readonly K[]): Pick<Dependencies, K> {
  const once = <T>(make: () => T) => {
    let made: T | undefined;
    return () => (made ??= make());
  };
  const dynamo = once(() => new DynamoDBClient({}));
  const incidents = once(() => new DynamoDbIncidentStore(dynamo(), requireEnv('TABLE_NAME')));
  const calendar = once(() => new DynamoDbCalendarStore(dynamo(), requireEnv('TABLE_NAME')));
  // Plans carry the bureau's calendar on their periods, so rosters and scheduled reports follow it.
  const plans = once(() => withCalendar(new DynamoDbPlanCatalog(dynamo(), requireEnv('TABLE_NAME')), calendar()));
  const phones = once(() => new DynamoDbPhoneStore(dynamo(), requireEnv('TABLE_NAME')));
  const duty = once(() => new DynamoDbDutyStore(dynamo(), requireEnv('TABLE_NAME')));
  const reports = once(() => new DynamoDbReportStore(dynamo(), requireEnv('TABLE_NAME')));
  const cases = once(() => new DynamoDbCaseStore(dynamo(), requireEnv('TABLE_NAME')));
  const risks = once(() => new DynamoDbRiskStore(dynamo(), requireEnv('TABLE_NAME')));
  const dutyLog = once(() => new DynamoDbDutyLogStore(dynamo(), requireEnv('TABLE_NAME')));
  const reportCounters = once(() => new DynamoDbReportCounters(dynamo(), requireEnv('TABLE_NAME')));
  const sms = once(
    () =>
      new SnsSmsGateway(new SNSClient({}), process.env.SMS_SENDER_ID || undefined, {
        smsType: process.env.SMS_TYPE === 'Promotional' ? 'Promotional' : 'Transactional',
        originationNumber: process.env.SMS_ORIGINATION_NUMBER || undefined,
        chinaSenderId: process.env.SMS_CHINA_SENDER_ID || undefined,
      }),
  );
  // A stage with `voice` in deployments.yaml calls; one without texts only.
  const calls = once(() =>
    process.env.VOICE_ORIGINATION_IDENTITY
      ? new VoiceCallGateway(new PinpointSMSVoiceV2Client({}), {
          originationIdentity: process.env.VOICE_ORIGINATION_IDENTITY,
          voiceId: (process.env.VOICE_ID || 'ZHIYU') as VoiceId,
        })
      : undefined,
  );
  const escalations = once(() => new SfnEscalationStarter(new SFNClient({}), requireEnv('ESCALATION_STATE_MACHINE_ARN')));
  const writtenReports = once(() => new SfnEscalationStarter(new SFNClient({}), requireEnv('WRITTEN_REPORT_STATE_MACHINE_ARN')));
  // The console's files are copied beside the bundle (lib/aws/function.ts, `bundleFolders`).
  const webFiles = once(() => new FolderWebFiles(`${requireEnv('LAMBDA_TASK_ROOT')}/web`));
  const consoleSettings = once((): ConsoleSettings => ({
    publicBaseUrl: requireEnv('PUBLIC_BASE_URL'),
    signIn: { kind: 'cognito', domain: requireEnv('COGNITO_DOMAIN'), clientId: requireEnv('COGNITO_CLIENT_ID') },
    pollSeconds: 5,
    smsSimulator: false,
  }));
  const links = once(() => linksUnder(requireEnv('PUBLIC_BASE_URL')));
  const all: Dependencies = {
    get incidents() {
      return incidents();
    },
    get plans() {
      return plans();
    },
    get calendar() {
      return calendar();
    },
    get sms() {
      return sms();
    },
    get calls() {
      return calls();
    },
    get escalations() {
      return escalations();
    },
    get writtenReports() {
      return writtenReports();
    },
    get links() {
      return links();
    },
    get phones() {
      return phones();
    },
    get duty() {
      return duty();
    },
    get roleHolders() {
      return rosterRoleHolders(duty());
    },
    get reports() {
      return reports();
    },
    get cases() {
      return cases();
    },
    get risks() {
      return risks();
    },
    get dutyLog() {
      return dutyLog();
    },
    get reportCounters() {
      return reportCounters();
    },
    get smsSignature() {
      return process.env.SMS_SIGNATURE ?? '';
    },
    get smsDefaultPlanId() {
      return process.env.SMS_DEFAULT_PLAN_ID || undefined;
    },
    get smsReplyCodes() {
      return process.env.SMS_REPLY_CODES === 'true';
    },
    get webFiles() {
      return webFiles();
    },
    get console() {
      return consoleSettings();
    },
    clock: systemClock,
    ids: randomIds,
  };
  const chosen = {} as Pick<Dependencies, K>;
  for (const name of names) Object.defineProperty(chosen, name, Object.getOwnPropertyDescriptor(all, name)!);
  return chosen;
}
