import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import * as sns from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { YingjiFunction } from './function';

export interface SmsInboundProps {
  /** Handles texts that reach our number (functions/sms-inbound). */
  inbound: YingjiFunction;
  /** Puts carriers' delivery reports on incident timelines (functions/sms-delivery-status). */
  deliveryStatus: YingjiFunction;
  /** Whether End User Messaging delivers replies to this stage's number (not +86 today). */
  twoWay: boolean;
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
}

/**
 * What comes back from the carriers. Replies and reports texted to the stage's number arrive on
 * an SNS topic that End User Messaging publishes two-way SMS to (the number's two-way settings
 * name this topic: docs/operations.md). Delivery reports are the lines SNS writes to its
 * delivery-status log groups; a subscription hands them to the function that records them.
 */
export class SmsInbound extends Construct {
  readonly topic?: sns.Topic;

  constructor(scope: Construct, id: string, props: SmsInboundProps) {
    super(scope, id);
    if (props.twoWay) {
      const key = new kms.Key(this, 'TopicKey', {
        description: 'Encrypts inbound texts on the two-way SMS topic (Yingji)',
        enableKeyRotation: true,
        removalPolicy: props.removalPolicy,
      });
      // End User Messaging encrypts what it publishes with this key.
      key.grant(new iam.ServicePrincipal('sms-voice.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
      this.topic = new sns.Topic(this, 'InboundTexts', { displayName: 'Yingji inbound SMS', masterKey: key, enforceSSL: true });
      this.topic.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('sms-voice.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [this.topic.topicArn],
          conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
        }),
      );
      this.topic.addSubscription(new LambdaSubscription(props.inbound.function));
    }

    // SNS names these groups itself; made here so they can be subscribed to before the first text.
    for (const [name, suffix] of [
      ['Delivered', ''],
      ['Failed', '/Failure'],
    ] as const) {
      const group = new logs.LogGroup(this, `${name}Logs`, {
        logGroupName: `sns/${Aws.REGION}/${Aws.ACCOUNT_ID}/DirectPublishToPhoneNumber${suffix}`,
        retention: props.logRetention,
        removalPolicy: props.removalPolicy,
      });
      group.addSubscriptionFilter(`${name}ToTimeline`, {
        destination: new LambdaDestination(props.deliveryStatus.function),
        filterPattern: logs.FilterPattern.allEvents(),
      });
    }
  }
}
