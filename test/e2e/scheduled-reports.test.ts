import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLANS_DIR, clockPasses, eventually, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * The daily zero report on the local runtime, time sped up 120× (ten minutes pass in five seconds,
 * room enough for a busy machine to answer before 17:00), the clock starting on 5 March 2014 at
 * 16:20 Beijing time, in 两会, when plan 1's leadership
 * group is on 24-hour duty. Two schools of the same bureau: 花铺小学 (plan 1) and 北街小学, a
 * school with plan 1's text under its own names and phones. Assertions are about who is texted
 * and what is recorded, in the runtime's own time; never about wall-clock durations.
 */

const BUREAU = 'yinhai-education-bureau';
const BUREAU_DESK = '+8613800000110'; // 银海区教育局值班室: signed in, sees every school of the bureau
const HUAPU_DUTY_LEAD = '+8613800000104'; // 谢永玉: 2014-03-05 is the third day of the rota
const HUAPU_GROUP_LEADER = '+8613800000101';
const BEIJIE_DUTY_LEAD = '+8613800000904';
const BEIJIE_GROUP_LEADER = '+8613800000901';
const at = (time: string) => new Date(`2014-03-05T${time}:00+08:00`).toISOString();

let runtime: TestRuntime;
beforeAll(async () => {
  const plansDir = mkdtempSync(join(tmpdir(), 'yingji-plans-'));
  copyFileSync(join(PLANS_DIR, 'huapu-primary.yaml'), join(plansDir, 'huapu-primary.yaml'));
  const beijie = readFileSync(join(PLANS_DIR, 'huapu-primary.yaml'), 'utf8')
    .replaceAll('huapu-primary', 'beijie-primary')
    .replaceAll('花铺小学', '北街小学')
    .replaceAll('"+86138000001', '"+86138000009');
  writeFileSync(join(plansDir, 'beijie-primary.yaml'), beijie);
  runtime = await startTestRuntime({ speed: 120, plansDir, start: at('16:20') });
});
afterAll(() => runtime.close());

const textsTo = (phone: string) => runtime.outbox.list().filter((text) => text.to === phone);

test('the duty lead who texts 平安 before 17:00 is marked submitted and nobody is chased; the silent school is reminded, its group leader texted at 18:00, and the roll-up shows it late', async () => {
  // 16:30: both duty leads (whoever is on the rota today) are reminded, each with a link of their own.
  const reminder = await eventually(() => textsTo(HUAPU_DUTY_LEAD)[0]);
  expect(reminder.at >= at('16:30')).toBe(true);
  expect(reminder.body).toMatch(/安全稳定零报告17:00前请报送 http:\/\/\S+\/r\/\S+$/);
  await eventually(() => textsTo(BEIJIE_DUTY_LEAD)[0]);

  // 花铺小学's duty lead replies 平安 by text before the due time, and is told it is in.
  const reply = await runtime.text(HUAPU_DUTY_LEAD, '平安');
  expect(reply).toMatchObject({ decision: 'all-clear', answer: expect.stringContaining('平安报告') });

  // 18:00: the chase has run its course.
  await clockPasses(runtime, at('18:01'));
  const beijieLeader = await eventually(() => textsTo(BEIJIE_GROUP_LEADER)[0], 30_000);
  expect(beijieLeader.at >= at('18:00')).toBe(true);
  expect(beijieLeader.body).toContain('17:00未报');
  expect(textsTo(BEIJIE_DUTY_LEAD).map((text) => text.at >= at('17:00'))).toEqual([false, true]); // reminded, then chased at the due time

  expect(textsTo(HUAPU_DUTY_LEAD).map((text) => text.body)).toEqual([reminder.body, reply.answer]); // the reminder and the answer to 平安, no chase
  expect(textsTo(HUAPU_GROUP_LEADER)).toEqual([]);

  const rollUp = await runtime.get(`/reports?date=2014-03-05&type=zero-report&bureau=${BUREAU}`, await runtime.signIn(BUREAU_DESK));
  expect(rollUp.status).toBe(200);
  expect(rollUp.body.counts).toEqual({ submitted: 1, late: 1, missing: 0, pending: 0 });
  const bySchool = Object.fromEntries(rollUp.body.schools.map((school: { planId: string }) => [school.planId, school]));
  expect(bySchool['huapu-primary']).toMatchObject({ status: 'submitted', late: false, by: { personId: 'xie-yongyu', name: '谢永玉' }, channel: 'sms', chased: [] });
  expect(bySchool['huapu-primary'].submittedAt < at('17:00')).toBe(true);
  expect(bySchool['beijie-primary']).toMatchObject({ status: 'late', late: true, reminded: ['谢永玉'], chased: expect.arrayContaining(['叶远新', '谢永玉']) });
}, 180_000);

test('the reminder’s link sends the report as its person, late now, and says so', async () => {
  const link = new URL(/http\S+\/r\/\S+$/.exec(textsTo(BEIJIE_DUTY_LEAD)[0]!.body)![0]).pathname;
  const page = await runtime.get(link);
  expect(page.status).toBe(200);
  expect(page.text).toContain('安全稳定零报告');
  expect(page.text).toContain('未报送');
  const sent = await runtime.post(link, {});
  expect(sent.status).toBe(201);
  expect(sent.body.submitted).toMatchObject({ personId: 'xie-yongyu', channel: 'web', late: true });
  const rollUp = await runtime.get(`/reports?date=2014-03-05&type=zero-report`, await runtime.signIn(BUREAU_DESK));
  expect(rollUp.body.schools.find((school: { planId: string }) => school.planId === 'beijie-primary')).toMatchObject({ status: 'submitted', late: true });
});

test('a school sees only itself in the roll-up; a query it cannot answer is a 400 naming the fields; signed out, nothing', async () => {
  const school = await runtime.get('/reports?date=2014-03-05&type=zero-report', await runtime.signIn(HUAPU_GROUP_LEADER));
  expect(school.body.schools.map((entry: { planId: string }) => entry.planId)).toEqual(['huapu-primary']);
  const refused = await runtime.get('/reports?date=5-3-2014&type=zero', await runtime.signIn(BUREAU_DESK));
  expect(refused.status).toBe(400);
  expect(Object.keys(refused.body.error.fields).sort()).toEqual(['date', 'type']);
  // Through the API, signed in: today's is in, so the group leader's counts for tomorrow's; the bureau's desk neither sends nor is chased for it.
  const early = await runtime.post('/reports', { planId: 'huapu-primary' }, await runtime.signIn(HUAPU_GROUP_LEADER));
  expect(early).toMatchObject({ status: 201, body: { date: '2014-03-06', accepted: true, submitted: { personId: 'ye-yuanxin', channel: 'api', late: false } } });
  expect((await runtime.post('/reports', { planId: 'huapu-primary' }, await runtime.signIn(BUREAU_DESK))).status).toBe(400);
  expect((await runtime.get('/reports?date=2014-03-05&type=zero-report')).status).toBe(401);
  expect((await runtime.get('/r/AAAAAAAAAAAA')).status).toBe(404);
});

test('the bureau’s desk gets the counts over every school at once and the rows a page at a time, each school on one page, or only those of a status', async () => {
  const desk = await runtime.signIn(BUREAU_DESK);
  const counts = await runtime.get(`/reports?date=2014-03-05&type=zero-report&bureau=${BUREAU}&limit=0`, desk);
  expect(counts.body).toMatchObject({ due: 2, counts: { submitted: 2, late: 1, missing: 0, pending: 0 }, schools: [] });
  expect(counts.body.nextCursor).toBeUndefined();

  const first = await runtime.get(`/reports?date=2014-03-05&type=zero-report&bureau=${BUREAU}&limit=1`, desk);
  expect(first.body.schools).toHaveLength(1);
  expect(first.body.counts).toEqual(counts.body.counts);
  const second = await runtime.get(`/reports?date=2014-03-05&type=zero-report&bureau=${BUREAU}&limit=1&cursor=${first.body.nextCursor}`, desk);
  const rest = second.body.nextCursor
    ? (await runtime.get(`/reports?date=2014-03-05&type=zero-report&bureau=${BUREAU}&limit=1&cursor=${second.body.nextCursor}`, desk)).body.schools
    : [];
  expect([...first.body.schools, ...second.body.schools, ...rest].map((row: { planId: string }) => row.planId)).toEqual(['beijie-primary', 'huapu-primary']);

  const late = await runtime.get(`/reports?date=2014-03-05&type=zero-report&bureau=${BUREAU}&status=submitted`, desk);
  expect(late.body.schools.map((row: { planId: string; late: boolean }) => [row.planId, row.late])).toEqual([
    ['beijie-primary', true],
    ['huapu-primary', false],
  ]);
  expect((await runtime.get(`/reports?date=2014-03-05&type=zero-report&bureau=${BUREAU}&status=missing`, desk)).body.schools).toEqual([]);

  const refused = await runtime.get(`/reports?date=2014-03-05&type=zero-report&limit=-1&status=lost&cursor=nonsense`, desk);
  expect(refused.status).toBe(400);
  expect(Object.keys(refused.body.error.fields).sort()).toEqual(['cursor', 'limit', 'status']);
});
