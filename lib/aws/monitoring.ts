import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { TEXTS_NOT_SENT_LOG } from '../../functions/shared/http';
import type { YingjiFunction } from './function';

/** The workflow steps that text people. */
const TEXTING_STEPS = ['notify-level', 'report-late-to-bureau', 'act-on-scheduled-reports'];

export interface MonitoringProps {
  stageLabel: string;
  alarmEmail: string;
  api: apigw.RestApi;
  escalation: sfn.StateMachine;
  /** The functions people's reports and texts go through, by name. */
  functions: Record<string, YingjiFunction>;
  smsMonthlySpendLimitUsd: number;
}

/** SNS publishes SMS metrics for texts sent straight to a phone number under this dimension. */
const DIRECT_SMS = { PhoneNumber: 'PhoneNumberDirect' };
const FIVE_MINUTES = Duration.minutes(5);
/** Warn the duty desk before SNS stops texting for the rest of the month. */
export const SPEND_WARNING_SHARE = 0.8;

/**
 * What a duty desk must hear about at once, e-mailed to the stage's alarm address, and a dashboard
 * to look at when it does: escalations that failed or timed out (someone may not have been told),
 * texts that did not go out, the spend limit coming close, API errors and throttling, and any
 * function failing.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const prefix = `yingji-${props.stageLabel}`;

    // Alarms may only publish to an encrypted topic whose key lets CloudWatch use it.
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: `Encrypts the ${prefix} alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'AlarmTopic', { displayName: `${prefix} alarms`, masterKey: key, enforceSSL: true });
    this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const notify = new SnsAction(this.topic);

    const alarm = (name: string, metric: cloudwatch.IMetric, description: string, threshold = 1) => {
      const created = new cloudwatch.Alarm(
        this,
        name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
        {
          alarmName: `${prefix}-${name}`,
          alarmDescription: description,
          metric,
          threshold,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          // No data means nothing happened, which for every one of these is good news.
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        },
      );
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      this.alarms.push(created);
      return created;
    };

    const sm = props.escalation;
    const failed = sm.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' });
    const timedOut = sm.metricTimedOut({ period: FIVE_MINUTES, statistic: 'Sum' });
    const throttled = sm.metricThrottled({ period: FIVE_MINUTES, statistic: 'Sum' });
    alarm(
      'escalation-failed',
      failed,
      'An escalation failed: its chain or the bureau report may not have run. Open the execution in Step Functions, find the incident, and tell the school and the bureau by phone.',
    );
    alarm('escalation-timed-out', timedOut, 'An escalation ran out of time (14 days). Check the incident in the table and close or follow it up by hand.');
    alarm('escalation-throttled', throttled, 'Step Functions is throttling escalations: new incidents may start late. Check Step Functions quotas in this region.');

    const smsFailed = new cloudwatch.Metric({ namespace: 'AWS/SNS', metricName: 'NumberOfNotificationsFailed', dimensionsMap: DIRECT_SMS, period: FIVE_MINUTES, statistic: 'Sum' });
    const smsDelivered = new cloudwatch.Metric({
      namespace: 'AWS/SNS',
      metricName: 'NumberOfNotificationsDelivered',
      dimensionsMap: DIRECT_SMS,
      period: FIVE_MINUTES,
      statistic: 'Sum',
    });
    const smsSpend = new cloudwatch.Metric({ namespace: 'AWS/SNS', metricName: 'SMSMonthToDateSpentUSD', period: FIVE_MINUTES, statistic: 'Maximum' });
    alarm(
      'sms-failed',
      smsFailed,
      'SNS failed to deliver a text. The delivery-status log (sns/<region>/<account>/DirectPublishToPhoneNumber/Failure) says why; the incident timeline shows who was skipped.',
    );
    alarm(
      'sms-spend-near-limit',
      smsSpend,
      `SMS spend this month has reached ${SPEND_WARNING_SHARE * 100}% of the ${props.smsMonthlySpendLimitUsd} USD limit; at the limit SNS stops texting. Raise the limit (deployments.yaml and an AWS quota request) now.`,
      SPEND_WARNING_SHARE * props.smsMonthlySpendLimitUsd,
    );

    // A workflow step logs this when the provider would not take some texts: the step retries them
    // until the level's deadline, but someone may be hearing late (docs/delivery.md).
    const textsNotSent = new cloudwatch.Metric({ namespace: 'Yingji', metricName: 'TextsNotSent', period: FIVE_MINUTES, statistic: 'Sum' });
    for (const name of TEXTING_STEPS) {
      const fn = props.functions[name];
      if (!fn) continue;
      new logs.MetricFilter(this, `TextsNotSent${name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}`, {
        logGroup: fn.logGroup,
        metricNamespace: 'Yingji',
        metricName: 'TextsNotSent',
        filterPattern: logs.FilterPattern.stringValue('$.message', '=', TEXTS_NOT_SENT_LOG),
        metricValue: '$.textsFailed',
      });
    }
    alarm(
      'texts-not-sent',
      textsNotSent,
      "Texts of an escalation could not go out (SNS refused or failed): the timeline shows notify-failed with the reason; they are retried until the level's deadline and then go out with the next level. Check SNS (quota, spend limit, outage).",
    );

    const api5xx = props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    const api4xx = props.api.metricClientError({ period: FIVE_MINUTES, statistic: 'Sum' });
    alarm('api-5xx', api5xx, 'The API answered with a server error: a report or an acknowledgement may have failed. Check the access log and the function logs.');

    const functions = Object.entries(props.functions);
    // An alarm's math expression takes at most 10 metrics: one alarm per ten functions.
    const throttleGroups = Array.from({ length: Math.ceil(functions.length / 10) }, (_, group) => functions.slice(group * 10, group * 10 + 10));
    const throttleSums = throttleGroups.map(
      (group, number) =>
        new cloudwatch.MathExpression({
          label: 'Lambda throttles',
          expression: group.map((_, index) => `t${number * 10 + index}`).join(' + '),
          usingMetrics: Object.fromEntries(group.map(([, fn], index) => [`t${number * 10 + index}`, fn.function.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' })])),
          period: FIVE_MINUTES,
        }),
    );
    throttleSums.forEach((throttles, group) =>
      alarm(
        group === 0 ? 'lambda-throttled' : `lambda-throttled-${group + 1}`,
        throttles,
        'Lambda throttled a Yingji function: reports or texts are being delayed. Check the account concurrency in this region.',
      ),
    );
    for (const [name, fn] of functions) {
      alarm(
        `${name}-errors`,
        fn.function.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        `The ${name} function failed. Its log group has the error with the incident id.`,
      );
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: prefix,
      defaultInterval: Duration.days(1),
      widgets: [
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 })],
        [
          new cloudwatch.GraphWidget({
            title: 'Escalations',
            left: [sm.metricStarted({ period: FIVE_MINUTES, statistic: 'Sum' }), sm.metricSucceeded({ period: FIVE_MINUTES, statistic: 'Sum' }), failed, timedOut, throttled],
            width: 8,
          }),
          new cloudwatch.GraphWidget({ title: 'Texts', left: [smsDelivered, smsFailed], right: [smsSpend], width: 8 }),
          new cloudwatch.GraphWidget({
            title: 'API',
            left: [props.api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' }), api4xx, api5xx],
            right: [props.api.metricLatency({ period: FIVE_MINUTES, statistic: 'p90' })],
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Function errors',
            left: functions.map(([name, fn]) => fn.function.metricErrors({ label: name, period: FIVE_MINUTES, statistic: 'Sum' })),
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Function duration (p90)',
            left: functions.map(([name, fn]) => fn.function.metricDuration({ label: name, period: FIVE_MINUTES, statistic: 'p90' })),
            right: throttleSums,
            width: 12,
          }),
        ],
      ],
    });
  }
}
