import { receiveSms } from '../../../functions/core/inbound/inbound';
import { SmsUnavailableError, type OutgoingSms } from '../../../functions/core/sms/ports';
import { countSegments } from '../../../functions/core/sms/segments';
import { seedPlan } from '../../support/plans';
import { smsWorld } from '../../support/world';
import { readPlanFolder } from '../../../lib/local/plans';
import { rolesNamed } from '../../../functions/core/incident/authority';
import { optOutNoticeText } from '../../../functions/core/sms/opt-out-texts';

/**
 * STOP from someone on a chain or the duty roster: honoured as always, and the plan's duty lead and
 * principal are told at once by text, once, and the board's notice stands until a START.
 * Plan 1 outside 两会: the group leader 叶远新 leads the roster and is the principal; the duty
 * phone (值班负责人) holds the duty role.
 */

const huapu = seedPlan('huapu-primary.yaml');
const PRINCIPAL = '+8613800000101';
const DEPUTY = '+8613800000102';
const PARTY_SECRETARY = '+8613800000107';
const DUTY_PHONE = '+8613800000108';

function channel(sendFails: (message: OutgoingSms) => boolean = () => false) {
  const { deps, sent, phones } = smsWorld({
    plans: [huapu],
    start: new Date('2026-11-29T02:00:00Z'),
    sendFails: (message) => (sendFails(message) ? new SmsUnavailableError('Throttling') : undefined),
    settings: { smsSignature: '【应急】' },
  });
  const text = (from: string, body: string, messageId: string, receivedAt = '2026-11-29T02:00:00.000Z') => receiveSms(deps, { messageId, from, body, receivedAt });
  /** The notices texted, as `to: body`, the STOP's own confirmation left out. */
  const notices = () => sent.filter((message) => message.body.includes('退订提醒')).map((message) => message.to);
  return { text, sent, phones, notices };
}

test('a deputy on chain level 2 and the roster texts TD: the principal and the duty phone are told at once, naming them and how to come back', async () => {
  const { text, sent, phones, notices } = channel();
  expect(await text(DEPUTY, 'TD', 'stop-1')).toMatchObject({ decision: 'stop', answer: expect.stringContaining('已退订') });
  expect(await phones.isOptedOut(DEPUTY)).toBe(true);
  expect(notices().sort()).toEqual([PRINCIPAL, DUTY_PHONE]);
  const notice = sent.find((message) => message.to === PRINCIPAL)!.body;
  expect(notice).toBe('【应急】退订提醒:福成镇花铺小学领导小组副组长陈祖伟已退订，回复START或恢复前收不到任何应急短信，请电话联系或安排替补。');
  expect(countSegments(notice).segments).toBe(1);
  expect(await phones.optOutNotices()).toEqual([
    expect.objectContaining({
      planId: 'huapu-primary',
      orgId: 'huapu-primary',
      name: '陈祖伟',
      roles: '领导小组副组长、应急处理领导小组成员、值班负责人',
      messageId: 'stop-1',
      told: ['叶远新', '值班负责人(值班手机)'],
    }),
  ]);
});

test('the principal texts STOP: the duty phone is told; the principal is not told of their own STOP', async () => {
  const { text, notices } = channel();
  await text(PRINCIPAL, 'STOP', 'stop-1');
  expect(notices()).toEqual([DUTY_PHONE]);
});

test.each([
  ['the party secretary, who reports to the bureau but is on no chain level and no roster', PARTY_SECRETARY],
  ['a number in no plan', '+8615900009999'],
])('STOP from %s is honoured and tells nobody', async (_, phone) => {
  const { text, phones, notices } = channel();
  await text(phone, '退订', 'stop-1');
  expect(await phones.isOptedOut(phone)).toBe(true);
  expect(notices()).toEqual([]);
  expect(await phones.optOutNotices()).toEqual([]);
});

test('the same STOP delivered again tells nobody twice; a second STOP without a START between tells nobody again', async () => {
  const { text, notices } = channel();
  await text(DEPUTY, 'TD', 'stop-1');
  await text(DEPUTY, 'TD', 'stop-1');
  await text(DEPUTY, 'STOP', 'stop-2', '2026-11-29T02:05:00.000Z');
  expect(notices().sort()).toEqual([PRINCIPAL, DUTY_PHONE]);
});

test('a STOP whose notice could not reach everyone is delivered again: only those not yet told are texted', async () => {
  let dutyPhoneFails = 1;
  const { text, notices } = channel((message) => message.to === DUTY_PHONE && message.body.includes('退订提醒') && dutyPhoneFails-- > 0);
  await expect(text(DEPUTY, 'TD', 'stop-1')).rejects.toThrow(SmsUnavailableError);
  expect(notices()).toEqual([PRINCIPAL]);
  await text(DEPUTY, 'TD', 'stop-1');
  expect(notices()).toEqual([PRINCIPAL, DUTY_PHONE]);
});

test('START clears the notice; a STOP after it tells them again', async () => {
  const { text, phones, notices } = channel();
  await text(DEPUTY, 'TD', 'stop-1', '2026-11-29T02:00:00.000Z');
  expect(await text(DEPUTY, '恢复', 'start-1', '2026-11-29T02:10:00.000Z')).toMatchObject({ decision: 'start' });
  expect(await phones.optOutNotices()).toEqual([]);
  await text(DEPUTY, 'STOP', 'stop-2', '2026-11-29T02:20:00.000Z');
  expect(notices()).toHaveLength(4);
  expect(await phones.optOutNotices()).toEqual([expect.objectContaining({ messageId: 'stop-2' })]);
});

test('a STOP that arrives after the START that followed it leaves the deputy opted in, and tells nobody', async () => {
  const { text, phones, notices } = channel();
  await text(DEPUTY, 'START', 'start-1', '2026-11-29T02:10:00.000Z');
  await text(DEPUTY, 'TD', 'stop-1', '2026-11-29T02:00:00.000Z');
  expect(await phones.isOptedOut(DEPUTY)).toBe(false);
  expect(notices()).toEqual([]);
  expect(await phones.optOutNotices()).toEqual([]);
});

test.each(readPlanFolder('plans').flatMap((plan) => plan.people.map((person) => [plan.id, person.name, plan, person] as const)))(
  '%s: the notice about %s fits one segment under a 6-character signature and keeps the name',
  (_, __, plan, person) => {
    const text = optOutNoticeText({ plan, name: person.name, role: rolesNamed(plan, person.roles.slice(0, 1)), signature: '【银海区教育局】' });
    expect(countSegments(text).segments).toBe(1);
    expect(text).toContain(`${person.name}已退订`);
  },
);
