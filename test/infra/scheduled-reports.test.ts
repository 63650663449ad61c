import { handoverSlots } from '../../functions/core/duty/roster';
import { reportSlots } from '../../functions/core/scheduled-reports/slots';
import { SCHEDULED_REPORTS } from '../../lib/catalog';
import { readDefinition } from '../../lib/definitions';
import { readStagePlans } from '../../lib/aws/plans';
import { actionsOf, logicalId, render, resourcesOf, stagesFrom, synthesize, type Synthesized } from './support';

/**
 * The scheduled-report workflow and its schedules, for a stage that runs all five seed plans: one
 * EventBridge schedule per timetable (not per school) in the plans' time zone, starting the wave
 * state machine with the slot and the scheduled time; one per shift change invoking
 * record-handover; a Scheduler role that can do exactly that.
 */

const STAGE = stagesFrom(`
stages:
  - name: prod-all
    region: ap-southeast-1
    plans: [huapu-primary.yaml, xuegongzuobu.yaml, changping-college.yaml, zihe-middle.yaml, jiedao-lianghui.yaml]
    sms: { signature: 【银海区教育局】, monthlySpendLimitUsd: 10, china: { senderId: YINGJI, registrationId: registration-0123456789abcdef, templatesCase: "1234567890" } }
    publicBaseUrl: https://yj.example.cn
    alarmEmail: duty@example.org
`);

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize(STAGE);
}, 120_000);

const stage = () => synthesized.stacks['prod-all']!;
const schedules = () => Object.values(resourcesOf(stage().template)).filter((resource) => resource.Type === 'AWS::Scheduler::Schedule');
const plans = () => readStagePlans(STAGE[0]!.plans);

test('one schedule per timetable, at its firing time in the plans’ time zone, starts the wave with its slot and the scheduled time', () => {
  const { stack } = stage();
  const waves = schedules().filter((schedule) => render(schedule.Properties!.Target.Arn) === `<${logicalId(stack.scheduledReports.workflow.stateMachine)}>`);
  const expected = reportSlots(plans());
  expect(expected).toHaveLength(3); // five schools, three timetables
  expect(waves).toHaveLength(expected.length);
  for (const { slot, firesAt } of expected) {
    const [hour, minute] = firesAt.split(':').map(Number);
    const wave = waves.find(
      (candidate) => JSON.parse(candidate.Properties!.Target.Input).slot.at === slot.at && JSON.parse(candidate.Properties!.Target.Input).slot.remindBefore === slot.remindBefore,
    )!;
    expect(wave.Properties).toMatchObject({
      ScheduleExpression: `cron(${minute} ${hour} * * ? *)`,
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
    });
    expect(JSON.parse(wave.Properties!.Target.Input)).toEqual({ slot, firedAt: '<aws.scheduler.scheduled-time>' });
  }
});

test('a schedule per shift change invokes record-handover with the time zone, the local time and the scheduled time', () => {
  const { stack } = stage();
  const handovers = schedules().filter((schedule) => render(schedule.Properties!.Target.Arn) === `<${logicalId(stack.functions['record-handover'].function)}.Arn>`);
  const expected = handoverSlots(plans());
  expect(expected.map(({ time }) => time)).toEqual(['08:00', '20:00']);
  expect(handovers.map((schedule) => JSON.parse(schedule.Properties!.Target.Input)).sort((a, b) => a.time.localeCompare(b.time))).toEqual(
    expected.map(({ timeZone, time }) => ({ timeZone, time, firedAt: '<aws.scheduler.scheduled-time>' })),
  );
  expect(handovers.map((schedule) => schedule.Properties!.ScheduleExpression).sort()).toEqual(['cron(0 20 * * ? *)', 'cron(0 8 * * ? *)']);
});

test('each morning a schedule per time zone of plans with 包案 cases invokes remind-case-visits (plan 5: Asia/Shanghai, 08:30)', () => {
  const { stack } = stage();
  const reminders = schedules().filter((schedule) => render(schedule.Properties!.Target.Arn) === `<${logicalId(stack.functions['remind-case-visits'].function)}.Arn>`);
  expect(reminders.map((schedule) => [schedule.Properties!.ScheduleExpression, schedule.Properties!.ScheduleExpressionTimezone])).toEqual([
    ['cron(30 8 * * ? *)', 'Asia/Shanghai'],
  ]);
  expect(JSON.parse(reminders[0]!.Properties!.Target.Input)).toEqual({ timeZone: 'Asia/Shanghai', firedAt: '<aws.scheduler.scheduled-time>' });
});

test('the Scheduler role may start the wave state machine and invoke record-handover, remind-case-visits and the sweep for stranded incidents, and nothing else', () => {
  const { stack, template } = stage();
  const actions = actionsOf(template, logicalId(stack.scheduledReports.role));
  expect([...actions].sort()).toEqual(['lambda:InvokeFunction', 'states:StartExecution']);
  const statements = Object.values(resourcesOf(template))
    .filter((resource) => resource.Type === 'AWS::IAM::Policy' && JSON.stringify(resource.Properties!.Roles).includes(logicalId(stack.scheduledReports.role)))
    .flatMap((resource) => resource.Properties!.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
  const resources = statements.flatMap((statement) => [statement.Resource].flat().map((resource) => render(resource).replace(/:\*$/, '')));
  expect(new Set(resources)).toEqual(
    new Set([
      `<${logicalId(stack.scheduledReports.workflow.stateMachine)}>`,
      `<${logicalId(stack.functions['record-handover'].function)}.Arn>`,
      `<${logicalId(stack.functions['remind-case-visits'].function)}.Arn>`,
      `<${logicalId(stack.functions['start-stranded-escalations'].function)}.Arn>`,
    ]),
  );
  for (const schedule of schedules()) expect(schedule.Properties!.Target.RoleArn).toEqual({ 'Fn::GetAtt': [logicalId(stack.scheduledReports.role), 'Arn'] });
});

test('the wave state machine invokes exactly its two functions, and each step has less time than its task timeout', () => {
  const { stack, template } = stage();
  const states: { Resource?: string; TimeoutSeconds?: number }[] = [];
  const walk = (node: { States?: Record<string, any> }) => {
    for (const state of Object.values(node.States ?? {})) {
      states.push(state);
      if (state.ItemProcessor) walk(state.ItemProcessor);
    }
  };
  walk(readDefinition(SCHEDULED_REPORTS.file, Object.fromEntries(Object.keys(SCHEDULED_REPORTS.functions).map((key) => [key, key]))));
  for (const [placeholder, name] of Object.entries(SCHEDULED_REPORTS.functions)) {
    const taskTimeouts = states.filter((state) => state.Resource === placeholder).map((state) => state.TimeoutSeconds!);
    expect(taskTimeouts.length).toBeGreaterThan(0);
    const lambdaTimeout = resourcesOf(template)[logicalId(stack.functions[name].function)]!.Properties!.Timeout as number;
    expect(lambdaTimeout).toBeLessThan(Math.min(...taskTimeouts));
  }
  const invoked = new Set<string>();
  for (const resource of Object.values(resourcesOf(template))) {
    if (resource.Type !== 'AWS::IAM::Policy' || !JSON.stringify(resource.Properties!.Roles).includes(logicalId(stack.scheduledReports.workflow.stateMachine.role))) continue;
    for (const statement of resource.Properties!.PolicyDocument.Statement) {
      if ([statement.Action].flat().includes('lambda:InvokeFunction')) for (const arn of [statement.Resource].flat()) invoked.add(render(arn).replace(/:\*$/, ''));
    }
  }
  expect([...invoked].sort()).toEqual(
    Object.values(SCHEDULED_REPORTS.functions)
      .map((name) => `<${logicalId(stack.functions[name].function)}.Arn>`)
      .sort(),
  );
});

test('the wave steps may text (act-on) or not (open), and both may write the table', () => {
  const { stack, template } = stage();
  const can = (name: 'open-scheduled-reports' | 'act-on-scheduled-reports' | 'record-handover', action: string) =>
    actionsOf(template, logicalId(stack.functions[name].role)).has(action);
  expect(can('act-on-scheduled-reports', 'sns:Publish')).toBe(true);
  expect(can('open-scheduled-reports', 'sns:Publish')).toBe(false);
  expect(can('record-handover', 'sns:Publish')).toBe(false);
  for (const name of ['open-scheduled-reports', 'act-on-scheduled-reports', 'record-handover'] as const) expect(can(name, 'dynamodb:PutItem')).toBe(true);
});

test('every schedule is created after its schedule group, which it names only by a string', () => {
  const { stack, template } = stage();
  const group = logicalId(stack.scheduledReports.group);
  const all = Object.values(template.toJSON().Resources as Record<string, { Type: string; DependsOn?: string[]; Properties: { GroupName?: string } }>).filter(
    (resource) => resource.Type === 'AWS::Scheduler::Schedule',
  );
  expect(all.length).toBeGreaterThan(0);
  for (const schedule of all) {
    expect(schedule.Properties.GroupName).toBe(`yingji-prod-all-duty`);
    expect(schedule.DependsOn).toContain(group);
  }
});
