import { readFileSync } from 'node:fs';
import { MemoryIncidentStore, MemoryPhoneStore, MemoryPlanCatalog } from '../../../functions/adapters/memory';
import { notifyLevel } from '../../../functions/core/escalation/escalation';
import { submitIncident, validateReport } from '../../../functions/core/incident/intake';
import { parsePlanFile } from '../../../functions/core/plan/file';
import { MORNING, planPath } from './support';

/** An incident runs under the plan version it started with, whatever is published after. */
test('a plan edited while an incident runs: the incident keeps its deadlines and its people, the next one gets the new', async () => {
  const text = readFileSync(planPath('huapu-primary'), 'utf8');
  const before = parsePlanFile(text, 'plans/huapu-primary.yaml');
  const after = parsePlanFile(
    text.replace('phone: "+8613800000101"', 'phone: "+8613800000199"').replace('- { notify: [principal], within: 10m }', '- { notify: [principal], within: 5m }'),
    'plans/huapu-primary.yaml',
  );
  expect(after.version).not.toBe(before.version);

  const plans = new MemoryPlanCatalog([before]);
  const incidents = new MemoryIncidentStore();
  const sent: string[] = [];
  let n = 0;
  const ids = { incidentId: () => `incident-${++n}`, incidentCode: () => 'ABC234', actionToken: () => `token-${++n}` };
  const clock = { now: () => MORNING };
  const report = (body: object) => validateReport({ planId: 'huapu-primary', category: 'fire', place: '3号楼', description: '冒烟', ...body }, [before]);
  const deps = { incidents, plans, clock, ids, escalations: { start: async () => {} } };

  const first = (await submitIncident(deps, { plan: (await plans.get('huapu-primary'))!, report: report({}), channel: 'web' })).record.incident;
  await plans.publish(after);
  const second = (await submitIncident(deps, { plan: (await plans.get('huapu-primary'))!, report: report({}), channel: 'web' })).record.incident;

  const escalation = {
    incidents,
    plans,
    clock,
    ids,
    phones: new MemoryPhoneStore(),
    links: { actionLink: (token: string) => `https://yj.example.cn/a/${token}` },
    sms: { send: async ({ to }: { to: string }) => (sent.push(to), { messageId: `m${sent.length}` }) },
  };
  const level1 = await notifyLevel(escalation, { incidentId: first.id, level: 1 });
  await notifyLevel(escalation, { incidentId: second.id, level: 1 });

  expect(first.planVersion).toBe(before.version);
  expect((Date.parse(level1.deadline) - MORNING.getTime()) / 60_000).toBe(10);
  expect((Date.parse(second.deadlines.levels[0]!.at) - MORNING.getTime()) / 60_000).toBe(5);
  expect(sent).toEqual(['+8613800000101', '+8613800000199']);
});
