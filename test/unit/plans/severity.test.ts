import { MemoryIncidentStore, MemoryPlanCatalog } from '../../../functions/adapters/memory';
import { ValidationError } from '../../../functions/core/base/errors';
import { submitIncident, validateReport } from '../../../functions/core/incident/intake';
import { chainOf } from '../../../functions/core/plan/model';
import { loadPlan, MORNING } from './support';

/** A report may say how grave it is; the chain and its deadlines follow (plan 3: 一般 vs 重大). */

const college = loadPlan('changping-college');
const report = { planId: 'changping-college', category: 'demonstration', place: '操场', description: '学生聚集' };

async function submit(body: Record<string, unknown>) {
  const deps = {
    incidents: new MemoryIncidentStore(),
    plans: new MemoryPlanCatalog([college]),
    escalations: { start: async () => {} },
    clock: { now: () => MORNING },
    ids: { incidentId: () => 'i-1', incidentCode: () => 'ABC234', actionToken: () => 'token-000001' },
  };
  const { record } = await submitIncident(deps, { plan: college, report: validateReport(body, [college]), channel: 'web' });
  return record.incident;
}

const minutes = (iso: string) => (Date.parse(iso) - MORNING.getTime()) / 60_000;

test('a report without a severity is general and runs the general chain', async () => {
  const incident = await submit(report);
  expect(incident.severity).toBe('general');
  expect(minutes(incident.deadlines.report)).toBe(24 * 60);
});

test('a major report runs the major chain: its deadlines are the major chain’s', async () => {
  const incident = await submit({ ...report, severity: 'major' });
  expect(incident.severity).toBe('major');
  expect(minutes(incident.deadlines.report)).toBe(30);
  expect(incident.deadlines.levels).toHaveLength(chainOf(college, 'demonstration', 'major').levels.length);
});

test("a category's own default severity applies when the reporter names none", async () => {
  const incident = await submit({ ...report, category: 'campus-terror' });
  expect(incident.severity).toBe('major');
});

test('an unknown severity is refused with the ones there are', () => {
  expect(() => validateReport({ ...report, severity: 'huge' }, [college])).toThrow(ValidationError);
  try {
    validateReport({ ...report, severity: 'huge' }, [college]);
  } catch (error) {
    expect((error as ValidationError).fields).toEqual({ severity: 'expected one of general, major, especially-major' });
  }
});

test('a plan without severity chains runs its one chain at every severity', () => {
  const huapu = loadPlan('huapu-primary');
  expect(chainOf(huapu, 'fire', 'especially-major')).toBe(chainOf(huapu, 'fire'));
});
