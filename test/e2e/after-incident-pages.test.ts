import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fitsWidth, PHONE, SCREENSHOTS, shoot, watchedPages } from '../support/browser';
import { startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * The written report (书面报告) and the accountability ledger (问责台账) pages in Debian's chromium
 * against the local runtime: the principal edits and submits the report on a phone, the bureau's
 * desk accepts it, the A4 print view is exported by chromium's page.pdf, and the ledger links a
 * close without a report to the timeline. Screenshots under test-output/screenshots.
 */

const PRINCIPAL = '+8613800000101';
const BUREAU = '+8613800000110';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 1 });
}, 60_000);
afterAll(() => runtime?.close());
const { open } = watchedPages(() => runtime);

async function closedFire(): Promise<string> {
  const principal = await runtime.signIn(PRINCIPAL);
  const { body: incident } = await runtime.post('/incidents', {
    planId: 'huapu-primary',
    category: 'fire',
    place: '3号楼',
    description: '三楼冒烟，一名学生轻微呛咳',
    reporter: { name: '李老师' },
  });
  await runtime.post(`/incidents/${incident.id}/actions`, { action: 'close', resolution: '火已扑灭，学生送医观察后返校' }, principal);
  return incident.id;
}

test('书面报告: drafted from the timeline, edited and submitted on a phone, accepted by the bureau, printed to an A4 PDF', async () => {
  const id = await closedFire();
  const page = await open(PHONE, PRINCIPAL);
  await page.goto(`${runtime.url}/incident/${id}/written-report`);
  await page.getByRole('heading', { name: '福成镇花铺小学关于火灾事件的书面报告' }).waitFor();
  expect(await page.getByLabel('三、事件经过').inputValue()).toContain('三楼冒烟');
  expect(await page.getByLabel('六、善后处理').inputValue()).toContain('火已扑灭');
  await page.getByLabel('五、采取的措施').fill('拨打119，疏散三楼学生，校医现场处置');
  await page.getByRole('button', { name: '报送', exact: true }).click();
  await page.getByText('已报送，待上级审阅').waitFor();
  expect(await fitsWidth(page)).toBe(true);
  await shoot(page, 'written-report-submitted');

  const bureau = await open(PHONE, BUREAU);
  await bureau.goto(`${runtime.url}/incident/${id}/written-report`);
  await bureau.getByRole('button', { name: '接收' }).click();
  await bureau.getByText('上级已接收').waitFor();
  await bureau.getByText('报送人：叶远新').waitFor();
  await shoot(bureau, 'written-report-accepted');

  // The print view: A4, without the bar and the buttons, exported by chromium itself.
  await bureau.emulateMedia({ media: 'print' });
  expect(await bureau.locator('header.bar').isVisible()).toBe(false);
  expect(await bureau.getByRole('button', { name: '打印 / 存为 PDF' }).isVisible()).toBe(false);
  const pdf = join(SCREENSHOTS, 'written-report.pdf');
  const bytes = await bureau.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  // A4 is 210 × 297 mm, 595.28 × 841.89 points; chromium writes each page's box into the file.
  const [width, height] = /MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(bytes.toString('latin1'))!.slice(1).map(Number) as [number, number];
  expect(Math.round(width)).toBe(595);
  expect(Math.round(height)).toBe(842);
  expect(statSync(pdf).size).toBeGreaterThan(10_000);
  await bureau.screenshot({ path: join(SCREENSHOTS, 'written-report-print-desktop.png'), fullPage: true });
});

test('问责台账: the bureau sees a close without a report and follows its link to the timeline', async () => {
  const id = await closedFire();
  const page = await open(PHONE, BUREAU);
  await page.goto(`${runtime.url}/accountability-ledger`);
  await page.getByRole('heading', { name: '问责台账' }).waitFor();
  const fact = page.locator(`li[data-kind="closed-without-report"]`).first();
  await fact.waitFor();
  expect(await fact.textContent()).toContain('结案未上报');
  expect(await fitsWidth(page)).toBe(true);
  await shoot(page, 'accountability-ledger');
  await page.locator(`a[href="incident/${id}#event-closed"]`).click();
  await page.waitForURL(`**/incident/${id}#event-closed`);
  await page.locator('li#event-closed[data-type="closed"]').waitFor();
  await page.locator('a[data-link="written-report"]').click();
  await page.getByRole('heading', { name: '福成镇花铺小学关于火灾事件的书面报告' }).waitFor();
});
