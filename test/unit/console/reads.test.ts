import { MemoryIncidentStore, MemoryPhoneStore, MemoryPlanCatalog } from '../../../functions/adapters/memory';
import { ValidationError } from '../../../functions/core/base/errors';
import { randomIds } from '../../../functions/core/base/ids';
import { consoleSession, incidentFor, openIncidentsFor, submitIncident, validateSessionQuery } from '../../../functions/core/incident';
import type { Caller, PlanCatalog } from '../../../functions/core/plan';
import { seedPlan } from '../../support/plans';

/**
 * What the board's path and the incident page read of the plans: a bureau's desk sees thousands of
 * schools, so neither may read the stage's every plan (issue 16: the board took 16.9 s because
 * `GET /me` did). A catalog that counts its reads tells.
 */

const plans = ['huapu-primary.yaml', 'zihe-middle.yaml', 'xuegongzuobu.yaml', 'changping-college.yaml', 'jiedao-lianghui.yaml'].map(seedPlan);
const BUREAU: Caller = { subject: 'desk', phone: '+8613800000110', name: '区教育局值班室', groups: ['bureau:yinhai-education-bureau'] };

function world() {
  const catalog = new MemoryPlanCatalog(plans);
  const reads = { list: 0, get: 0 };
  const counted: PlanCatalog = {
    list: () => (reads.list++, catalog.list()),
    get: (planId, version) => (reads.get++, catalog.get(planId, version)),
    versions: (refs) => catalog.versions(refs),
    publish: (plan) => catalog.publish(plan),
    bureaus: () => catalog.bureaus(),
    timetables: (bureau, kind) => catalog.timetables(bureau, kind),
    expectedSchools: (bureau, kind, page) => catalog.expectedSchools(bureau, kind, page),
  };
  const deps = {
    incidents: new MemoryIncidentStore(),
    plans: counted,
    phones: new MemoryPhoneStore(),
    clock: { now: () => new Date('2026-03-05T08:00:00Z') },
    ids: randomIds,
    escalations: { start: async () => undefined },
    writtenReports: { start: async () => undefined },
  };
  return { deps, reads };
}

it('GET /me?schools=0 says who the caller is from the sign-in alone, reading no plan; the default still lists the schools', async () => {
  const { deps, reads } = world();
  const bare = await consoleSession(deps, BUREAU, validateSessionQuery({ schools: '0' }));
  expect(bare).toMatchObject({ name: '区教育局值班室', phone: '+8613800000110', groups: ['bureau:yinhai-education-bureau'] });
  expect(bare).not.toHaveProperty('schools');
  expect(reads).toEqual({ list: 0, get: 0 });
  const full = await consoleSession(deps, BUREAU, validateSessionQuery({}));
  expect(full.schools!.map((school) => school.orgId)).toEqual(['huapu-primary']);
});

it.each([
  [{ schools: 'no' }, 'schools'],
  [{ school: '0' }, 'school'],
])('refuses a /me query it does not know (%j), naming the parameter', (query, field) => {
  expect(() => validateSessionQuery(query)).toThrow(ValidationError);
  try {
    validateSessionQuery(query);
  } catch (error) {
    expect(Object.keys((error as ValidationError).fields)).toEqual([field]);
  }
});

it('the board and the incident page read the incident’s plan at most, never the list of every plan', async () => {
  const { deps, reads } = world();
  const { record } = await submitIncident(deps, {
    plan: (await deps.plans.get('huapu-primary'))!,
    report: { planId: 'huapu-primary', category: 'fire', place: '3号楼', description: '冒烟', reporter: {} },
    channel: 'web',
  });
  reads.list = 0;
  reads.get = 0;
  expect((await openIncidentsFor(deps, BUREAU)).incidents.map((row) => row.id)).toEqual([record.incident.id]);
  expect((await incidentFor(deps, record.incident.id, BUREAU)).orgName).toBe('福成镇花铺小学');
  expect(reads.list).toBe(0);
  expect(reads.get).toBeLessThanOrEqual(1);
});
