/**
 * The duty page's marks and counts against the roll-up the domain computes (GET /reports), and the
 * cover/swap form's refusals in Chinese. The page once asked for the zero report only and kept one
 * row per school: a plan-3 school's 3:00 all-clear (报平安) was never marked, late or not.
 */
import { join } from 'node:path';
import { MemoryIncidentStore, MemoryPlanCatalog } from '../../../functions/adapters/memory';
import { MemoryDutyStore, MemoryReportStore } from '../../../functions/adapters/memory-reports';
import { randomIds } from '../../../functions/core/base';
import { consoleSession, type ConsoleDependencies } from '../../../functions/core/incident';
import { zonedInstant } from '../../../functions/core/plan';
import { rollUp, submitScheduledReport, type SubmissionDependencies } from '../../../functions/core/scheduled-reports';
import { PROJECT_ROOT } from '../../../lib/definitions';
import { readPlanFolder } from '../../../lib/local/plans';

const stored = new Map<string, string>();
Object.assign(globalThis, { localStorage: { getItem: (key: string) => stored.get(key) ?? null, setItem: (key: string, value: string) => stored.set(key, value) } });
// @ts-expect-error the console's modules are plain JavaScript, type-checked by web/tsconfig.json
const { dayCounts, kindsSent, rowsOf } = await import('../../../web/assets/duty-reports.js');
// @ts-expect-error as above
const { overrideProblem } = await import('../../../web/assets/duty-form.js');

const SEEDS = readPlanFolder(join(PROJECT_ROOT, 'plans'));
const beijing = (day: string, hour: number, minute: number) => zonedInstant(day, hour, minute, 'Asia/Shanghai');

function world(now: Date) {
  const clock = { now: () => now };
  const deps = {
    plans: new MemoryPlanCatalog(SEEDS),
    reports: new MemoryReportStore(),
    duty: new MemoryDutyStore(),
    incidents: new MemoryIncidentStore(),
    escalations: { start: async () => undefined },
    clock,
    ids: randomIds,
  } as SubmissionDependencies;
  return { deps, setNow: (instant: Date) => (now = instant) };
}

test('every report the roll-up marks late is marked late on the duty page, and the page’s counts are the roll-up’s', async () => {
  const { deps } = world(beijing('2014-03-05', 21, 19));
  // 花铺小学's 17:00 zero report comes in at 21:19; 昌平学院's never does.
  await submitScheduledReport(deps, { planId: 'huapu-primary', personId: 'xie-yongyu', at: beijing('2014-03-05', 21, 19).toISOString(), channel: 'web' });
  const day = await rollUp(deps, { date: '2014-03-05', type: 'zero-report' });
  const rows = day.schools.flatMap((school) => rowsOf([day], '2014-03-05', school.planId));
  expect(rows.map((row: { planId: string; late: boolean }) => [row.planId, row.late])).toEqual(day.schools.map((school) => [school.planId, school.late]));
  expect(rowsOf([day], '2014-03-05', 'huapu-primary')).toEqual([expect.objectContaining({ status: 'submitted', late: true })]);
  expect(rows.filter((row: { late: boolean }) => row.late)).toHaveLength(day.counts.late);
  expect(dayCounts([day], '2014-03-05')).toEqual({ due: day.schools.length, ...day.counts });
  expect(dayCounts([day], '2014-03-04')).toEqual({ due: 0, submitted: 0, late: 0, missing: 0, pending: 0 });
});

test('a school whose daily report is an all-clear (plan 3, 报平安 at 3:00) has it asked for and marked late like a zero report', async () => {
  const { deps } = world(beijing('2014-01-20', 9, 0));
  const bureauDesk = { subject: 'desk', groups: ['bureau:town-central-school', 'bureau:yinhai-education-bureau', 'bureau:changping-education-committee'] };
  const me = await consoleSession(deps as unknown as ConsoleDependencies, bureauDesk);
  expect(kindsSent(me.schools)).toEqual(expect.arrayContaining(['zero-report', 'all-clear']));
  const allClear = await rollUp(deps, { date: '2014-01-20', type: 'all-clear' });
  const zero = await rollUp(deps, { date: '2014-01-20', type: 'zero-report' });
  expect(rowsOf([zero, allClear], '2014-01-20', 'xuegongzuobu')).toEqual([expect.objectContaining({ reportId: 'all-clear', late: true })]);
  expect(dayCounts([zero, allClear], '2014-01-20').late).toBe(zero.counts.late + allClear.counts.late);
});

describe('the cover and swap form says what the API refused, in Chinese', () => {
  beforeEach(() => stored.delete('yingji.lang'));
  test.each([
    [403, { error: { message: 'Only 校长 may change the duty roster of 示例小学.' } }, '您不是值班负责人'],
    [404, { error: { message: 'Plan x has no duty roster (no duty: section).' } }, '没有排班表'],
    [400, { error: { message: 'The override has 1 problem(s): withDate.', fields: { withDate: 'a shift cannot be swapped with itself' } } }, '不能与原班次相同'],
    [400, { error: { message: 'The roster does not run that day.', fields: { date: 'the roster runs only during national-lianghui' } } }, '该日不在排班期内'],
    [500, { error: { message: 'Internal error' } }, '未能保存'],
  ])('%i', (status, body, words) => {
    const { message, details } = overrideProblem({ status, body });
    const text = [message, ...details].join(' ');
    expect(text).toContain(words);
    expect(text).not.toMatch(/[A-Za-z]{3,}/);
  });
});
