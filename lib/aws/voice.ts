import { Arn, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { VoiceSettings } from './deployments';
import type { YingjiFunction } from './function';

export interface VoiceCallsProps {
  settings: VoiceSettings;
  /** The functions that place calls (FUNCTION_ACCESS `placesCalls`). */
  callers: YingjiFunction[];
}

/**
 * Calls through End User Messaging voice (SendVoiceMessage): the callers may place calls from the
 * stage's one origination number or pool and nothing else, and know which voice reads them. An
 * alarm fires when a round of calls fails (the workflow carries on with the texts).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsendusermessagingsmsandvoicev2.html
 */
export class VoiceCalls extends Construct {
  readonly failures: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: VoiceCallsProps) {
    super(scope, id);
    const { originationIdentity, voiceId } = props.settings;
    const resource = originationIdentity.startsWith('arn:')
      ? originationIdentity
      : Arn.format(
          {
            service: 'sms-voice',
            resource: originationIdentity.startsWith('pool-') ? 'pool' : 'phone-number',
            resourceName: originationIdentity,
          },
          Stack.of(this),
        );
    for (const caller of props.callers) {
      caller.function.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['sms-voice:SendVoiceMessage'],
          resources: [resource],
        }),
      );
      caller.function.addEnvironment('VOICE_ORIGINATION_IDENTITY', originationIdentity);
      caller.function.addEnvironment('VOICE_ID', voiceId);
    }
    const errors = new cloudwatch.MathExpression({
      expression: props.callers.map((_, index) => `e${index}`).join(' + '),
      usingMetrics: Object.fromEntries(
        props.callers.map((caller, index) => [
          `e${index}`,
          caller.function.metricErrors({
            period: Duration.minutes(5),
            statistic: 'Sum',
          }),
        ]),
      ),
      period: Duration.minutes(5),
      label: 'Call steps failed',
    });
    this.failures = new cloudwatch.Alarm(this, 'CallsFailed', {
      alarmName: `${Stack.of(this).stackName}-calls-failed`,
      alarmDescription:
        'A round of calls failed after its retries: someone who had not confirmed a text may not have been called. The incident timeline shows who was called; call the rest by hand and check End User Messaging voice (sandbox, spend limit, origination number).',
      metric: errors,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
