import { join } from 'node:path';
import { MemoryIncidentStore, MemoryPlanCatalog } from '../../../functions/adapters/memory';
import { MemoryDutyStore, MemoryReportStore } from '../../../functions/adapters/memory-reports';
import { randomIds } from '../../../functions/core/base/ids';
import { zonedInstant } from '../../../functions/core/plan/calendar';
import type { Plan } from '../../../functions/core/plan/model';
import { rollUp, type RollUp } from '../../../functions/core/scheduled-reports/roll-up';
import { submitScheduledReport } from '../../../functions/core/scheduled-reports/submission';
import { actOnBatch, openWave } from '../../../functions/core/scheduled-reports/wave';
import { slotOf } from '../../../functions/core/scheduled-reports/slots';
import type { ScheduledReportDependencies, SubmissionDependencies } from '../../../functions/core/scheduled-reports/ports';
import { readPlanFolder } from '../../../lib/local/plans';
import { ROOT } from '../plans/support';

/**
 * The bureau's roll-up (GET /reports) counts from the plans' index and the day's tally, and lists
 * the rows a page at a time: the counts must stay what the rows say however the reports came in
 * (twice, late, reopened by a retried wave), and the pages must list every school once.
 */

const huapu = readPlanFolder(join(ROOT, 'plans')).find((plan) => plan.id === 'huapu-primary')!;
const BUREAU = 'yinhai-education-bureau';
const beijing = (time: string) => zonedInstant('2014-03-05', Number(time.slice(0, 2)), Number(time.slice(3)), 'Asia/Shanghai');
/** 花铺小学's plan under another name: a bureau of `count` schools keeping the same 17:00 zero report (in 两会). */
const schools = (count: number): Plan[] =>
  Array.from({ length: count }, (_, n) => {
    const id = `school-${String(n + 1).padStart(3, '0')}`;
    return { ...huapu, id, organisation: { ...huapu.organisation, id, name: `第${n + 1}学校` } };
  });

function world(plans: Plan[], start: string) {
  let now = beijing(start);
  const deps = {
    plans: new MemoryPlanCatalog(plans),
    reports: new MemoryReportStore(),
    duty: new MemoryDutyStore(),
    incidents: new MemoryIncidentStore(),
    escalations: { start: async () => undefined },
    sms: { send: async () => ({ messageId: 'm' }) },
    links: { reportLink: (token: string) => `https://yj.example.cn/r/${token}` },
    phones: { optedOutAmong: async () => new Set<string>() },
    clock: { now: () => now },
    ids: randomIds,
  } as SubmissionDependencies & ScheduledReportDependencies;
  const submit = (planId: string, time: string) => submitScheduledReport(deps, { planId, personId: 'xie-yongyu', at: beijing(time).toISOString(), channel: 'sms' });
  const day = (query: { limit?: number; cursor?: string; status?: 'submitted' | 'late' | 'missing' | 'pending' } = {}) =>
    rollUp(deps, { date: '2014-03-05', type: 'zero-report', bureau: BUREAU, ...query } as Parameters<typeof rollUp>[1]);
  return { deps, submit, day, setNow: (time: string) => (now = beijing(time)) };
}

/** What the rows of every page say, counted as the counts are. */
async function countedFromRows(day: (query: { limit: number; cursor?: string }) => Promise<RollUp>) {
  const counts = { submitted: 0, late: 0, missing: 0, pending: 0 };
  let cursor: string | undefined;
  do {
    const page = await day({ limit: 2, ...(cursor && { cursor }) });
    for (const row of page.schools) {
      if (row.status !== 'late') counts[row.status] += 1;
      if (row.late) counts.late += 1;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return counts;
}

test('before anything is opened or sent, every school due is pending, and once due missing: counted from what the plans expect', async () => {
  const { day, setNow } = world(schools(5), '16:00');
  expect(await day({ limit: 0 })).toMatchObject({ due: 5, counts: { submitted: 0, late: 0, missing: 0, pending: 5 }, schools: [] });
  setNow('17:30');
  expect(await day({ limit: 0 })).toMatchObject({ due: 5, counts: { submitted: 0, late: 5, missing: 5, pending: 0 } });
  expect((await day({ status: 'missing' })).schools).toHaveLength(5);
});

test('a submission sent again, by text and by the API, is counted once', async () => {
  const { day, submit, setNow } = world(schools(3), '16:40');
  await submit('school-001', '16:40');
  await submit('school-001', '16:41');
  setNow('17:30');
  const { counts, due } = await day();
  expect({ due, counts }).toEqual({ due: 3, counts: { submitted: 1, late: 2, missing: 2, pending: 0 } });
  expect(await countedFromRows(day)).toEqual(counts);
});

test('a late submission is in and late, in the counts as in its row', async () => {
  const { day, submit } = world(schools(2), '21:19');
  await submit('school-002', '21:19');
  const page = await day();
  expect(page.counts).toEqual({ submitted: 1, late: 2, missing: 1, pending: 0 });
  expect(page.schools.find((row) => row.planId === 'school-002')).toMatchObject({ status: 'submitted', late: true });
  expect(await countedFromRows(day)).toEqual(page.counts);
});

test('a wave whose batch runs again opens each report once: opened and not in is late, not missing', async () => {
  const plans = schools(4);
  const { deps, day, submit, setNow } = world(plans, '16:25');
  const wave = await openWave(deps, { slot: slotOf(plans[0]!, plans[0]!.scheduledReports![0]!), firedAt: beijing('16:25').toISOString() });
  setNow('17:00');
  for (let run = 0; run < 2; run++) for (const batch of wave.batches) await actOnBatch(deps, { waveId: wave.waveId, batch, phase: 'due' });
  await submit('school-003', '17:20');
  setNow('17:30');
  const page = await day();
  expect(page.counts).toEqual({ submitted: 1, late: 4, missing: 0, pending: 0 });
  expect((await day({ status: 'late' })).schools.map((row) => row.planId)).toEqual(['school-001', 'school-002', 'school-004']);
  expect(await countedFromRows(day)).toEqual(page.counts);
});

test('the pages list every school due exactly once, in order, and a status filter pages the same way', async () => {
  const { day, submit, setNow } = world(schools(23), '16:40');
  for (const n of [2, 7, 8, 19]) await submit(`school-${String(n).padStart(3, '0')}`, '16:40');
  setNow('17:30');
  const listed: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await day({ limit: 5, ...(cursor && { cursor }) });
    expect(page.schools.length).toBeLessThanOrEqual(5);
    listed.push(...page.schools.map((row) => row.planId));
    cursor = page.nextCursor;
  } while (cursor);
  expect(listed).toEqual(schools(23).map((plan) => plan.id));

  const submitted: string[] = [];
  cursor = undefined;
  do {
    const page = await day({ limit: 3, status: 'submitted', ...(cursor && { cursor }) });
    submitted.push(...page.schools.map((row) => row.planId));
    cursor = page.nextCursor;
  } while (cursor);
  expect(submitted).toEqual(['school-002', 'school-007', 'school-008', 'school-019']);
});

test('a school that stops owing the report leaves the roll-up; a bureau with nothing due that day lists nobody', async () => {
  const plans = schools(3);
  const { deps, day } = world(plans, '17:30');
  await deps.plans.publish({ ...plans[1]!, version: 'no-zero-report', scheduledReports: [] });
  expect((await day()).schools.map((row) => row.planId)).toEqual(['school-001', 'school-003']);
  const nextYear = await rollUp(deps, { date: '2015-07-01', type: 'zero-report', bureau: BUREAU }); // 两会 is over: nothing due
  expect(nextYear).toMatchObject({ due: 0, schools: [], counts: { submitted: 0, late: 0, missing: 0, pending: 0 } });
});
