import { dueTimes } from '../../../functions/core/plan/schedule';
import { zonedInstant } from '../../../functions/core/plan/calendar';
import type { Plan, ScheduledReport } from '../../../functions/core/plan/model';

const plan = (timeZone: string): Plan => ({
  id: 'p',
  version: 'v',
  name: 'p',
  language: 'en',
  timeZone,
  organisation: { id: 'o', name: 'o', superior: 's' },
  people: [],
  categories: [],
  chains: {},
  periods: [{ id: 'term', name: 'term', from: '2026-03-01', to: '2026-03-31' }],
});

const report = (schedule: ScheduledReport['schedule'], during?: string): ScheduledReport => ({
  id: 'r',
  name: 'r',
  kind: 'zero-report',
  schedule,
  ...(during && { during }),
  from: ['a'],
  to: ['b'],
  ifLate: [{ notify: ['a'], after: '0m' }],
});

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());

test.each([
  ['Asia/Shanghai', '2026-01-15', 3, 0, '2026-01-14T19:00:00.000Z'],
  ['Europe/Berlin', '2026-01-15', 3, 0, '2026-01-15T02:00:00.000Z'],
  ['Europe/Berlin', '2026-07-15', 3, 0, '2026-07-15T01:00:00.000Z'],
  ['America/New_York', '2026-03-08', 12, 0, '2026-03-08T16:00:00.000Z'],
])('%s %s %i:%i local is %s', (zone, day, hour, minute, expected) => {
  expect(zonedInstant(day, hour, minute, zone).toISOString()).toBe(expected);
});

test.each([
  // Clocks go back: the wall time happens twice, and the first of the two is meant, east or west of Greenwich.
  ['America/New_York', '2026-11-01', 1, 30, '2026-11-01T05:30:00.000Z'],
  ['Europe/Berlin', '2026-10-25', 2, 30, '2026-10-25T00:30:00.000Z'],
  ['Australia/Lord_Howe', '2026-04-05', 1, 45, '2026-04-04T14:45:00.000Z'],
  // Clocks go forward: a skipped wall time moves on by the gap, never back before it.
  ['America/New_York', '2026-03-08', 2, 30, '2026-03-08T07:30:00.000Z'],
  // Santiago skips midnight itself: its 00:00 is 01:00 of the same day, not 23:00 of the day before.
  ['America/Santiago', '2026-09-06', 0, 0, '2026-09-06T04:00:00.000Z'],
])('across a daylight-saving change, %s %s %i:%i local is %s', (zone, day, hour, minute, expected) => {
  expect(zonedInstant(day, hour, minute, zone).toISOString()).toBe(expected);
});

test('a daily report keeps its wall-clock hour across a daylight-saving change', () => {
  const due = dueTimes(plan('Europe/Berlin'), report({ every: 'day', at: '17:00' }), new Date('2026-03-28T00:00:00Z'), new Date('2026-03-31T00:00:00Z'));
  expect(iso(due)).toEqual(['2026-03-28T16:00:00.000Z', '2026-03-29T15:00:00.000Z', '2026-03-30T15:00:00.000Z']);
});

test('a weekly report falls on its weekday', () => {
  const due = dueTimes(plan('Asia/Shanghai'), report({ every: 'week', weekday: 'fri', at: '16:00' }), new Date('2026-03-01T00:00:00Z'), new Date('2026-03-15T00:00:00Z'));
  expect(iso(due)).toEqual(['2026-03-06T08:00:00.000Z', '2026-03-13T08:00:00.000Z']);
});

test('a monthly report on day: last is due on the 28th of a February and the 31st of a March', () => {
  const due = dueTimes(plan('Asia/Shanghai'), report({ every: 'month', day: 'last', at: '17:00' }), new Date('2026-02-01T00:00:00Z'), new Date('2026-04-01T00:00:00Z'));
  expect(iso(due)).toEqual(['2026-02-28T09:00:00.000Z', '2026-03-31T09:00:00.000Z']);
});

test('a report that runs during a period is not due outside it', () => {
  const due = dueTimes(plan('Asia/Shanghai'), report({ every: 'day', at: '09:00' }, 'term'), new Date('2026-02-27T00:00:00Z'), new Date('2026-03-03T00:00:00Z'));
  expect(iso(due)).toEqual(['2026-03-01T01:00:00.000Z', '2026-03-02T01:00:00.000Z']);
});
