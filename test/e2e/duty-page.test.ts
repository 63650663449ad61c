import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../lib/definitions';
import { DESKTOP, fitsWidth, PHONE, shoot, watchedPages } from '../support/browser';
import { startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * The duty page (/duty) in Debian's chromium against the local runtime, on 5 March 2014 at 21:19
 * Beijing time, the clock at the wall's pace. Two schools of one bureau whose rosters cover the
 * day only (08:00-18:00), so nobody is on duty now: 示例小学 (test/fixtures/duty) and 东街小学, the
 * same plan under its own names and phones. 示例小学's 17:00 zero report came in at 21:19 (late);
 * 东街小学's never did. Each page is photographed at phone and desktop width; no test may see a
 * 5xx, an unexpected console error or an uncaught exception.
 */

const PRINCIPAL = '+8613900000101'; // 示例小学's duty lead
const TEACHER_LI = '+8613900000102'; // on the day shift of 5 March
const TEACHER_WANG = '+8613900000103'; // on the day shift of 6 March; not a lead
const BUREAU_DESK = '+8613900000109'; // 示例区教育局值班室: sees both schools
const PLAN = 'night-gap-primary';

let runtime: TestRuntime;
let plansDir: string;

beforeAll(async () => {
  plansDir = mkdtempSync(join(tmpdir(), 'yingji-duty-plans-'));
  const fixture = join(PROJECT_ROOT, 'test/fixtures/duty/no-night-cover.yaml');
  copyFileSync(fixture, join(plansDir, 'night-gap-primary.yaml'));
  const east = readFileSync(fixture, 'utf8').replaceAll('night-gap-primary', 'east-gap-primary').replaceAll('示例小学', '东街小学').replaceAll('"+86139000001', '"+86139000002');
  writeFileSync(join(plansDir, 'east-gap-primary.yaml'), east);
  runtime = await startTestRuntime({ speed: 1, plansDir, start: '2014-03-05T21:19:00+08:00' });
  const sent = await runtime.post('/reports', { planId: PLAN }, await runtime.signIn(TEACHER_LI));
  expect(sent).toMatchObject({ status: 201, body: { date: '2014-03-05', submitted: { personId: 'teacher-li', late: true } } });
}, 60_000);
afterAll(async () => {
  await runtime?.close();
  if (plansDir) rmSync(plansDir, { recursive: true, force: true });
});
const { open, problems } = watchedPages(() => runtime);

async function dutyPage(signedInAs: string, viewport: { width: number; height: number }): Promise<Page> {
  const page = await open(viewport, signedInAs);
  await page.goto(`${runtime.url}/duty`);
  return page;
}

test('the duty lead, on a phone, is warned that nobody is on duty tonight, covers tomorrow’s day shift with the form, and the page shows the cover', async () => {
  const page = await dutyPage(PRINCIPAL, PHONE);
  const school = page.locator(`[data-school="${PLAN}"]`);
  await school.locator('[data-field="week"]').waitFor();
  await expect(school.locator('[data-field="nobody-now"]').textContent()).resolves.toContain('现在无人值班（值班人员）');
  await expect(school.locator('[data-field="gaps"] li').first().textContent()).resolves.toMatch(/18:00 至 .*08:00/);
  await school.getByRole('heading', { name: '代班 / 换班' }).waitFor();

  // A shift swapped with itself is refused (400), and the page says why in Chinese.
  problems.allow(/status of 400/);
  await school.getByLabel('类型').selectOption('swap');
  await school.getByLabel('班次').selectOption('day@2014-03-06');
  await school.getByLabel('与哪一班互换').selectOption('day@2014-03-06');
  await school.getByRole('button', { name: '保存' }).click();
  const refusal = school.locator('[data-field="override-problem"]');
  await refusal.getByText('不能与原班次相同').waitFor();
  expect(await refusal.textContent()).toContain('未保存，请修改以下内容：');
  expect(await refusal.textContent()).not.toMatch(/[A-Za-z]{3,}/);

  await school.getByLabel('类型').selectOption('cover');
  await school.getByLabel('代班人').selectOption({ label: '李老师' });
  await school.getByLabel('原因（选填）').fill('王老师外出培训');
  await school.getByRole('button', { name: '保存' }).click();
  const tomorrow = school.locator('[data-shift="day@2014-03-06"]');
  await tomorrow.getByText('已调整').waitFor();
  expect(await tomorrow.textContent()).toContain('李老师');
  expect(await school.locator('[data-field="overrides"]').textContent()).toContain('代班 · 2014-03-06 白班 李老师 · 张校长 · 王老师外出培训');
  await school
    .getByRole('status')
    .getByText(/已保存：代班/)
    .waitFor();
  expect(await fitsWidth(page)).toBe(true);
  await shoot(page, 'duty-lead');

  const roster = await runtime.get(`/duty/${PLAN}?at=${encodeURIComponent('2014-03-06T09:00:00+08:00')}`, await runtime.signIn(PRINCIPAL));
  expect(roster.body.now.people).toEqual([{ personId: 'teacher-li', name: '李老师' }]);
});

test('a teacher who is not a duty lead sees the roster and the warning on a desktop, but no form', async () => {
  const page = await dutyPage(TEACHER_WANG, DESKTOP);
  const school = page.locator(`[data-school="${PLAN}"]`);
  await school.locator('[data-field="week"]').waitFor();
  await school.locator('[data-field="gaps"]').waitFor();
  expect(await page.locator('form[data-form="override"]').count()).toBe(0);
  expect(await page.locator('[data-school]').count()).toBe(1);
  expect(await page.locator('[data-bureau-counts]').count()).toBe(0);
  await shoot(page, 'duty-not-lead');
});

test('the 17:00 zero report in at 21:19 is marked late on the page, as its roll-up row is', async () => {
  const page = await dutyPage(PRINCIPAL, DESKTOP);
  const line = page.locator(`[data-school="${PLAN}"] [data-report="zero-report"]`);
  await line.waitFor();
  const rollUp = await runtime.get('/reports?date=2014-03-05&type=zero-report', await runtime.signIn(PRINCIPAL));
  expect(rollUp.body.schools).toEqual([expect.objectContaining({ planId: PLAN, status: 'submitted', late: true })]);
  expect(await line.getAttribute('data-late')).toBe('true');
  expect(await line.textContent()).toMatch(/已报 21:19 李老师\s*迟报/);
});

test('the bureau’s desk, on a phone, sees both schools and, for each day of the week, the counts per status the roll-up gives', async () => {
  const page = await dutyPage(BUREAU_DESK, PHONE);
  const table = page.locator('[data-bureau-counts]');
  await table.waitFor();
  expect(await fitsWidth(page)).toBe(true);
  expect(await table.locator('.table-scroll').evaluate((box) => box.scrollWidth <= box.clientWidth)).toBe(true);
  expect(await page.locator('[data-school]').count()).toBe(2);
  const desk = await runtime.signIn(BUREAU_DESK);
  for (const date of ['2014-03-05', '2014-03-04', '2014-02-27']) {
    const { body } = await runtime.get(`/reports?date=${date}&type=zero-report`, desk);
    const row = table.locator(`tr[data-date="${date}"]`);
    const shown = Object.fromEntries(
      await Promise.all(['due', 'submitted', 'late', 'missing', 'pending'].map(async (status) => [status, Number(await row.locator(`[data-status="${status}"]`).textContent())])),
    );
    expect(shown).toEqual({ due: body.due, ...body.counts });
  }
  // 示例小学's came in late, 东街小学's never did: both late on the day.
  expect(Number(await table.locator('tr[data-date="2014-03-05"] [data-status="late"]').textContent())).toBe(2);
  expect(await page.locator('[data-school="east-gap-primary"] [data-report="zero-report"]').getAttribute('data-late')).toBe('true');
  await shoot(page, 'duty-bureau');
});
