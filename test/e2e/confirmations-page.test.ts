import type { Page } from 'playwright-core';
import { DESKTOP, fitsWidth, PHONE, shoot, watchedPages } from '../support/browser';
import { clockPasses, eventually, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * The confirmation board and "remind again" (再次提醒) on the incident page, in Debian's chromium,
 * at phone and desktop size (screenshots in test-output/screenshots/): who was texted, delivered,
 * called and confirmed, the button for the chain's people and not for the bureau's desk, and, for
 * issue 16's "Done when", an unanswered fire's board showing the principal and the bureau's
 * landline called.
 */

const PRINCIPAL = '+8613800000101';
const BUREAU = '+8613800000110';
const fire = { planId: 'huapu-primary', category: 'fire', place: '3号楼', description: '三楼冒烟', reporter: {} };

/** Each describe's runtime, started and closed by it. */
let runtime: TestRuntime;
const { open } = watchedPages(() => runtime);
const row = (page: Page, personId: string) => page.locator(`[data-confirmations] tr[data-person="${personId}"]`);

describe('at the wall clock’s pace', () => {
  beforeAll(async () => {
    runtime = await startTestRuntime({ speed: 1 });
  });
  afterAll(() => runtime?.close());

  test('the board shows the principal texted and delivered, not yet confirmed; remind again texts them once, then waits five minutes; the bureau’s desk has no button', async () => {
    const { body: incident } = await runtime.post('/incidents', fire);
    await eventually(async () => (await runtime.record(incident.id))!.timeline.some((event) => event.type === 'delivered' && event.personId === 'ye-yuanxin'));

    const page = await open(PHONE, PRINCIPAL);
    await page.goto(`${runtime.url}/incident/${incident.id}`);
    const principal = row(page, 'ye-yuanxin');
    await principal.locator('[data-field="texted"] time').waitFor();
    await principal.locator('[data-field="delivered"] time').waitFor();
    expect(await principal.locator('[data-field="confirmed"]').getAttribute('data-kind')).toBe('pending');
    expect(await row(page, 'yinhai-bureau-duty').count()).toBe(1);

    await page.getByRole('button', { name: '再次提醒' }).click();
    await page.locator('#remind-result').getByText('已再次提醒：叶远新').waitFor();
    await principal.locator('[data-field="reminded"]').waitFor();
    expect(await page.getByRole('button', { name: '再次提醒' }).isDisabled()).toBe(true);
    await page
      .locator('[data-field="remind-wait"]')
      .getByText(/后可再次提醒$/)
      .waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await shoot(page, 'incident-confirmations-reminded');
    const reminders = runtime.inbox(PRINCIPAL).filter((text) => text.incidentId === incident.id && text.body.startsWith('再次提醒'));
    expect(reminders).toHaveLength(1);
    expect((await runtime.record(incident.id))!.timeline.filter((event) => event.type === 'reminded')).toEqual([
      expect.objectContaining({ round: 1, personId: 'ye-yuanxin', to: [{ personId: 'ye-yuanxin', name: '叶远新' }] }),
    ]);

    // Acknowledged: the row says so, with the time.
    expect((await runtime.post(`/incidents/${incident.id}/actions`, { action: 'ack' }, await runtime.signIn(PRINCIPAL))).status).toBe(200);
    await principal.locator('[data-field="confirmed"][data-kind="acknowledged"] time').waitFor();
    expect(await principal.locator('[data-field="confirmed"]').textContent()).toMatch(/^已确认 \d\d:\d\d$/);

    const desk = await open(DESKTOP, BUREAU);
    await desk.goto(`${runtime.url}/incident/${incident.id}`);
    await row(desk, 'ye-yuanxin').locator('[data-field="confirmed"][data-kind="acknowledged"]').waitFor();
    expect(await desk.getByRole('button', { name: '再次提醒' }).count()).toBe(0);
    await shoot(desk, 'incident-confirmations-bureau');
  });
});

describe('an unanswered fire at 240× (issue 16, Done when)', () => {
  beforeAll(async () => {
    runtime = await startTestRuntime({ speed: 240 });
  });
  afterAll(() => runtime?.close());

  test('the board shows the principal called before the 10-minute deadline and the bureau’s landline called at the report deadline', async () => {
    const { body: incident } = await runtime.post('/incidents', fire);
    await clockPasses(runtime, incident.deadlines.report);
    const called = await eventually(async () => {
      const events = (await runtime.record(incident.id))!.timeline.filter((event) => event.type === 'called');
      return events.some((event) => event.personId === 'yinhai-bureau-duty') && events;
    });
    const principalCall = called.find((event) => event.personId === 'ye-yuanxin')!;
    expect(principalCall.at < incident.deadlines.levels[0].at).toBe(true);

    const page = await open(DESKTOP, BUREAU);
    await page.goto(`${runtime.url}/incident/${incident.id}`);
    await row(page, 'ye-yuanxin').locator('[data-field="called"] time').waitFor();
    await row(page, 'yinhai-bureau-duty').locator('[data-field="called"] time').waitFor();
    expect(await row(page, 'ye-yuanxin').locator('[data-field="confirmed"]').getAttribute('data-kind')).toBe('pending');
    await page
      .locator('[data-events] li[data-type="called"]')
      .first()
      .getByText(/^语音呼叫 /)
      .waitFor();
    await shoot(page, 'incident-confirmations-called');
  });

  test('the SMS simulator shows each call as a ringing phone with what the voice reads out, on the mobile and on the fixed line', async () => {
    const { body: calls } = await runtime.get('/calls/outbox');
    const toPrincipal = (calls as { to: string; text: string; id: string }[]).find((call) => call.to === PRINCIPAL)!;
    const page = await open(PHONE);
    await page.goto(`${runtime.url}/sms?phone=${encodeURIComponent(PRINCIPAL)}`);
    const card = page.locator(`[data-call="${toPrincipal.id}"]`);
    await card.waitFor();
    expect(await card.getAttribute('class')).toContain('ringing');
    expect(await card.locator('[data-field="spoken"]').textContent()).toBe(toPrincipal.text);
    await card.getByText(`来电 · 应急平台语音通知 → ${PRINCIPAL}`).waitFor();
    expect(await page.locator(`[role="tab"][data-phone="${PRINCIPAL}"]`).textContent()).toMatch(/^☎ /);
    expect(await fitsWidth(page)).toBe(true);
    await shoot(page, 'sms-simulator-call');
    await card.getByRole('button', { name: '挂断' }).click();
    await page.locator(`[data-call="${toPrincipal.id}"]:not(.ringing)`).getByText('已挂断的来电').waitFor();

    // The bureau's desk is called on its fixed line; its tab rings with it.
    await page.goto(`${runtime.url}/sms?phone=${encodeURIComponent(BUREAU)}`);
    await page.locator('.call-card.ringing').getByText('来电 · 应急平台语音通知 → +867715551110').waitFor();
    expect(await page.locator('.call-card.ringing [data-field="spoken"]').first().textContent()).toContain('未按时上报');
  });
});
