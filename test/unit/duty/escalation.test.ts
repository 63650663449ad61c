import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkAcknowledgement, notifyLevel } from '../../../functions/core/escalation/escalation';
import { randomIds } from '../../../functions/core/base/ids';
import { parsePlanFile } from '../../../functions/core/plan/file';
import { zonedInstant } from '../../../functions/core/plan/calendar';
import { setOverride } from '../../../functions/core/duty/roster';
import { renderSimulation } from '../../../lib/simulate/render';
import { simulate } from '../../../lib/simulate/simulate';
import { loadPlan, ROOT, textsByMinute } from '../plans/support';
import { world as sharedWorld } from '../../support/world';

/** Chains that name the duty role text whoever is on duty at each notification, and skip a level that reaches nobody. */

const nightGap = parsePlanFile(readFileSync(join(ROOT, 'test/fixtures/duty/no-night-cover.yaml'), 'utf8'), 'no-night-cover.yaml');
const beijing = (day: string, time: string) => {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return zonedInstant(day, hour, minute, 'Asia/Shanghai');
};

function world(start: Date) {
  const shared = sharedWorld({ plans: [nightGap], start, duty: true });
  return { ...shared, duty: shared.duty!, report: () => shared.report('fire') };
}

const PRINCIPAL = '+8613900000101';
const TEACHER_LI = '+8613900000102';
const TEACHER_WANG = '+8613900000103';

test('at night nobody is on duty: level 1 is recorded as skipped and its deadline is now, so the principal is texted at once', async () => {
  const night = beijing('2014-03-05', '22:00');
  const { deps, sent, report, timeline } = world(night);
  const incident = await report();
  const first = await notifyLevel(deps, { incidentId: incident.id, level: 1 });
  expect(first.deadline).toBe(night.toISOString());
  expect(sent).toEqual([]);
  expect((await timeline(incident.id)).find((event) => event.type === 'skipped')).toMatchObject({ level: 1, roles: ['duty-officer'], at: night.toISOString() });

  const check = await checkAcknowledgement(deps, { incidentId: incident.id, level: 1 });
  expect(check).toMatchObject({ outcome: 'escalate', level: 2 });
  await notifyLevel(deps, { incidentId: incident.id, level: 2 });
  expect(sent.map((message) => message.to)).toEqual([PRINCIPAL]);
});

test('by day the duty officer on shift is texted and has the level’s full window', async () => {
  const { deps, sent, report } = world(beijing('2014-03-05', '09:00'));
  const incident = await report();
  const first = await notifyLevel(deps, { incidentId: incident.id, level: 1 });
  expect(sent.map((message) => message.to)).toEqual([TEACHER_LI]);
  expect(first.deadline).toBe(incident.deadlines.levels[0]!.at);
});

test('the duty officer is resolved at each notification: a cover set after the report is who gets the text', async () => {
  const { deps, sent, report, duty } = world(beijing('2014-03-05', '09:00'));
  const incident = await report();
  await setOverride(
    { plans: deps.plans, duty, clock: deps.clock, ids: randomIds },
    nightGap.id,
    {
      kind: 'cover',
      shift: 'day',
      date: '2014-03-05',
      personId: 'teacher-wang',
    },
    'principal',
  );
  await notifyLevel(deps, { incidentId: incident.id, level: 1 });
  expect(sent.map((message) => message.to)).toEqual([TEACHER_WANG]);
});

test('a retried step after the level was texted keeps its deadline even if the duty has since ended', async () => {
  const { deps, report, advanceTo } = world(beijing('2014-03-05', '17:55'));
  const incident = await report();
  await notifyLevel(deps, { incidentId: incident.id, level: 1 });
  advanceTo(beijing('2014-03-05', '18:01'));
  const again = await notifyLevel(deps, { incidentId: incident.id, level: 1 });
  expect(again.deadline).toBe(incident.deadlines.levels[0]!.at);
});

test('the simulator follows the workflow: at night the duty level is skipped and the principal is texted at minute 0', async () => {
  const simulation = await simulate(nightGap, { category: 'fire', start: beijing('2014-03-05', '22:00') });
  expect(simulation.steps.map((step) => step.type).slice(0, 4)).toEqual(['reported', 'skipped', 'escalated', 'texted']);
  expect(textsByMinute(simulation)[0]).toEqual(['principal']);
  expect(renderSimulation(simulation)).toContain('第1级此时无人(无人值班):跳过,立即通知下一级');
});

test('plan 2 in its period: the first level reaches the leader whose turn it is, not the duty phone', async () => {
  const plan = loadPlan('xuegongzuobu');
  const first = await simulate(plan, { category: 'fire', start: beijing('2014-01-10', '09:00') });
  expect(textsByMinute(first)[0]).toEqual(['deputy-leader-a']);
  const next = await simulate(plan, { category: 'fire', start: beijing('2014-01-11', '07:00') });
  expect(textsByMinute(next)[0]).toEqual(['deputy-leader-a']); // before the 08:00 handover
  const after = await simulate(plan, { category: 'fire', start: beijing('2014-01-11', '09:00') });
  expect(textsByMinute(after)[0]).toEqual(['deputy-leader-b']);
});
