import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryIncidentStore, MemoryPhoneStore, MemoryPlanCatalog } from '../../../functions/adapters/memory';
import { MemoryDutyStore, MemoryReportStore } from '../../../functions/adapters/memory-reports';
import { ValidationError } from '../../../functions/core/base/errors';
import { randomIds } from '../../../functions/core/base/ids';
import type { Plan } from '../../../functions/core/plan/model';
import { parsePlanFile } from '../../../functions/core/plan/file';
import { zonedInstant } from '../../../functions/core/plan/calendar';
import type { OutgoingSms } from '../../../functions/core/sms/ports';
import { chaseText, reminderText } from '../../../functions/core/sms/report-texts';
import { actOnBatch, openWave, type WaveState } from '../../../functions/core/scheduled-reports/wave';
import { reportSlots, slotOf } from '../../../functions/core/scheduled-reports/slots';
import { rollUp } from '../../../functions/core/scheduled-reports/roll-up';
import { submitByLink, submitScheduledReport } from '../../../functions/core/scheduled-reports/submission';
import type { ScheduledReportDependencies } from '../../../functions/core/scheduled-reports/ports';
import { countSegments } from '../../../functions/core/sms/segments';
import { readPlanFolder } from '../../../lib/local/plans';
import { loadPlan, ROOT } from '../plans/support';

/**
 * The scheduled-report workflow's steps on in-memory stores, in the order
 * statemachines/scheduled-report.asl.json runs them: open the wave, remind, mark late, chase.
 */

const SEEDS = readPlanFolder(join(ROOT, 'plans'));
const seed = (id: string) => SEEDS.find((plan) => plan.id === id)!;
const nightGap = parsePlanFile(readFileSync(join(ROOT, 'test/fixtures/duty/no-night-cover.yaml'), 'utf8'), 'no-night-cover.yaml');
const beijing = (day: string, time: string) => {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return zonedInstant(day, hour, minute, 'Asia/Shanghai');
};

const XIE_YONGYU = '+8613800000104'; // huapu's duty lead on 5 March (24-hour turn)
const YE_YUANXIN = '+8613800000101'; // huapu's group leader
const COLLEGE_DAY_STAFF = '+8613800000309'; // 值班员(丙), the college's day shift on 5 March
const COLLEGE_DUTY_ROOM = '+8613800000303';
const COLLEGE_OFFICE = '+8613800000302';

function world(plans: Plan[], start: Date) {
  let now = start;
  const sent: (OutgoingSms & { at: string })[] = [];
  const incidents = new MemoryIncidentStore();
  const phones = new MemoryPhoneStore();
  const started: string[] = [];
  const deps: ScheduledReportDependencies & { incidents: MemoryIncidentStore; escalations: { start: (input: { incidentId: string }) => Promise<void> } } = {
    plans: new MemoryPlanCatalog(plans),
    reports: new MemoryReportStore(),
    duty: new MemoryDutyStore(),
    sms: { send: async (message) => (sent.push({ ...message, at: now.toISOString() }), { messageId: `m${sent.length}` }) },
    clock: { now: () => now },
    ids: randomIds,
    links: { reportLink: (token) => `https://yj.example.cn/r/${token}` },
    phones,
    incidents,
    escalations: { start: async (input) => void started.push(input.incidentId) },
  };
  /** Runs one phase of the wave for every batch, at the instant the workflow would. */
  const phase = async (wave: WaveState, name: 'remind' | 'due' | 'chase', at: string, step?: number) => {
    now = new Date(at);
    for (const batch of wave.batches) await actOnBatch(deps, { waveId: wave.waveId, batch, phase: name, ...(step && { step }) });
  };
  return { deps, sent, started, phase, phones, setNow: (instant: Date) => (now = instant), textsTo: (phone: string) => sent.filter((text) => text.to === phone) };
}

const fivePm = { slot: slotOf(seed('huapu-primary'), seed('huapu-primary').scheduledReports![0]!), firedAt: beijing('2014-03-05', '16:25').toISOString() };

test('the seed plans need three timetables, not one schedule per school', () => {
  expect(reportSlots(SEEDS).map(({ key, firesAt }) => [key, firesAt])).toEqual([
    ['Asia/Shanghai 03:00 remind 30m chase 0m,30m', '02:25'],
    ['Asia/Shanghai 17:00 remind 30m chase 0m,1h', '16:25'],
    ['Asia/Shanghai 17:00 remind 8h chase 0m,1d', '08:55'],
  ]);
});

test('a wave holds every school due at the instant, in its period, and opening it again changes nothing', async () => {
  const { deps } = world(SEEDS, beijing('2014-03-05', '16:25'));
  const wave = await openWave(deps, fivePm);
  expect(wave).toMatchObject({
    schools: 3, // 花铺小学 and 街道 in 两会, the college always; 淄河中学's inspection keeps another timetable
    batches: [0],
    remindAt: beijing('2014-03-05', '16:30').toISOString(),
    dueAt: beijing('2014-03-05', '17:00').toISOString(),
    chaseTimes: [beijing('2014-03-05', '17:00').toISOString(), beijing('2014-03-05', '18:00').toISOString()],
    chaseCount: 2,
    chasesDone: 0,
  });
  expect(await openWave(deps, fivePm)).toEqual(wave);
  expect(await deps.reports.batch(wave.waveId, 0)).toEqual([
    expect.objectContaining({ planId: 'changping-college', reportId: 'zero-report' }),
    expect.objectContaining({ planId: 'huapu-primary', reportId: 'zero-report' }),
    expect.objectContaining({ planId: 'jiedao-lianghui', reportId: 'dispute-screening' }),
  ]);
  const afterLianghui = await openWave(deps, { ...fivePm, firedAt: beijing('2014-03-20', '16:25').toISOString() });
  expect(afterLianghui.schools).toBe(1);
});

test('a schedule that fires late still opens the day it was meant for', async () => {
  const { deps } = world(SEEDS, beijing('2014-03-05', '17:40'));
  const wave = await openWave(deps, { ...fivePm, firedAt: beijing('2014-03-05', '17:40').toISOString() });
  expect(wave.dueAt).toBe(beijing('2014-03-05', '17:00').toISOString());
});

test('a duty lead who sends 平安 before the due time is marked submitted and nobody is chased; a silent school is reminded, marked late and chased', async () => {
  const plans = [seed('huapu-primary'), seed('changping-college')];
  const { deps, phase, textsTo, setNow, sent } = world(plans, beijing('2014-03-05', '16:25'));
  const wave = await openWave(deps, fivePm);
  await phase(wave, 'remind', wave.remindAt);
  expect(textsTo(XIE_YONGYU)).toHaveLength(1);
  expect(textsTo(XIE_YONGYU)[0]!.body).toMatch(/安全稳定零报告17:00前请报送 https:\/\/yj\.example\.cn\/r\/\S+$/);
  expect(textsTo(COLLEGE_DAY_STAFF)).toHaveLength(1);

  setNow(beijing('2014-03-05', '16:41'));
  const outcome = await submitScheduledReport(deps, { planId: 'huapu-primary', personId: 'xie-yongyu', at: beijing('2014-03-05', '16:41').toISOString(), channel: 'sms' });
  expect(outcome).toMatchObject({ reportId: 'zero-report', date: '2014-03-05', accepted: true, submitted: { personId: 'xie-yongyu', channel: 'sms', late: false } });

  await phase(wave, 'due', wave.dueAt);
  await phase(wave, 'chase', wave.chaseTimes[0]!, 1);
  await phase(wave, 'chase', wave.chaseTimes[1]!, 2);
  expect(textsTo(XIE_YONGYU)).toHaveLength(1);
  expect(textsTo(YE_YUANXIN)).toEqual([]);

  expect(textsTo(COLLEGE_DAY_STAFF).map((text) => text.at)).toEqual([wave.remindAt, wave.chaseTimes[0]]);
  expect(textsTo(COLLEGE_DUTY_ROOM).map((text) => text.at)).toEqual([wave.chaseTimes[0]]);
  const office = textsTo(COLLEGE_OFFICE);
  expect(office.map((text) => text.at)).toEqual([wave.chaseTimes[1]]);
  expect(office[0]!.body).toMatch(/^学院敏感事件日报告\(零报告\)17:00未报 值班:值班员\(丙\) https:/);
  expect(sent.every((text) => countSegments(text.body).segments === 1)).toBe(true);

  const huapuDay = await rollUp(deps, { date: '2014-03-05', type: 'zero-report', bureau: 'yinhai-education-bureau' });
  expect(huapuDay.schools).toEqual([
    expect.objectContaining({
      planId: 'huapu-primary',
      status: 'submitted',
      late: false,
      by: { personId: 'xie-yongyu', name: '谢永玉' },
      channel: 'sms',
      reminded: ['谢永玉'],
      chased: [],
    }),
  ]);
  const all = await rollUp(deps, { date: '2014-03-05', type: 'zero-report' });
  expect(all.counts).toEqual({ submitted: 1, late: 1, missing: 0, pending: 0 });
  expect(all.counts.late).toBe(all.schools.filter((school) => school.late).length);
  expect(all.schools.find((school) => school.planId === 'changping-college')).toMatchObject({ status: 'late', late: true, reminded: ['值班员(丙)'] });
  expect(all.schools.find((school) => school.planId === 'changping-college')!.chased.sort()).toEqual(['值班员(丙)', '敏感事件工作值班室(值班手机)', '领导小组办公室主任'].sort());
});

test('a retried batch texts nobody twice', async () => {
  const { deps, phase, sent } = world([seed('huapu-primary')], beijing('2014-03-05', '16:25'));
  const wave = await openWave(deps, fivePm);
  await phase(wave, 'remind', wave.remindAt);
  await phase(wave, 'remind', wave.remindAt);
  await phase(wave, 'chase', wave.chaseTimes[1]!, 2);
  await phase(wave, 'chase', wave.chaseTimes[1]!, 2);
  expect(sent.map((text) => text.to)).toEqual([XIE_YONGYU, YE_YUANXIN]);
});

test('a duty officer who texted STOP is not reminded; that is recorded, and the chase goes on to the next person', async () => {
  const { deps, phase, sent, phones } = world([seed('huapu-primary')], beijing('2014-03-05', '16:25'));
  await phones.setOptedOut(XIE_YONGYU, true, beijing('2014-03-05', '16:00').toISOString());
  const wave = await openWave(deps, fivePm);
  await phase(wave, 'remind', wave.remindAt);
  expect(sent).toEqual([]);
  const events = await deps.reports.events({ bureau: 'yinhai-education-bureau', kind: 'zero-report', date: '2014-03-05', planId: 'huapu-primary', reportId: 'zero-report' });
  expect(events).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'notify-failed', phone: XIE_YONGYU, reason: expect.stringContaining('STOP') })]));
  await phase(wave, 'chase', wave.chaseTimes[1]!, 2);
  expect(sent.map((text) => text.to)).toEqual([YE_YUANXIN]);
});

test('a reminder due when nobody is on duty is recorded as reaching nobody, and the wave goes on', async () => {
  const evening = { ...nightGap, scheduledReports: [{ ...nightGap.scheduledReports![0]!, schedule: { every: 'day' as const, at: '20:00' } }] };
  const { deps, phase, sent } = world([evening], beijing('2014-03-05', '19:25'));
  const wave = await openWave(deps, { slot: slotOf(evening, evening.scheduledReports[0]!), firedAt: beijing('2014-03-05', '19:25').toISOString() });
  await phase(wave, 'remind', wave.remindAt);
  expect(sent).toEqual([]);
  await phase(wave, 'chase', wave.chaseTimes[0]!, 1);
  expect(sent.map((text) => text.to)).toEqual(['+8613900000101']); // the principal, 1 h late
  const [school] = (await rollUp(deps, { date: '2014-03-05', type: 'zero-report' })).schools;
  expect(school).toMatchObject({ status: 'late', reminded: [], chased: ['张校长'] });
});

describe('which report a submission counts for', () => {
  const huapu = seed('huapu-primary');

  test('the morning after a missed report, 平安 fills yesterday’s (late); once that is in, the next goes to today', async () => {
    const { deps } = world([huapu], beijing('2014-03-06', '09:00'));
    const first = await submitScheduledReport(deps, { planId: huapu.id, personId: 'wang-ying', at: beijing('2014-03-06', '09:00').toISOString(), channel: 'sms' });
    expect(first).toMatchObject({ date: '2014-03-05', submitted: { late: true } });
    const second = await submitScheduledReport(deps, { planId: huapu.id, personId: 'wang-ying', at: beijing('2014-03-06', '09:05').toISOString(), channel: 'sms' });
    expect(second).toMatchObject({ date: '2014-03-06', accepted: true, submitted: { late: false } });
    const again = await submitScheduledReport(deps, { planId: huapu.id, personId: 'wang-ying', at: beijing('2014-03-06', '09:06').toISOString(), channel: 'sms' });
    expect(again).toMatchObject({ date: '2014-03-06', accepted: false, submitted: { at: second.submitted.at } });
  });

  test('the group leader, who is chased for it, may file it; someone with no part in it may not', async () => {
    const { deps } = world([huapu], beijing('2014-03-05', '16:00'));
    await expect(
      submitScheduledReport(deps, { planId: huapu.id, personId: 'ye-yuanxin', at: beijing('2014-03-05', '16:00').toISOString(), channel: 'api' }),
    ).resolves.toMatchObject({
      submitted: { personId: 'ye-yuanxin' },
    });
    const refused = submitScheduledReport(deps, { planId: huapu.id, personId: 'yinhai-bureau-duty', at: beijing('2014-03-05', '16:00').toISOString(), channel: 'api' });
    await expect(refused).rejects.toThrow(ValidationError);
    await expect(refused).rejects.toMatchObject({ fields: { personId: expect.stringContaining('安全稳定零报告') } });
  });

  test('a type names the report; an unknown one says which there are', async () => {
    const { deps } = world([loadPlan('zihe-middle')], beijing('2010-09-30', '10:00'));
    await expect(
      submitScheduledReport(deps, { planId: 'zihe-middle', personId: 'security-lead', type: 'safety-check', at: beijing('2010-09-30', '10:00').toISOString(), channel: 'api' }),
    ).resolves.toMatchObject({ reportId: 'quarterly-safety-check', dueAt: beijing('2010-09-30', '17:00').toISOString() });
    await expect(
      submitScheduledReport(deps, { planId: 'zihe-middle', personId: 'security-lead', type: 'zero-report', at: beijing('2010-09-30', '10:00').toISOString(), channel: 'api' }),
    ).rejects.toMatchObject({ fields: { type: expect.stringContaining('monthly-inspection, quarterly-safety-check') } });
  });
});

test('"有情况" opens an incident through intake, once, and the report counts as in', async () => {
  const huapu = seed('huapu-primary');
  const { deps, started } = world([huapu], beijing('2014-03-05', '16:40'));
  const submission = {
    planId: huapu.id,
    personId: 'xie-yongyu',
    at: beijing('2014-03-05', '16:40').toISOString(),
    channel: 'sms' as const,
    situation: '有情况: 食堂水管漏水，地面湿滑',
  };
  const outcome = await submitScheduledReport(deps, submission);
  expect(outcome.incident).toEqual({ id: expect.any(String), code: expect.any(String) });
  const record = (await deps.incidents.get(outcome.incident!.id))!;
  expect(record.incident).toMatchObject({ planId: huapu.id, description: submission.situation, reporter: { name: '谢永玉', phone: XIE_YONGYU } });
  expect(started).toEqual([outcome.incident!.id]);
  const again = await submitScheduledReport(deps, submission);
  expect(again.incident!.id).toBe(outcome.incident!.id);
  const [school] = (await rollUp(deps, { date: '2014-03-05', type: 'zero-report' })).schools;
  expect(school).toMatchObject({ status: 'submitted', situation: submission.situation, incident: outcome.incident });
});

test('a reminder’s link files the report as its person, for that day', async () => {
  const huapu = seed('huapu-primary');
  const { deps, phase, sent, setNow } = world([huapu], beijing('2014-03-05', '16:25'));
  const wave = await openWave(deps, fivePm);
  await phase(wave, 'remind', wave.remindAt);
  const token = /\/r\/(\S+)$/.exec(sent[0]!.body)![1]!;
  setNow(beijing('2014-03-05', '16:50'));
  await expect(submitByLink(deps, token, {})).resolves.toMatchObject({ date: '2014-03-05', submitted: { personId: 'xie-yongyu', channel: 'web', late: false } });
});

test('a school due that day with no record at all shows as missing once due, pending before', async () => {
  const { deps, setNow } = world([seed('changping-college')], beijing('2014-03-05', '16:00'));
  expect((await rollUp(deps, { date: '2014-03-05', type: 'zero-report' })).schools[0]).toMatchObject({ status: 'pending', late: false });
  setNow(beijing('2014-03-05', '17:30'));
  expect((await rollUp(deps, { date: '2014-03-05', type: 'zero-report' })).schools[0]).toMatchObject({ status: 'missing', late: true });
});

describe('every reminder and chase of every seed plan fits one SMS segment', () => {
  const link = 'https://yj.example.cn/r/Ab3_x-Z9kQ2w';
  const cases = SEEDS.flatMap((plan) =>
    (plan.scheduledReports ?? []).flatMap((report) => ['', '【应急】', '【银海区教育局】'].map((signature) => [plan.id, report.id, signature, plan, report] as const)),
  );
  test.each(cases)('%s %s with signature "%s"', (_, __, signature, plan, report) => {
    const facts = { plan, report, dueAt: '2014-03-05T09:00:00.000Z', link, signature, onDuty: '学校党支部书记、值班负责人(值班手机)' };
    for (const text of [reminderText(facts), chaseText(facts)]) {
      expect(countSegments(text).segments).toBe(1);
      expect(text.endsWith(link)).toBe(true);
      expect(text).toContain('17:00');
    }
  });
});

test('a 17:00 zero report sent at 21:19 is in and late, and the counts say so as the row does', async () => {
  const { deps, phase, setNow } = world(SEEDS, beijing('2014-03-05', '16:25'));
  const wave = await openWave(deps, fivePm);
  await phase(wave, 'due', wave.dueAt);
  setNow(beijing('2014-03-05', '21:19'));
  const outcome = await submitScheduledReport(deps, { planId: 'huapu-primary', personId: 'xie-yongyu', at: beijing('2014-03-05', '21:19').toISOString(), channel: 'web' });
  expect(outcome).toMatchObject({ date: '2014-03-05', submitted: { late: true } });
  const day = await rollUp(deps, { date: '2014-03-05', type: 'zero-report' });
  expect(day.schools.find((school) => school.planId === 'huapu-primary')).toMatchObject({
    status: 'submitted',
    late: true,
    submittedAt: beijing('2014-03-05', '21:19').toISOString(),
  });
  expect(day.counts.late).toBe(day.schools.filter((school) => school.late).length);
  expect(day.counts).toEqual({ submitted: 1, late: 2, missing: 0, pending: 0 });
});
