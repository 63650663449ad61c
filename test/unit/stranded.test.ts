import { MemoryIncidentStore, MemoryPlanCatalog } from '../../functions/adapters/memory';
import { randomIds } from '../../functions/core/base/ids';
import { startStrandedEscalations, STRANDED_AFTER_MS, submitIncident } from '../../functions/core/incident';
import type { EscalationInput } from '../../functions/core/incident';
import { seedPlan } from '../support/plans';

/** The sweep for stranded incidents on in-memory stores: what it starts, and what it leaves alone. */

const huapu = seedPlan('huapu-primary.yaml');
const report = { planId: 'huapu-primary', category: 'fire', place: '3号楼', description: '冒烟', reporter: {} };

function world() {
  let now = new Date('2026-03-05T08:00:00Z');
  const runs = new Map<string, EscalationInput>();
  let failStarts = false;
  const deps = {
    incidents: new MemoryIncidentStore(),
    plans: new MemoryPlanCatalog([huapu]),
    clock: { now: () => now },
    ids: randomIds,
    escalations: {
      start: async (input: EscalationInput) => {
        if (failStarts) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
        if (!runs.has(input.incidentId)) runs.set(input.incidentId, input);
      },
      started: async (incidentId: string) => runs.has(incidentId),
    },
  };
  return { deps, runs, later: (ms: number) => (now = new Date(now.getTime() + ms)), failing: (fail: boolean) => (failStarts = fail) };
}

test('a report whose escalation could not start is started by the next sweep and recorded on its timeline', async () => {
  const { deps, runs, later, failing } = world();
  failing(true);
  await expect(submitIncident(deps, { plan: huapu, report, channel: 'sms' })).rejects.toThrow('Rate exceeded');
  const [stranded] = await deps.incidents.listAllOpen();
  failing(false);

  // Too young: intake may still be on its way.
  expect((await startStrandedEscalations(deps)).started).toEqual([]);
  later(STRANDED_AFTER_MS);
  expect((await startStrandedEscalations(deps)).started).toEqual([stranded!.incident.id]);
  expect(runs.get(stranded!.incident.id)).toEqual({ incidentId: stranded!.incident.id, reportDeadline: stranded!.incident.deadlines.report });
  const { timeline } = (await deps.incidents.get(stranded!.incident.id))!;
  expect(timeline.map((event) => event.type).sort()).toEqual(['escalation-started', 'reported']);
  expect(timeline.find((event) => event.type === 'reported')).toMatchObject({ channel: 'sms' });

  // Started now: the next sweeps leave it alone.
  later(60_000);
  expect((await startStrandedEscalations(deps)).started).toEqual([]);
});

test('an incident whose escalation started is never touched, whatever its timeline shows yet', async () => {
  const { deps, later } = world();
  const { record } = await submitIncident(deps, { plan: huapu, report, channel: 'web' });
  later(10 * 60_000);
  expect(await startStrandedEscalations(deps)).toEqual({ checked: 1, started: [] });
  expect((await deps.incidents.get(record.incident.id))!.timeline.map((event) => event.type)).toEqual(['reported']);
});
