import * as iam from 'aws-cdk-lib/aws-iam';
import { Template } from 'aws-cdk-lib/assertions';
import { STRING_RULES, stringViolations } from './aws-strings';
import { addStages } from '../../lib/aws/app';
import { appForTests, fixtureStages, synthesize, type Synthesized } from './support';

/**
 * Every name, description, tag and policy in every stage's template keeps to the rules AWS
 * documents for it (test/infra/aws-strings.ts cites each); a string that breaks one would pass
 * synth and roll the first deploy back.
 */

let shipped: Synthesized;
beforeAll(() => {
  shipped = synthesize();
}, 120_000);

it.each(['dev', 'prod-gx'])('stage %s has no string AWS would refuse', (stage) => {
  expect(stringViolations(shipped.stacks[stage]!.template)).toEqual([]);
});

it('finds a role description IAM would refuse, and says where and why', () => {
  const [stack] = addStages(appForTests(), fixtureStages().slice(0, 1));
  new iam.Role(stack!, 'Curly', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: 'Puts carriers’ reports on timelines' });
  const problems = stringViolations(Template.fromStack(stack!));
  expect(problems).toEqual([expect.stringMatching(/^Curly\w+\.Description \(AWS::IAM::Role\): characters AWS does not accept: "’" \(https:\/\/docs\.aws\.amazon\.com\/IAM\//)]);
});

it('checks lengths, tags and names too, each rule with the page that states it', () => {
  expect(STRING_RULES.every((rule) => rule.source.startsWith('https://docs.aws.amazon.com/'))).toBe(true);
  const { template } = shipped.stacks.dev!;
  const json = template.toJSON();
  const [alarmId] = Object.entries(json.Resources as Record<string, { Type: string }>).find(([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm')!;
  json.Resources[alarmId].Properties.AlarmName = 'a'.repeat(256);
  json.Resources[alarmId].Properties.Tags = [{ Key: 'school', Value: '华浦小学 <1>' }];
  const problems = stringViolations(Template.fromJSON(json));
  expect(problems).toEqual([
    expect.stringContaining(`${alarmId}.Tags[].Value (AWS::CloudWatch::Alarm): characters AWS does not accept: "<" ">"`),
    expect.stringContaining(`${alarmId}.AlarmName (AWS::CloudWatch::Alarm): 256 characters, over 255`),
  ]);
});
