import { DESKTOP, fitsWidth, PHONE, shoot, watchedPages } from '../support/browser';
import { eventually, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * STOP from someone on a chain, on the local runtime: the texts to the principal and the duty
 * phone, the notice on the board (GET /incidents?open=1 and the board page in Debian's chromium,
 * photographed at phone and desktop width), and START clearing it. Plan 1 outside 两会.
 */

const PRINCIPAL = '+8613800000101';
const DEPUTY = '+8613800000103';
const DUTY_PHONE = '+8613800000108';
const BUREAU = '+8613800000110';
const PARTY_SECRETARY = '+8613800000107';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 1, start: '2026-11-29T10:00:00+08:00' });
}, 60_000);
afterAll(() => runtime?.close());
const { open } = watchedPages(() => runtime);

const board = async (phone: string) => (await runtime.get('/incidents?open=1', await runtime.signIn(phone))).body;
const notices = (phone: string) => runtime.inbox(phone).filter((message) => message.body.includes('退订提醒'));

test('TD from a deputy on the chain: the principal and the duty phone are texted at once, the board shows it to the school and its bureau, START clears it', async () => {
  expect(await runtime.text(PARTY_SECRETARY, 'TD')).toMatchObject({ decision: 'stop' });
  expect(await runtime.text(DEPUTY, 'TD')).toMatchObject({ decision: 'stop', answer: expect.stringContaining('已退订') });
  // Delivered again by the carrier? A second TD without START between tells nobody again.
  await runtime.text(DEPUTY, 'TD');
  for (const phone of [PRINCIPAL, DUTY_PHONE]) {
    const [notice, ...more] = notices(phone);
    expect(more).toEqual([]);
    expect(notice!.body).toContain('赖铭庆已退订，回复START或恢复前收不到任何应急短信');
  }
  expect(runtime.outbox.list().filter((message) => message.body.includes('退订提醒'))).toHaveLength(2);

  for (const viewer of [PRINCIPAL, BUREAU]) {
    expect((await board(viewer)).optedOut).toEqual([
      {
        orgId: 'huapu-primary',
        orgName: '福成镇花铺小学',
        name: '赖铭庆',
        roles: '领导小组副组长、应急处理指挥办公室主任、应急处理领导小组成员、值班负责人',
        at: expect.any(String),
        told: ['叶远新', '值班负责人(值班手机)'],
      },
    ]);
  }
  // Another school's staff see nothing of it.
  expect((await board('+8613800000401')).optedOut).toEqual([]);

  expect(await runtime.text(DEPUTY, 'START')).toMatchObject({ decision: 'start' });
  expect((await board(PRINCIPAL)).optedOut).toEqual([]);
});

test('the board page shows who opted out, on a phone and on a desktop, and drops the notice after START', async () => {
  await runtime.text(DEPUTY, '退订');
  const page = await open(PHONE, PRINCIPAL);
  await page.goto(`${runtime.url}/`);
  const notice = page.locator('#opted-out');
  await notice.getByRole('heading', { name: '已退订应急短信：1 人收不到任何通知' }).waitFor();
  await notice.locator('[data-opted-out="赖铭庆"]').getByText('福成镇花铺小学 · 领导小组副组长、应急处理指挥办公室主任、应急处理领导小组成员、值班负责人 赖铭庆').waitFor();
  expect(await notice.getByText('已短信告知：叶远新、值班负责人(值班手机)').count()).toBe(1);
  expect(await fitsWidth(page)).toBe(true);
  await shoot(page, 'board-opted-out');

  const desk = await open(DESKTOP, BUREAU);
  await desk.goto(`${runtime.url}/`);
  await desk.locator('#opted-out [data-opted-out="赖铭庆"]').waitFor();

  await runtime.text(DEPUTY, '恢复');
  await eventually(async () => (await notice.isHidden()) && (await desk.locator('#opted-out').isHidden()));
});
