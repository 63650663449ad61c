import { Match } from 'aws-cdk-lib/assertions';
import { logicalId, render, resourcesOf, stagesFrom, synthesize } from './support';

/** The SMS channel's way back in: the two-way topic and the delivery-status subscription. */

const stage = (twoWay: boolean) =>
  stagesFrom(`
stages:
  - name: dev
    region: ap-southeast-1
    plans: [huapu-primary.yaml]
    sms: { signature: 【应急演练】, monthlySpendLimitUsd: 1, twoWay: ${twoWay}, defaultPlan: huapu-primary }
    alarmEmail: ops@example.org
`);

const built = (twoWay: boolean) => synthesize(stage(twoWay)).stacks.dev!;

it('subscribes the inbound function to an encrypted topic End User Messaging may publish replies to', () => {
  const { stack, template } = built(true);
  const inbound = logicalId(stack.functions['sms-inbound'].function);
  template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': [inbound, 'Arn'] } });
  template.hasResourceProperties('AWS::SNS::TopicPolicy', {
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'sms-voice.amazonaws.com' }, Action: 'sns:Publish' })]) },
  });
});

it('has no inbound topic where the carrier delivers no replies, and texts then carry no reply codes', () => {
  const withoutReplies = built(false);
  const withReplies = built(true);
  const replyCodes = ({ stack, template }: typeof withReplies) =>
    resourcesOf(template)[logicalId(stack.functions['notify-level'].function)]!.Properties!.Environment.Variables.SMS_REPLY_CODES;
  const lambdaSubscriptions = Object.values(resourcesOf(withoutReplies.template)).filter(
    (resource) => resource.Type === 'AWS::SNS::Subscription' && resource.Properties!.Protocol === 'lambda',
  );
  expect(lambdaSubscriptions).toEqual([]);
  expect(replyCodes(withoutReplies)).toBeUndefined();
  expect(replyCodes(withReplies)).toBe('true');
});

it('sends every delivery report from both of SNS’s delivery-status log groups to the function that records it', () => {
  const { stack, template } = built(false);
  const resources = Object.values(resourcesOf(template));
  const filters = resources.filter((resource) => resource.Type === 'AWS::Logs::SubscriptionFilter');
  expect(filters.map((filter) => render(filter.Properties!.DestinationArn))).toEqual(Array(2).fill(`<${logicalId(stack.functions['sms-delivery-status'].function)}.Arn>`));
  const groups = resources
    .filter((resource) => resource.Type === 'AWS::Logs::LogGroup' && resource.Properties!.LogGroupName)
    .map((resource) => render(resource.Properties!.LogGroupName));
  expect(groups).toEqual(
    expect.arrayContaining(['sns/<AWS::Region>/<AWS::AccountId>/DirectPublishToPhoneNumber', 'sns/<AWS::Region>/<AWS::AccountId>/DirectPublishToPhoneNumber/Failure']),
  );
});

it('tells the inbound function which school a text that names none goes to', () => {
  const { stack, template } = built(true);
  const inbound = resourcesOf(template)[logicalId(stack.functions['sms-inbound'].function)]!;
  expect(inbound.Properties!.Environment.Variables.SMS_DEFAULT_PLAN_ID).toBe('huapu-primary');
});
