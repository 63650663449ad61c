import { DESKTOP, fitsWidth, PHONE, shoot, watchedPages } from '../support/browser';
import { startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * The 包案, 风险排查 and 值班记录 pages in Debian's chromium against the local runtime, on 5 March
 * 2014 at 10:00 Beijing time (全国两会, plan 1's 24-hour shift is 谢永宇's). Each page is
 * photographed at phone and desktop width under test-output/screenshots; no test may see a 5xx,
 * a console error or an uncaught exception.
 */

const LEADER = '+8613800000502';
const OFFICE = '+8613800000504';
const COMMUNITY_OFFICER = '+8613800000505';
const DEPARTMENT_OFFICER = '+8613800000506';
const ON_DUTY = '+8613800000104';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 1, start: '2014-03-05T10:00:00+08:00' });
}, 60_000);
afterAll(() => runtime?.close());
const { open } = watchedPages(() => runtime);

test('包案: the leader opens a case on a phone, records a visit, and the board shows the open case', async () => {
  const page = await open(PHONE, LEADER);
  await page.goto(`${runtime.url}/petition-cases`);
  await page.getByRole('heading', { name: '新建包案' }).waitFor();
  await page.getByLabel('信访人').fill('王某');
  await page.getByLabel('诉求与情况').fill('拆迁补偿纠纷，多次到区上访');
  await page.getByLabel('包案领导').selectOption({ label: '分管信访稳定工作的领导' });
  await page.getByLabel('责任人').selectOption({ label: '包案小组组长' });
  await page.getByLabel('走访间隔（天）').fill('3');
  await page.getByRole('button', { name: '立案' }).click();
  const card = page.locator('article.case', { hasText: '王某' });
  await card.getByText('每 3 天下访').waitFor();
  expect(await fitsWidth(page)).toBe(true);

  await card.getByText('登记走访').click();
  await card.getByLabel('走访情况').fill('上门走访，情绪稳定');
  await card.getByRole('button', { name: '登记', exact: true }).click();
  await page.locator('article.case', { hasText: '上门走访，情绪稳定' }).waitFor();
  await shoot(page, 'cases');

  await page.goto(`${runtime.url}/`);
  await page.getByRole('link', { name: /包案：1 件在办/ }).waitFor();
  await shoot(page, 'board-with-cases');
});

test('风险排查: officers report a risk and a clear screening; 综治办 sees the roll-up and turns the risk into an incident', async () => {
  const community = await open(PHONE, COMMUNITY_OFFICER);
  await community.goto(`${runtime.url}/screening`);
  await community.getByRole('heading', { name: '报告风险信息 / 今日排查' }).waitFor();
  await community.getByLabel('风险信息（发现的矛盾纠纷、隐患）').fill('阳光小区十余名业主商议集体到街道反映物业问题');
  await community.getByLabel('地点').fill('阳光小区');
  await community.getByRole('button', { name: '报告风险' }).click();
  await community.locator('article.risk', { hasText: '阳光小区十余名业主' }).waitFor();
  expect(await fitsWidth(community)).toBe(true);

  const department = await open(PHONE, DEPARTMENT_OFFICER);
  await department.goto(`${runtime.url}/screening`);
  await department.getByRole('button', { name: '今日排查：无异常' }).click();
  await department.locator('li', { hasText: '机关部门信访稳定信息员' }).getByText('无异常').waitFor();

  const office = await open(DESKTOP, OFFICE);
  await office.goto(`${runtime.url}/screening`);
  const jiedao = office.locator('section[data-plan="jiedao-lianghui"]');
  await jiedao.locator('.chip', { hasText: '无异常' }).getByText('1').waitFor();
  await expect(jiedao.locator('.chip', { hasText: '风险信息' }).locator('b').textContent()).resolves.toBe('1');
  await shoot(office, 'screening');
  const risk = jiedao.locator('article.risk', { hasText: '阳光小区十余名业主' });
  await risk.getByText('转为事件').first().click();
  await risk.getByLabel('事件类别').selectOption({ label: '集体访' });
  await risk.getByRole('button', { name: '转为事件' }).click();
  await office.waitForURL(/\/incident\//);
  await office
    .getByText(/由风险信息 #[A-Z0-9]{6} 转为事件/)
    .first()
    .waitFor();
});

test('值班记录: the duty officer logs an entry and a call on a phone; the shift shows them, and it prints without the bar and the form', async () => {
  const page = await open(PHONE, ON_DUTY);
  await page.goto(`${runtime.url}/duty-record`);
  await page.getByRole('heading', { name: '写值班记录' }).waitFor();
  await page.getByLabel('内容').fill('巡查校园一周，门卫在岗，无异常');
  await page.getByRole('button', { name: '记入' }).click();
  await page.locator('section.shift', { hasText: '巡查校园一周' }).waitFor();
  await page.getByLabel('类型').selectOption({ label: '来电' });
  await page.getByLabel('内容').fill('家长询问明日是否停课，已答复正常上课');
  await page.getByLabel('来电人（来电时填写）').fill('王女士');
  await page.getByRole('button', { name: '记入' }).click();
  const shift = page.locator('section.shift', { hasText: '王女士：家长询问明日是否停课' });
  await shift.getByText('24小时值班').waitFor();
  await shift.getByText(/值班人员：/).waitFor();
  expect(await fitsWidth(page)).toBe(true);
  await shoot(page, 'duty-record');

  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('#bar').isVisible()).toBe(false);
  expect(await page.locator('#write-log').isVisible()).toBe(false);
  expect(await shift.isVisible()).toBe(true);
  await shoot(page, 'duty-record-print');
});

test('the pages switch to English', async () => {
  const page = await open(DESKTOP, LEADER);
  await page.goto(`${runtime.url}/petition-cases`);
  await page.getByRole('heading', { name: '新建包案' }).waitFor();
  await page.locator('#lang-switch').click();
  await page.getByRole('link', { name: 'Screening' }).waitFor();
  await page.getByRole('heading', { name: 'New case' }).waitFor();
  await shoot(page, 'cases-en');
});
