import { DESKTOP, fitsWidth, PHONE, shoot, watchedPages } from '../support/browser';
import { eventually, recordedText, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * The web console in a real browser (Debian's chromium through playwright-core) against the local
 * runtime, time sped up 240× (a ten-minute level in 2.5 s). Every page is photographed at phone
 * and desktop width under test-output/screenshots; no test may see a 5xx, a console error or an
 * uncaught exception.
 */

const PRINCIPAL = '+8613800000101';
const ZIHE_STAFF = '+8613800000401';
const YINHAI_BUREAU = '+8613800000110';

const fire = { planId: 'huapu-primary', category: 'fire', place: '3号楼', description: '三楼冒烟，有学生受伤', reporter: { name: '李老师', phone: '+8613900000001' } };

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 240 });
}, 60_000);
afterAll(() => runtime?.close());
const { open, problems } = watchedPages(() => runtime);

const report = async (body: object = fire) => {
  const { status, body: incident } = await runtime.post('/incidents', body);
  expect(status).toBe(201);
  return incident as { id: string; code: string; deadlines: { report: string; levels: { at: string }[] } };
};

test('a witness reports a fire on a 360-px phone and gets the code, the number to call and what happens next', async () => {
  const page = await open(PHONE);
  await page.goto(`${runtime.url}/report/huapu-primary`);
  await page.getByRole('heading', { name: /报告突发事件/ }).waitFor();
  expect(await fitsWidth(page)).toBe(true);
  await shoot(page, 'report-form');

  // Nothing filled in: each required field is marked and the cursor goes to the first.
  await page.getByRole('button', { name: '提交报告' }).click();
  await expect(page.getByLabel('发生了什么类型的事件').getAttribute('aria-invalid')).resolves.toBe('true');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('category');

  await page.getByLabel('发生了什么类型的事件').selectOption({ label: '火灾' });
  await page.getByLabel('地点').fill('3号楼三楼');
  await page.getByLabel('具体情况').fill('三楼冒烟，有学生被困');
  await page.getByLabel('您的手机号（可不填）').fill('13900000002');
  await page.getByRole('button', { name: '提交报告' }).click();

  const code = await page.locator('[data-code]').textContent();
  expect(code).toMatch(/^[A-Z2-9]{6}$/);
  await expect(page.getByRole('link', { name: '请立即拨打 119' }).getAttribute('href')).resolves.toBe('tel:119');
  await page.getByText('学校须在 2 小时 内报告银海区教育局。').waitFor();
  expect(await fitsWidth(page)).toBe(true);
  await shoot(page, 'report-done');

  const principal = await runtime.signIn(PRINCIPAL);
  const { body: board } = await runtime.get('/incidents?open=1', principal);
  const stored = board.incidents.find((incident: { code: string }) => incident.code === code);
  expect(stored).toMatchObject({ place: '3号楼三楼', categoryName: '火灾' });
  const { body: detail } = await runtime.get(`/incidents/${stored.id}`, principal);
  expect(detail.reporter).toEqual({ phone: '+8613900000002' });
});

test('the board shows the chain escalating, level by level, and the late flag, without a reload', async () => {
  const page = await open(DESKTOP);
  // Signing in through the page: the development sign-in, marked as such.
  await page.goto(`${runtime.url}/`);
  await page.waitForURL(/\/sign-in\?next=/);
  await page.getByText('开发登录：仅本地运行时提供').waitFor();
  await shoot(page, 'sign-in');
  await page.getByLabel('手机号码').fill(PRINCIPAL);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(`${runtime.url}/`);

  const incident = await report({ ...fire, category: 'collective-petition', place: '校门口', description: '二十余名家长聚集' });
  const card = page.locator(`[data-incident="${incident.id}"]`);
  await card.waitFor();
  const level = card.locator('[data-field="level"]');
  await level.and(page.locator('[data-level="1"]')).waitFor();
  await card.locator('[data-deadline]').filter({ hasText: /还剩/ }).waitFor();
  await shoot(page, 'board');
  const reloads: string[] = [];
  page.on('framenavigated', (frame) => frame === page.mainFrame() && reloads.push(frame.url()));

  await level.and(page.locator('[data-level="2"]')).waitFor({ timeout: 20_000 });
  await level.and(page.locator('[data-level="3"]')).waitFor({ timeout: 20_000 });
  // A stability event's report is due in 30 minutes: 7.5 s here.
  await card.locator('[data-field="late"]').waitFor({ timeout: 30_000 });
  await expect(card.locator('[data-field="late"]').textContent()).resolves.toBe('缓报');
  await expect(card.locator('.countdown.overdue').count()).resolves.toBeGreaterThan(0);
  expect(reloads).toEqual([]);
  await shoot(page, 'board-late');
});

test('the bureau filters its board by status and searches it, counts per status shown, on a phone', async () => {
  const library = await report({ ...fire, place: '图书馆' + Date.now().toString(36) });
  const gym = await report({ ...fire, place: '体育馆' + Date.now().toString(36) });
  await eventually(() => runtime.textsFor(gym.id).length > 0);
  const principal = await runtime.signIn(PRINCIPAL);
  expect((await runtime.post(`/incidents/${gym.id}/actions`, { action: 'ack' }, principal)).status).toBe(200);

  const page = await open(PHONE, YINHAI_BUREAU);
  await page.goto(`${runtime.url}/`);
  await page.locator(`[data-incident="${library.id}"]`).waitFor();
  const count = (key: string) => page.locator(`[data-count="${key}"]`).textContent().then(Number);
  const { body } = await runtime.get('/incidents?open=1', await runtime.signIn(YINHAI_BUREAU));
  expect(await count('all')).toBe(body.counts.all);
  expect(await count('acknowledged')).toBeGreaterThanOrEqual(1);

  await page.getByRole('button', { name: /^已确认/ }).click();
  await page.locator(`[data-incident="${library.id}"]`).waitFor({ state: 'detached' });
  await page.locator(`[data-incident="${gym.id}"]`).waitFor();
  expect(await page.locator('.incident-card.open').count()).toBe(0);
  await shoot(page, 'board-acknowledged');

  await page.getByRole('button', { name: /^全部/ }).click();
  await page.getByLabel('搜索').fill(library.code);
  await page.locator(`[data-incident="${gym.id}"]`).waitFor({ state: 'detached' });
  await expect(page.locator('.incident-card').count()).resolves.toBe(1);
  await page.locator(`[data-incident="${library.id}"]`).waitFor();
  expect(await fitsWidth(page)).toBe(true);
  await shoot(page, 'board-search');
});

test('the principal acknowledges through the link in a text, opened from the SMS simulator', async () => {
  const incident = await report({ ...fire, place: '食堂' });
  await recordedText(runtime, incident.id, PRINCIPAL);

  const page = await open(PHONE);
  await page.goto(`${runtime.url}/sms?phone=${encodeURIComponent(PRINCIPAL)}`);
  await expect(page.getByRole('tab', { selected: true }).textContent()).resolves.toContain('叶远新');
  // On a slow run the chain reaches level 3, which texts the principal again: either text's link will do.
  const text = page.locator('.inbox li').filter({ hasText: incident.code }).first();
  await text.waitFor();
  await shoot(page, 'sms-simulator');

  await text.locator('a[data-link]').click();
  await page.waitForURL(/\/a\/[A-Za-z0-9_-]+$/);
  await page.getByText(incident.code).waitFor();
  await shoot(page, 'action-link');
  await page.getByRole('button', { name: /收到，我来负责/ }).click();
  await page.getByText('已记录').waitFor();

  const { body: after } = await runtime.get(`/incidents/${incident.id}`, await runtime.signIn(PRINCIPAL));
  expect(after).toMatchObject({ acknowledged: true, acknowledgedBy: { name: '叶远新' } });
});

test('the incident page draws the timeline and records the signed-in person’s note, report and close', async () => {
  const incident = await report({ ...fire, place: '操场' });
  await eventually(() => runtime.textsFor(incident.id).filter((text) => text.to !== PRINCIPAL).length >= 2, 20_000);

  const page = await open(DESKTOP, PRINCIPAL);
  await page.goto(`${runtime.url}/incident/${incident.id}`);
  const picture = page.locator(`svg[data-timeline="${incident.id}"]`);
  await picture.waitFor();
  expect(await picture.locator('[data-mark="notified"]').count()).toBeGreaterThanOrEqual(3);
  await expect(page.locator('[data-events] li[data-type="escalated"]').count()).resolves.toBeGreaterThan(0);

  await page.getByRole('button', { name: '收到，我来负责' }).click();
  await picture.locator('[data-mark="acknowledged"]').waitFor();
  await page.getByLabel('备注').fill('消防已到场');
  await page.getByRole('button', { name: '添加备注' }).click();
  await page.locator('[data-events] li[data-type="note"]').filter({ hasText: '消防已到场' }).waitFor();
  await page.getByRole('button', { name: '已上报教育局' }).click();
  await picture.locator('[data-mark="reported"]').waitFor();
  await shoot(page, 'incident');

  await page.getByLabel('结案说明').fill('明火已扑灭，无人受伤');
  await page.getByRole('button', { name: '结案', exact: true }).click();
  await page.getByText('事件已结案。').waitFor();
  const { body: after } = await runtime.get(`/incidents/${incident.id}`, await runtime.signIn(PRINCIPAL));
  expect(after.status).toBe('closed');
  expect(after.timeline.map((event: { type: string }) => event.type)).toEqual(expect.arrayContaining(['acknowledged', 'note', 'reported-to-bureau', 'closed']));
  const { body: board } = await runtime.get('/incidents?open=1', await runtime.signIn(PRINCIPAL));
  expect(board.incidents.map((open: { id: string }) => open.id)).not.toContain(incident.id);
});

test('the bureau on a school’s petition: received, request the written report and a comment, never the school’s buttons; the chain goes on', async () => {
  const incident = await report({ ...fire, category: 'collective-petition', place: '校门口', description: '几十名家长聚集' });
  await eventually(() => runtime.textsFor(incident.id).some((text) => text.to === YINHAI_BUREAU));
  const page = await open(DESKTOP, YINHAI_BUREAU);
  await page.goto(`${runtime.url}/incident/${incident.id}`);
  await page.locator('#for-information').waitFor();
  const buttons = await page.locator('.actions button').allTextContents();
  expect(buttons).toEqual(['已阅', '要求提交书面报告']);
  for (const school of ['收到，我来负责', '已上报教育局', '结案']) await expect(page.getByRole('button', { name: school, exact: true }).count()).resolves.toBe(0);

  await page.getByRole('button', { name: '已阅' }).click();
  await page.locator('[data-events] li[data-type="received"]').waitFor();
  await page.getByRole('button', { name: '要求提交书面报告' }).click();
  await page.locator('[data-events] li[data-type="written-report-requested"]').waitFor();
  await page.getByLabel('备注').fill('请于今日17时前报送书面材料');
  await page.getByRole('button', { name: '添加备注' }).click();
  await page.locator('[data-events] li[data-type="note"]').waitFor();
  await shoot(page, 'incident-bureau');

  // Nobody at the school acknowledged: the deputies are still texted at ten minutes.
  await eventually(() => runtime.textsFor(incident.id).some((text) => text.to === '+8613800000102'), 20_000);
  const { body: after } = await runtime.get(`/incidents/${incident.id}`, await runtime.signIn(PRINCIPAL));
  expect(after).toMatchObject({ acknowledged: false });
});

test('a school user cannot open another school’s incident: the page and the API both refuse', async () => {
  const incident = await report({ ...fire, place: '实验楼' });
  const page = await open(PHONE, ZIHE_STAFF);
  problems.allow(/status of 403/);
  await page.goto(`${runtime.url}/incident/${incident.id}`);
  const refusal = page.locator('[data-refusal="forbidden"]');
  await refusal.waitFor();
  await expect(refusal.textContent()).resolves.toContain('您无权查看此事件');
  await expect(page.locator('svg[data-timeline]').count()).resolves.toBe(0);
  await shoot(page, 'incident-refused');

  const api = await page.evaluate(async (id) => {
    const response = await fetch(`/incidents/${id}`, { headers: { Authorization: localStorage.getItem('yingji.token') ?? '' } });
    return { status: response.status, body: await response.text() };
  }, incident.id);
  expect(api.status).toBe(403);
  expect(api.body).not.toContain('实验楼');
  const board = await page.evaluate(async () => {
    const response = await fetch('/incidents?open=1', { headers: { Authorization: localStorage.getItem('yingji.token') ?? '' } });
    return (await response.json()) as { incidents: { id: string }[] };
  });
  expect(board.incidents.map((open) => open.id)).not.toContain(incident.id);

  // The bureau the school reports to sees it.
  const bureau = await runtime.get(`/incidents/${incident.id}`, await runtime.signIn(YINHAI_BUREAU));
  expect(bureau.status).toBe(200);
});

test('the duty page shows each visible school’s duty posts, zero report and sensitive periods', async () => {
  const page = await open(DESKTOP, PRINCIPAL);
  await page.goto(`${runtime.url}/duty`);
  const school = page.locator('[data-school="huapu-primary"]');
  await school.waitFor();
  // The roster (now, next, overrides) where the stage has the duty API, else the plan's duty posts.
  const routes: string[] = (await runtime.get('/console.json')).body.routes;
  await expect(school.textContent()).resolves.toContain(routes.includes('GET /duty/{planId}') ? '当前值班' : '值班负责人');
  await expect(page.locator('[data-school]').count()).resolves.toBe(1);
  if (routes.includes('GET /duty/{planId}')) {
    // Plan 1's roster runs only in 两会, which the bureau has not dated this year: no shifts, so no cover form either.
    await expect(school.locator('[data-field="week"]').textContent()).resolves.toContain('本周不排班');
    await expect(school.locator('form[data-form="override"]').count()).resolves.toBe(0);
  }
  await shoot(page, 'duty');
});

test('the console switches to English and back', async () => {
  const page = await open(PHONE);
  await page.goto(`${runtime.url}/report/huapu-primary`);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: /Report an incident/ }).waitFor();
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
  await shoot(page, 'report-form-en');
  await page.getByRole('button', { name: '中文' }).click();
  await page.getByRole('heading', { name: /报告突发事件/ }).waitFor();
});
