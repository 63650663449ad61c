import { CfnOutput, Duration, RemovalPolicy, Stack, Tags, Validations, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Construct } from 'constructs';
import type { Plan } from '../../functions/core/plan';
import {
  API_FUNCTIONS,
  ESCALATION,
  EVENT_FUNCTIONS,
  SCHEDULED_FUNCTIONS,
  SCHEDULED_REPORTS,
  WORKFLOW_FUNCTIONS,
  WRITTEN_REPORTS,
  handlerEntry,
  type ApiFunction,
  type EventFunction,
  type FunctionName,
  type ScheduledFunction,
  type WorkflowFunction,
} from '../catalog';
import { WORKFLOW_LAMBDA_TIMEOUT_SECONDS } from '../../functions/shared/step-budget';
import { FUNCTION_ACCESS } from './access';
import { environmentOf, type AdapterName } from '../../functions/adapters/environment';
import { FUNCTION_ADAPTERS } from '../../functions/adapters/function-adapters';
import { YingjiApi } from './api';
import { ConsoleSignIn } from './console-sign-in';
import { IncidentData } from './data';
import { isDisposable, isFirewalled, type StageConfig } from './deployments';
import { ApiFirewall } from './firewall';
import { EscalationWorkflow } from './escalation';
import { YingjiFunction } from './function';
import { Monitoring } from './monitoring';
import { PlanPublication } from './plans';
import { ScheduledReports } from './scheduled-reports';
import { SmsSending } from './sms';
import { SmsInbound } from './sms-inbound';
import { VoiceCalls } from './voice';

export interface YingjiStackProps extends StackProps {
  stage: StageConfig;
  /** The stage's plans, already read and checked (readStagePlans). */
  plans: readonly Plan[];
}

/** API functions answer a person who is waiting; workflow steps nest their budgets under the ASL's task timeout (step-budget.ts). */
const TIMEOUTS: Record<'api' | 'workflow', Duration> = { api: Duration.seconds(15), workflow: Duration.seconds(WORKFLOW_LAMBDA_TIMEOUT_SECONDS) };

/**
 * One stage of Yingji: the table, the functions, the API, the escalation workflow, texting, the
 * stage's plans and its alarms. The constructs carry the detail; this only wires them together.
 */
export class YingjiStack extends Stack {
  readonly data: IncidentData;
  readonly api: YingjiApi;
  readonly functions: Record<FunctionName, YingjiFunction>;
  readonly escalation: EscalationWorkflow;
  /** The written report's deadline after an incident closes (statemachines/written-report.asl.json). */
  readonly writtenReports: EscalationWorkflow;
  readonly scheduledReports: ScheduledReports;
  readonly sms: SmsSending;
  readonly smsInbound: SmsInbound;
  readonly planPublication: PlanPublication;
  readonly consoleSignIn: ConsoleSignIn;
  readonly monitoring: Monitoring;
  readonly firewall?: ApiFirewall;

  constructor(scope: Construct, id: string, props: YingjiStackProps) {
    const { stage, plans, ...stackProps } = props;
    const disposable = isDisposable(stage);
    super(scope, id, {
      stackName: `yingji-${stage.name}`,
      description: `Yingji (应急) stage ${stage.name}: executable school contingency plans`,
      terminationProtection: !disposable,
      ...stackProps,
    });
    Tags.of(this).add('project', 'yingji');
    Tags.of(this).add('stage', stage.name);

    const kept = {
      logRetention: disposable ? logs.RetentionDays.TWO_WEEKS : logs.RetentionDays.SIX_MONTHS,
      removalPolicy: disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    };

    this.data = new IncidentData(this, 'Data', { disposable });
    this.api = new YingjiApi(this, 'Api', { stageLabel: stage.name, throttle: stage.throttle, firewalled: isFirewalled(stage), ...kept });
    if (isFirewalled(stage)) {
      this.firewall = new ApiFirewall(this, 'Firewall', {
        stageArn: this.api.api.deploymentStage.stageArn,
        stageLabel: stage.name,
        postsPerFiveMinutes: stage.waf.postsPerFiveMinutes,
        requestsPerFiveMinutes: stage.waf.requestsPerFiveMinutes,
      });
    }
    const senders = (Object.keys(FUNCTION_ACCESS) as FunctionName[]).filter((name) => FUNCTION_ACCESS[name].sendsSms);
    this.sms = new SmsSending(this, 'Sms', { settings: stage.sms, senders, ...kept });

    const domain = stage.domain && this.api.addDomain(stage.domain.name, stage.domain.certificateArn);
    const environment = {
      TABLE_NAME: this.data.table.tableName,
      PUBLIC_BASE_URL: stage.publicBaseUrl ?? (stage.domain ? `https://${stage.domain.name}` : this.api.defaultBaseUrl),
      ...this.sms.environment,
    };
    this.consoleSignIn = new ConsoleSignIn(this, 'ConsoleSignIn', {
      stageName: stage.name,
      publicBaseUrl: environment.PUBLIC_BASE_URL,
      table: this.data.table,
      keepUsers: !disposable,
      ...kept,
    });
    const make = (name: FunctionName, kind: 'api' | 'workflow') =>
      new YingjiFunction(this, pascal(name), {
        entry: handlerEntry(name),
        description: FUNCTION_ACCESS[name].description,
        timeout: TIMEOUTS[kind],
        memorySize: 512,
        environment: environmentFor(name, environment),
        bundleFolders: FUNCTION_ACCESS[name].files,
        ...kept,
      });
    const apiFunctions = Object.fromEntries(API_FUNCTIONS.map((name) => [name, make(name, 'api')])) as Record<ApiFunction, YingjiFunction>;
    const workflowFunctions = Object.fromEntries(WORKFLOW_FUNCTIONS.map((name) => [name, make(name, 'workflow')])) as Record<WorkflowFunction, YingjiFunction>;
    const scheduledFunctions = Object.fromEntries(SCHEDULED_FUNCTIONS.map((name) => [name, make(name, 'workflow')])) as Record<ScheduledFunction, YingjiFunction>;
    const eventFunctions = Object.fromEntries(EVENT_FUNCTIONS.map((name) => [name, make(name, 'api')])) as Record<EventFunction, YingjiFunction>;
    this.functions = { ...apiFunctions, ...workflowFunctions, ...eventFunctions, ...scheduledFunctions };

    this.escalation = new EscalationWorkflow(this, 'Escalation', { spec: ESCALATION, functions: workflowFunctions, stackName: this.stackName, ...kept });
    this.writtenReports = new EscalationWorkflow(this, 'WrittenReports', { spec: WRITTEN_REPORTS, functions: workflowFunctions, stackName: this.stackName, ...kept });
    this.scheduledReports = new ScheduledReports(this, 'ScheduledReportWaves', {
      spec: SCHEDULED_REPORTS,
      functions: workflowFunctions,
      handover: scheduledFunctions['record-handover'],
      visitReminders: scheduledFunctions['remind-case-visits'],
      strandedSweep: scheduledFunctions['start-stranded-escalations'],
      plans,
      stackName: this.stackName,
      ...kept,
    });

    for (const [name, fn] of Object.entries(this.functions) as [FunctionName, YingjiFunction][]) {
      const access = FUNCTION_ACCESS[name];
      if (access.table === 'read') this.data.table.grantReadData(fn);
      if (access.table === 'read-write') this.data.table.grantReadWriteData(fn);
      if (access.startsEscalation) {
        this.escalation.stateMachine.grantStartExecution(fn);
        fn.function.addEnvironment('ESCALATION_STATE_MACHINE_ARN', this.escalation.stateMachine.stateMachineArn);
      }
      if (access.startsWrittenReportWatch) {
        this.writtenReports.stateMachine.grantStartExecution(fn);
        fn.function.addEnvironment('WRITTEN_REPORT_STATE_MACHINE_ARN', this.writtenReports.stateMachine.stateMachineArn);
      }
      if (access.sendsSms) this.sms.grantSend(fn);
      if (access.looksUpEscalations) this.escalation.grantDescribeExecutions(fn);
    }

    for (const [key, value] of Object.entries(this.consoleSignIn.environment)) apiFunctions['web-console'].function.addEnvironment(key, value);
    this.api.addRoutes(apiFunctions, this.consoleSignIn.authorizer);
    this.smsInbound = new SmsInbound(this, 'TextsBack', {
      inbound: eventFunctions['sms-inbound'],
      deliveryStatus: eventFunctions['sms-delivery-status'],
      twoWay: stage.sms.twoWay,
      ...kept,
    });
    this.planPublication = new PlanPublication(this, 'Plans', { table: this.data.table, plans, ...kept });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      stageLabel: stage.name,
      alarmEmail: stage.alarmEmail,
      api: this.api.api,
      escalation: this.escalation.stateMachine,
      functions: this.functions,
      smsMonthlySpendLimitUsd: stage.sms.monthlySpendLimitUsd,
    });

    if (stage.voice) {
      const callers = (Object.keys(FUNCTION_ACCESS) as FunctionName[]).filter((name) => FUNCTION_ACCESS[name].placesCalls).map((name) => this.functions[name]);
      const voice = new VoiceCalls(this, 'Voice', { settings: stage.voice, callers });
      voice.failures.addAlarmAction(new cloudwatchActions.SnsAction(this.monitoring.topic));
    }

    const texting86 = plans.filter((plan) => plan.people.some((person) => person.phone?.startsWith('+86')));
    const china = chinaProblems(stage);
    if (texting86.length > 0 && china.length > 0) {
      const message = `stage ${stage.name} texts +86 numbers (plans ${texting86.map((plan) => plan.id).join(', ')}) but ${china.join('; ')} (docs/operations.md, +86)`;
      if (!disposable) throw new Error(message);
      Validations.of(this).addWarning('yingji:sms-china', message);
    }

    if (!stage.publicBaseUrl && !stage.domain && !disposable) {
      Validations.of(this).addWarning(
        'yingji:link-length',
        `stage ${stage.name} links to the raw API Gateway URL, which leaves an alert no room to fit one SMS segment (docs/sms.md); give it a domain in deployments.yaml`,
      );
    }
    if (domain) {
      new CfnOutput(this, 'DomainTarget', {
        value: domain.domainNameAliasDomainName,
        description: `Point ${stage.domain!.name} here (CNAME, or an alias record in Route 53)`,
      });
    }
    new CfnOutput(this, 'ApiUrl', { value: this.api.api.url, description: 'The API (and, without publicBaseUrl, where action links point)' });
    new CfnOutput(this, 'PublicBaseUrl', { value: environment.PUBLIC_BASE_URL, description: 'Where the texts’ action links point' });
    if (this.smsInbound.topic) {
      new CfnOutput(this, 'InboundSmsTopicArn', {
        value: this.smsInbound.topic.topicArn,
        description: "Name this topic in the origination number's two-way SMS settings (End User Messaging SMS)",
      });
    }
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'ConsoleUserPoolId', {
      value: this.consoleSignIn.userPool.userPoolId,
      description: 'Console users: create each with the phone number the plans list; the plans say which schools they see (README, web console)',
    });
    new CfnOutput(this, 'EscalationStateMachineArn', { value: this.escalation.stateMachine.stateMachineArn });
    new CfnOutput(this, 'ScheduledReportStateMachineArn', {
      value: this.scheduledReports.workflow.stateMachine.stateMachineArn,
      description: 'Waves of scheduled reports (零报告 ...), started by the schedules in the duty schedule group',
    });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });
  }
}

/**
 * What keeps a stage's texts from reaching +86 numbers, as AWS documents China: sender IDs only
 * when registered for China, no long codes, and every text starting with the registered signature
 * (https://docs.aws.amazon.com/end-user-messaging/latest/userguide/nx-supported-countries-asia.html,
 * https://docs.aws.amazon.com/sms-voice/latest/userguide/registrations-china.html).
 */
export function chinaProblems(stage: StageConfig): string[] {
  const problems: string[] = [];
  if (!stage.sms.signature) problems.push('sms.signature is not set: Chinese carriers drop texts that do not start with the registered 【signature】');
  if (!stage.sms.china) problems.push('sms.china is not set: AWS texts China only from a sender ID registered for China, with the texts registered as templates');
  if (stage.sms.originationNumber) problems.push('sms.originationNumber is a long code, and AWS sends no SMS to China from a long code');
  return problems;
}

/**
 * The variables a catalog function reads, by the contract its adapters state (ADAPTER_ENV): of the
 * stage's settings, only those. Those known only later (state machine ARNs, the console's sign-in)
 * are added where they are made.
 */
function environmentFor(name: FunctionName, settings: Record<string, string>): Record<string, string> {
  const adapters: readonly AdapterName[] = name in FUNCTION_ADAPTERS ? FUNCTION_ADAPTERS[name as keyof typeof FUNCTION_ADAPTERS] : [];
  return Object.fromEntries(environmentOf(adapters).flatMap((variable) => (variable in settings ? [[variable, settings[variable]!]] : [])));
}

const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
