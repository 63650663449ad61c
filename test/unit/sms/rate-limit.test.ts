import { rateLimit, type SentSms } from '../../../functions/core/sms/rate-limit';

const PRINCIPAL = '+8613800000101';
const OTHER = '+8613800000102';
const NOW = new Date('2026-11-29T02:00:00.000Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();
const sent = (purpose: SentSms['purpose'], secondsAgo: number, to = PRINCIPAL): SentSms => ({ to, purpose, at: ago(secondsAgo) });

describe('rateLimit', () => {
  test('answers "1", "1R" and "1C" sent within a minute each get their confirmation', () => {
    const recent = [sent('reply', 40), sent('reply', 20)];
    expect(rateLimit({ to: PRINCIPAL, purpose: 'reply' }, recent, NOW)).toEqual({ send: true });
  });

  test('a fourth answer within the minute waits until the oldest leaves the window', () => {
    const recent = [sent('reply', 50), sent('reply', 30), sent('reply', 10)];
    expect(rateLimit({ to: PRINCIPAL, purpose: 'reply' }, recent, NOW)).toMatchObject({ send: false, until: ago(50 - 60) });
  });

  test('an auto-responder loop gets two "not understood" answers in ten minutes, then silence', () => {
    const recent = [sent('help', 400), sent('help', 100)];
    expect(rateLimit({ to: PRINCIPAL, purpose: 'help' }, recent, NOW)).toMatchObject({ send: false, until: ago(400 - 600) });
    // ...while a real confirmation still goes through.
    expect(rateLimit({ to: PRINCIPAL, purpose: 'reply' }, recent, NOW)).toEqual({ send: true });
  });

  test('twelve answers in an hour is the most a number gets', () => {
    const recent = Array.from({ length: 12 }, (_, index) => sent('reply', 3000 - index * 240));
    const decision = rateLimit({ to: PRINCIPAL, purpose: 'reply' }, recent, NOW);
    expect(decision).toMatchObject({ send: false, until: ago(3000 - 3600) });
  });

  test('thirty answers a day is the most a number gets, however spread out', () => {
    const recent = Array.from({ length: 30 }, (_, index) => sent('reply', 80000 - index * 2000));
    expect(rateLimit({ to: PRINCIPAL, purpose: 'reply' }, recent, NOW)).toMatchObject({ send: false });
    expect(rateLimit({ to: PRINCIPAL, purpose: 'reply' }, recent.slice(1), NOW)).toEqual({ send: true });
  });

  test('alerts are never held back, however much chatter came before', () => {
    const chatter = Array.from({ length: 40 }, (_, index) => sent(index % 2 ? 'help' : 'reply', 10 + index));
    expect(rateLimit({ to: PRINCIPAL, purpose: 'alert' }, chatter, NOW)).toEqual({ send: true });
  });

  test("alerts do not use up a number's answers", () => {
    const alerts = Array.from({ length: 10 }, (_, index) => sent('alert', 5 + index));
    expect(rateLimit({ to: PRINCIPAL, purpose: 'reply' }, alerts, NOW)).toEqual({ send: true });
  });

  test("limits are per number: another phone's answers do not count", () => {
    const recent = [sent('reply', 50, OTHER), sent('reply', 30, OTHER), sent('reply', 10, OTHER)];
    expect(rateLimit({ to: PRINCIPAL, purpose: 'reply' }, recent, NOW)).toEqual({ send: true });
  });

  test('sends older than the window no longer count', () => {
    const recent = [sent('reply', 61), sent('reply', 70), sent('reply', 90)];
    expect(rateLimit({ to: PRINCIPAL, purpose: 'reply' }, recent, NOW)).toEqual({ send: true });
  });
});
