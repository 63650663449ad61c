import { Aws, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { SmsSettings } from './deployments';
import type { YingjiFunction } from './function';

export interface SmsSendingProps {
  settings: SmsSettings;
  /** The functions that text (FUNCTION_ACCESS `sendsSms`), named in the policy's reason. */
  senders: readonly string[];
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
}

/** The log groups SNS writes SMS delivery status to (their names are fixed by SNS). */
const deliveryLogGroups = () => `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:sns/${Aws.REGION}/${Aws.ACCOUNT_ID}/DirectPublishToPhoneNumber*`;

/**
 * Texting through SNS: who may send, the region's SMS preferences (type, spend limit, sender ID,
 * delivery-status logging) and the environment the functions read their SMS settings from.
 * SMS preferences belong to the account and region, not to this stack: see docs/operations.md.
 */
export class SmsSending extends Construct {
  /** SMS_* variables for functions that text (read by functions/adapters/aws.ts). */
  readonly environment: Record<string, string>;
  readonly deliveryStatusRole: iam.Role;
  private readonly sendPolicy: iam.Policy;

  constructor(scope: Construct, id: string, props: SmsSendingProps) {
    super(scope, id);
    const { settings } = props;
    this.environment = {
      SMS_TYPE: settings.type,
      ...(settings.senderId ? { SMS_SENDER_ID: settings.senderId } : {}),
      ...(settings.originationNumber ? { SMS_ORIGINATION_NUMBER: settings.originationNumber } : {}),
      ...(settings.signature ? { SMS_SIGNATURE: settings.signature } : {}),
      ...(settings.china ? { SMS_CHINA_SENDER_ID: settings.china.senderId } : {}),
      ...(settings.twoWay ? { SMS_REPLY_CODES: 'true' } : {}),
      ...(settings.defaultPlan ? { SMS_DEFAULT_PLAN_ID: settings.defaultPlan } : {}),
    };

    // A direct SMS publish names no resource, so the Allow is on "*"; the Deny keeps that "*" from
    // reaching any topic or endpoint (every one has an arn:…:sns:… ARN; a phone number has none).
    this.sendPolicy = new iam.Policy(this, 'SendSms', {
      statements: [
        new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }),
        new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['sns:Publish'], resources: [`arn:${Aws.PARTITION}:sns:*:*:*`] }),
      ],
    });
    Validations.of(this.sendPolicy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: `sns:Publish to a phone number has no resource ARN to name, so AWS authorizes a direct SMS publish against Resource "*"; a Deny on arn:<partition>:sns:*:*:* in the same policy stops it reaching any topic. Only the functions that text get this policy: ${props.senders.join(', ')}.`,
    });

    // SNS writes each SMS's delivery status (delivered, failed and why, price, dwell time) here.
    this.deliveryStatusRole = new iam.Role(this, 'DeliveryStatusRole', {
      assumedBy: new iam.ServicePrincipal('sns.amazonaws.com'),
      description: 'Lets SNS log SMS delivery status to CloudWatch Logs (Yingji)',
      inlinePolicies: {
        DeliveryStatusLogs: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:PutMetricFilter', 'logs:PutRetentionPolicy'],
              resources: [deliveryLogGroups(), `${deliveryLogGroups()}:*`],
            }),
          ],
        }),
      },
    });
    Validations.of(this.deliveryStatusRole).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:sns/<AWS::Region>/<AWS::AccountId>/DirectPublishToPhoneNumber*]',
        reason: 'SNS names the delivery-status log groups itself: DirectPublishToPhoneNumber and DirectPublishToPhoneNumber/Failure; the wildcard covers exactly those two.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:sns/<AWS::Region>/<AWS::AccountId>/DirectPublishToPhoneNumber*:*]',
        reason: 'The log streams SNS creates inside those two delivery-status log groups; their names are generated per delivery.',
      },
    );

    const preferencesLogs = new logs.LogGroup(this, 'PreferencesLogs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    const preferencesRole = new iam.Role(this, 'PreferencesRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Sets the SNS SMS preferences of the account and region at deploy time (Yingji)',
    });
    preferencesLogs.grantWrite(preferencesRole);
    const setPreferences: cr.AwsSdkCall = {
      service: 'SNS',
      action: 'SetSMSAttributes',
      parameters: {
        attributes: {
          DefaultSMSType: settings.type,
          MonthlySpendLimit: String(settings.monthlySpendLimitUsd),
          DeliveryStatusIAMRole: this.deliveryStatusRole.roleArn,
          DeliveryStatusSuccessSamplingRate: String(settings.deliverySuccessSamplingPercent),
          ...(settings.senderId ? { DefaultSenderID: settings.senderId } : {}),
        },
      },
      physicalResourceId: cr.PhysicalResourceId.of('sms-preferences'),
    };
    const preferences = new cr.AwsCustomResource(this, 'Preferences', {
      resourceType: 'Custom::SmsPreferences',
      onCreate: setPreferences,
      onUpdate: setPreferences,
      // Nothing on delete: the preferences are the account's; the next stage deployed sets its own.
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['sns:SetSMSAttributes'], resources: ['*'] }),
        new iam.PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [this.deliveryStatusRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'sns.amazonaws.com' } },
        }),
      ]),
      role: preferencesRole,
      logGroup: preferencesLogs,
      installLatestAwsSdk: false,
    });
    Validations.of(preferences).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'sns:SetSMSAttributes sets account-wide SMS preferences and has no resource to name; AWS documents Resource "*" for it.',
    });
  }

  /** Lets a function text phone numbers. */
  grantSend(fn: YingjiFunction): void {
    this.sendPolicy.attachToRole(fn.role);
  }
}
