import { MemoryIncidentStore, MemoryPlanCatalog, MemoryReportCounters } from '../../functions/adapters/memory';
import { TooManyRequestsError } from '../../functions/core/base/errors';
import { randomIds } from '../../functions/core/base/ids';
import type { IncidentReport } from '../../functions/core/incident/intake';
import { admitReport, counterWindow, REPORT_RATE_LIMITS, retryAfterSeconds, submitWithinLimits } from '../../functions/core/incident/report-limits';
import { seedPlan } from '../support/plans';

/** Reports per phone and per address: five a phone in a window of ten minutes, thirty an address. */

const TEN_MINUTES = 10 * 60;

describe('windows', () => {
  test('a window starts at a multiple of its length: 08:00:00.000 opens one, 07:59:59.999 is the last instant of the one before', () => {
    expect(counterWindow(new Date('2026-03-05T08:00:00.000Z'), TEN_MINUTES)).toEqual({ start: '2026-03-05T08:00:00.000Z', end: '2026-03-05T08:10:00.000Z' });
    expect(counterWindow(new Date('2026-03-05T07:59:59.999Z'), TEN_MINUTES)).toEqual({ start: '2026-03-05T07:50:00.000Z', end: '2026-03-05T08:00:00.000Z' });
    expect(counterWindow(new Date('2026-03-05T08:09:59.999Z'), TEN_MINUTES).start).toBe('2026-03-05T08:00:00.000Z');
  });

  test('Retry-After is the whole seconds to the window end, rounded up, and never 0', () => {
    const window = counterWindow(new Date('2026-03-05T08:00:00.000Z'), TEN_MINUTES);
    expect(retryAfterSeconds(new Date('2026-03-05T08:00:00.000Z'), window)).toBe(600);
    expect(retryAfterSeconds(new Date('2026-03-05T08:07:30.200Z'), window)).toBe(150);
    expect(retryAfterSeconds(new Date('2026-03-05T08:09:59.999Z'), window)).toBe(1);
  });
});

function limiter(start = '2026-03-05T08:03:00.000Z') {
  let now = new Date(start);
  const deps = { reportCounters: new MemoryReportCounters(), clock: { now: () => now } };
  return { deps, at: (instant: string) => (now = new Date(instant)) };
}

describe('admitReport', () => {
  test('the sixth report from a phone within its window is refused until the window ends; the next window admits five again', async () => {
    const { deps, at } = limiter();
    for (let report = 1; report <= 5; report++) expect(await admitReport(deps, { phone: '+8613900000001' })).toEqual({ admitted: true });
    at('2026-03-05T08:09:59.000Z');
    expect(await admitReport(deps, { phone: '+8613900000001' })).toEqual({ admitted: false, limit: 'phone', retryAfterSeconds: 1, firstRefusal: true });
    expect(await admitReport(deps, { phone: '+8613900000001' })).toMatchObject({ admitted: false, firstRefusal: false });
    at('2026-03-05T08:10:00.000Z');
    for (let report = 1; report <= 5; report++) expect(await admitReport(deps, { phone: '+8613900000001' })).toEqual({ admitted: true });
    expect((await admitReport(deps, { phone: '+8613900000001' })).admitted).toBe(false);
  });

  test('another phone has its own count', async () => {
    const { deps } = limiter();
    for (let report = 1; report <= 5; report++) await admitReport(deps, { phone: '+8613900000001' });
    expect(await admitReport(deps, { phone: '+8613900000002' })).toEqual({ admitted: true });
  });

  test('an address over its limit refuses every phone behind it, and a refused report counts against no phone', async () => {
    const { deps: counters } = limiter();
    const deps = { ...counters, reportLimits: { phone: REPORT_RATE_LIMITS.phone, source: { count: 3, perSeconds: TEN_MINUTES } } };
    for (let phone = 1; phone <= 3; phone++) expect((await admitReport(deps, { phone: `+861390000000${phone}`, address: '203.0.113.9' })).admitted).toBe(true);
    expect(await admitReport(deps, { phone: '+8613900000004', address: '203.0.113.9' })).toMatchObject({ admitted: false, limit: 'source' });
    // The refused report gave its phone's count back: that phone still has all five, from other addresses.
    for (let report = 1; report <= 5; report++) expect((await admitReport(deps, { phone: '+8613900000004', address: `198.51.100.${report}` })).admitted).toBe(true);
    expect(await admitReport(deps, { phone: '+8613900000004', address: '198.51.100.6' })).toMatchObject({ admitted: false, limit: 'phone' });
  });

  test('a report with neither phone nor address is not limited here (the WAF and the stage throttle are)', async () => {
    const { deps } = limiter();
    for (let report = 1; report <= 10; report++) expect(await admitReport(deps, {})).toEqual({ admitted: true });
  });
});

const huapu = seedPlan('huapu-primary.yaml');

describe('submitWithinLimits', () => {
  const report: IncidentReport = { planId: 'huapu-primary', category: 'fire', place: '3号楼', description: '冒烟', reporter: { phone: '+8613900000001' } };

  function intake() {
    const { deps: limits } = limiter();
    const deps = {
      ...limits,
      incidents: new MemoryIncidentStore(),
      plans: new MemoryPlanCatalog([huapu]),
      escalations: { start: async () => undefined },
      ids: randomIds,
    };
    return deps;
  }

  test('over the phone limit: a TooManyRequestsError naming reporter.phone with the seconds to wait, and no incident stored', async () => {
    const deps = intake();
    for (let n = 1; n <= 5; n++) await submitWithinLimits(deps, { plan: huapu, report: { ...report, place: `${n}号楼` }, channel: 'web' }, '203.0.113.9');
    const refused = submitWithinLimits(deps, { plan: huapu, report: { ...report, place: '6号楼' }, channel: 'web' }, '203.0.113.9');
    await expect(refused).rejects.toThrow(TooManyRequestsError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 420, fields: { 'reporter.phone': expect.stringContaining('at most 5 reports in 10 minutes') } });
    expect((await deps.incidents.listOpen('huapu-primary')).map((record) => record.incident.place)).toEqual(['1号楼', '2号楼', '3号楼', '4号楼', '5号楼']);
  });

  test('a retry with the Idempotency-Key of an accepted report is neither counted nor refused', async () => {
    const deps = intake();
    const first = await submitWithinLimits(deps, { plan: huapu, report, channel: 'web', idempotencyKey: 'k-1' }, '203.0.113.9');
    for (let retry = 1; retry <= 8; retry++) {
      const again = await submitWithinLimits(deps, { plan: huapu, report, channel: 'web', idempotencyKey: 'k-1' }, '203.0.113.9');
      expect(again).toMatchObject({ created: false, record: { incident: { id: first.record.incident.id } } });
    }
    // Only the first counted: four new reports still go through.
    for (let n = 2; n <= 5; n++) await submitWithinLimits(deps, { plan: huapu, report: { ...report, place: `${n}号楼` }, channel: 'web' }, '203.0.113.9');
    await expect(submitWithinLimits(deps, { plan: huapu, report: { ...report, place: '6号楼' }, channel: 'web' }, '203.0.113.9')).rejects.toThrow(TooManyRequestsError);
  });
});
