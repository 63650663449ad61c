import { Match } from 'aws-cdk-lib/assertions';
import { logicalId, render, resourcesOf, stagesFrom, synthesize } from './support';

/**
 * Calls (End User Messaging voice): only the functions that place calls may, only from the
 * stage's origination number, with the voice set for the stage; an alarm fires on failed rounds.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsendusermessagingsmsandvoicev2.html
 */

const NUMBER_ID = 'phone-0123456789abcdef0123456789abcdef';
const stages = (voice: string) =>
  stagesFrom(`
stages:
  - name: prod-voice
    account: "012345678901"
    region: ap-southeast-1
    publicBaseUrl: https://yj.example.cn
    plans: [huapu-primary.yaml]
    sms:
      signature: 【银海区教育局】
      monthlySpendLimitUsd: 200
      china: { senderId: YINGJI, registrationId: registration-0123456789abcdef, templatesCase: "1234567890" }
${voice}
    alarmEmail: yingji-duty@example.org
`);

const { stacks } = synthesize(stages(`    voice: { originationIdentity: ${NUMBER_ID} }`));
const { stack, template } = stacks['prod-voice']!;

test('only the call step, the late report and remind-again may call, from the stage’s number and nothing else', () => {
  const callers = new Set<string>();
  for (const resource of Object.values(resourcesOf(template))) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    for (const statement of resource.Properties!.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]) {
      if (![statement.Action].flat().some((action) => action.startsWith('sms-voice:'))) continue;
      expect(statement.Action).toBe('sms-voice:SendVoiceMessage');
      expect(render(statement.Resource)).toBe(`arn:<AWS::Partition>:sms-voice:ap-southeast-1:012345678901:phone-number/${NUMBER_ID}`);
      for (const role of resource.Properties!.Roles as { Ref: string }[]) callers.add(role.Ref);
    }
  }
  const roleOf = (name: 'call-unconfirmed' | 'report-late-to-bureau' | 'remind-unconfirmed') => logicalId(stack.functions[name].function.role!);
  expect([...callers].sort()).toEqual([roleOf('call-unconfirmed'), roleOf('report-late-to-bureau'), roleOf('remind-unconfirmed')].sort());
});

test('the callers know the number and the voice (Zhiyu, Mandarin, unless the stage says otherwise)', () => {
  template.hasResourceProperties('AWS::Lambda::Function', {
    Description: Match.stringLikeRegexp('^Calls the people at a level'),
    Environment: { Variables: Match.objectLike({ VOICE_ORIGINATION_IDENTITY: NUMBER_ID, VOICE_ID: 'ZHIYU' }) },
  });
  const notifier = resourcesOf(template)[logicalId(stack.functions['notify-level'].function)]!;
  expect(notifier.Properties!.Environment.Variables.VOICE_ID).toBeUndefined();
});

test('a failed round of calls raises an alarm to the duty address', () => {
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: Match.stringLikeRegexp('calls-failed$'),
    AlarmActions: Match.arrayWith([{ Ref: logicalId(stack.monitoring.topic) }]),
  });
});

test('a stage without voice places no calls and may not', () => {
  const { stacks: without } = synthesize(stages(''));
  const text = JSON.stringify(without['prod-voice']!.template.toJSON());
  expect(text).not.toContain('sms-voice:');
  expect(text).not.toContain('VOICE_ORIGINATION_IDENTITY');
});

test('deployments.yaml refuses an origination identity the policy could not name', () => {
  expect(() => stages('    voice: { originationIdentity: "+12065550100" }')).toThrow(/voice\.originationIdentity: an origination identity is a phone number or pool id/);
});
