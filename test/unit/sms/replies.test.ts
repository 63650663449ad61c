import type { PhoneAlert } from '../../../functions/core/sms/interpret';
import { emergencyNumbersFor, replyText, type Reply, type ReplyOptions } from '../../../functions/core/sms/replies';
import { countSegments } from '../../../functions/core/sms/segments';

const ZH: ReplyOptions = { language: 'zh-CN', signature: '【应急】', timeZone: 'Asia/Shanghai' };
const EN: ReplyOptions = { language: 'en', timeZone: 'Asia/Shanghai' };
const AT = '2026-11-29T01:32:00.000Z'; // 09:32 in Shanghai
const alerts = (count: number): PhoneAlert[] =>
  Array.from({ length: count }, (_, index) => ({ number: index + 1, incidentId: `i${index}`, code: `ABC23${(index % 8) + 2}`, sentAt: AT }));

/** Every kind of answer, with the longest values a seed plan gives it. */
const EVERY_REPLY: readonly Reply[] = [
  { kind: 'acknowledged', code: 'ABC234', category: '重大历史群体事件的影响', alert: 12, reportBy: '2026-11-29T03:30:00.000Z', superior: '昌平公安分局内保处' },
  { kind: 'already-acknowledged', code: 'ABC234', by: '敏感事件工作值班室(值班手机)', at: AT },
  { kind: 'received', code: 'ABC234' },
  { kind: 'not-allowed', code: 'ABC234', action: 'reported', by: '校长、党支部书记、敏感事件工作值班室(值班手机)' },
  { kind: 'not-allowed', code: 'ABC234', action: 'close', by: '校长、党支部书记、敏感事件工作值班室(值班手机)' },
  { kind: 'reported', code: 'ABC234', superior: '昌平公安分局内保处', alert: 12 },
  { kind: 'already-reported', code: 'ABC234', by: '敏感事件工作值班室(值班手机)', at: AT },
  { kind: 'escalated', code: 'ABC234' },
  { kind: 'closed', code: 'ABC234' },
  { kind: 'already-closed', code: 'ABC234', by: '敏感事件工作值班室(值班手机)', at: AT },
  { kind: 'all-clear', at: AT },
  { kind: 'situation-received', code: 'ABC234' },
  { kind: 'report-received', code: 'ABC234', category: '重大历史群体事件的影响', emergencyNumbers: ['110', '119', '120'] },
  { kind: 'report-joined', code: 'ABC234', emergencyNumbers: ['110', '119', '120'] },
  { kind: 'report-limited', count: 5, minutes: 10 },
  { kind: 'help', audience: 'responder' },
  { kind: 'help', audience: 'reporter' },
  { kind: 'not-understood' },
  { kind: 'refused', reason: 'unknown-number', alerts: [] },
  { kind: 'refused', reason: 'no-alerts', alerts: [] },
  { kind: 'refused', reason: 'not-on-incident', named: 'XYZ789', alerts: alerts(9) },
  { kind: 'refused', reason: 'which-alert', alerts: alerts(9) },
  { kind: 'refused', reason: 'not-zero-reporter', alerts: [] },
  { kind: 'stopped' },
  { kind: 'started' },
];

describe('replyText fits one segment', () => {
  test.each(EVERY_REPLY.map((reply) => [`${reply.kind}${'reason' in reply ? ` ${reply.reason}` : ''}`, reply] as const))(
    '%s, in Chinese with a signature and in English without one',
    (_label, reply) => {
      expect(countSegments(replyText(reply, ZH)).segments).toBe(1);
      const english = replyText(reply, EN);
      expect(countSegments(english)).toMatchObject({ segments: 1 });
    },
  );

  test("English answers with an English plan's names stay GSM-7 (160 characters, not 70) and keep the names", () => {
    const english: Record<string, string> = { category: 'Collective petition', superior: 'Yinhai District Education Bureau', by: 'Duty officer (duty phone)' };
    const replies = EVERY_REPLY.map((reply) => {
      const renamed: Record<string, unknown> = { ...reply };
      for (const field of Object.keys(english)) if (field in renamed) renamed[field] = english[field];
      return renamed as Reply;
    });
    for (const reply of replies) {
      const text = replyText(reply, EN);
      expect(countSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
      for (const field of Object.keys(english)) if (field in reply) expect(text).toContain(english[field]);
    }
  });

  test('a name too long for the segment is cut, not the segment split', () => {
    const text = replyText({ kind: 'already-acknowledged', code: 'ABC234', by: '值'.repeat(80), at: AT }, ZH);
    expect(countSegments(text).segments).toBe(1);
    expect(text).toMatch(/^【应急】#ABC234已由值+…于09:32确认，无需重复。$/);
  });
});

describe('replyText says what happened', () => {
  test('an acknowledgement confirms the incident, stops escalation and names the report deadline', () => {
    const text = replyText({ kind: 'acknowledged', code: 'ABC234', category: '火灾', alert: 1, reportBy: '2026-11-29T03:30:00.000Z', superior: '银海区教育局' }, ZH);
    expect(text).toBe('【应急】已确认#ABC234(火灾)，由您负责，升级已停止。请11:30前报银海区教育局，报后回1R。');
  });

  test("a second acknowledgement learns who was first and when, in the plan's time zone", () => {
    expect(replyText({ kind: 'already-acknowledged', code: 'ABC234', by: '叶远新', at: AT }, ZH)).toBe('【应急】#ABC234已由叶远新于09:32确认，无需重复。');
    expect(replyText({ kind: 'already-acknowledged', code: 'ABC234', by: 'Ye Yuanxin', at: AT }, EN)).toBe('#ABC234 was already acknowledged by Ye Yuanxin at 09:32.');
  });

  test('the reporter gets the incident code and the emergency number that fits', () => {
    const fire = replyText({ kind: 'report-received', code: 'ABC234', category: '火灾', emergencyNumbers: emergencyNumbersFor({ emergencyNumber: '119' }) }, ZH);
    expect(fire).toContain('ABC234');
    expect(fire).toContain('紧急请拨119');
    const unknown = replyText({ kind: 'report-received', code: 'ABC234', emergencyNumbers: emergencyNumbersFor(undefined) }, ZH);
    expect(unknown).toContain('110/119/120');
    const petition = replyText({ kind: 'report-received', code: 'ABC234', category: '集体上访', emergencyNumbers: emergencyNumbersFor({}) }, EN);
    expect(petition).not.toMatch(/call \d/);
  });

  test.each([
    ['122', { emergencyNumber: '122' }],
    ['120', { emergencyNumber: '120' }],
    ['110', { emergencyNumber: '110' }],
  ])('a category with %s tells the reporter to call it', (number, category) => {
    expect(replyText({ kind: 'report-received', code: 'ABC234', emergencyNumbers: emergencyNumbersFor(category) }, EN)).toContain(`call ${number}`);
  });

  test("the help text lists the reply codes; a stranger's help text says how to report", () => {
    const responder = replyText({ kind: 'help', audience: 'responder' }, ZH);
    for (const code of ['1确认', '1R', '1E', '1C', '平安', 'TD']) expect(responder).toContain(code);
    expect(replyText({ kind: 'help', audience: 'reporter' }, ZH)).toContain('地点和情况');
  });

  test('a refusal for an incident that is not theirs lists the alerts they can act on, as many as fit', () => {
    const few = replyText({ kind: 'refused', reason: 'not-on-incident', named: 'XYZ789', alerts: alerts(2) }, ZH);
    expect(few).toBe('【应急】抱歉，"XYZ789"不在您的待处理事件中，回复未记录。待处理：1=#ABC232 2=#ABC233');
    const many = replyText({ kind: 'refused', reason: 'which-alert', alerts: alerts(9) }, ZH);
    expect(many).toMatch(/1=#ABC232 .*等$/);
    expect(countSegments(many).segments).toBe(1);
  });

  test('STOP and START are confirmed, and STOP says alerts stop too', () => {
    expect(replyText({ kind: 'stopped' }, ZH)).toContain('含事件通知');
    expect(replyText({ kind: 'stopped' }, EN)).toContain('START');
    expect(replyText({ kind: 'started' }, EN)).toContain('STOP');
  });

  test("the all-clear is confirmed for its date in the plan's time zone", () => {
    // 23:30 UTC on 28 Nov is already 29 Nov in Shanghai.
    expect(replyText({ kind: 'all-clear', at: '2026-11-28T23:30:00.000Z' }, ZH)).toBe('【应急】已收到11月29日平安报告(零报告)，谢谢。');
    expect(replyText({ kind: 'all-clear', at: '2026-11-28T23:30:00.000Z' }, EN)).toBe('All-clear for 29 Nov received (zero report). Thank you.');
  });
});
