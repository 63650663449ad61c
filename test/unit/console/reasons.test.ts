/** The incident page's timeline lines: in Chinese, no English reason from the steps shows through. */

const stored = new Map<string, string>();
Object.assign(globalThis, { localStorage: { getItem: (key: string) => stored.get(key) ?? null, setItem: (key: string, value: string) => stored.set(key, value) } });
// @ts-expect-error the console's modules are plain JavaScript, type-checked by web/tsconfig.json
const { describe: describeEvent } = await import('../../../web/assets/timeline.js');

const events = [
  { type: 'skipped', level: 2, reason: 'nobody holds duty-officer at this time' },
  { type: 'skipped', level: 2, reason: 'nobody at this level could be texted' },
  { type: 'notify-failed', level: 1, name: '张校长', reason: 'the number has opted out (STOP)' },
  { type: 'notify-failed', level: 1, name: '张校长', reason: 'InvalidParameter: Invalid parameter: PhoneNumber' },
  { type: 'delivery-failed', level: 1, personId: 'principal', reason: 'Phone carrier has blocked this message' },
];

test.each(events)('in Chinese, a $type line has no English in it ($reason)', (event) => {
  stored.delete('yingji.lang');
  const line: string = describeEvent(event, [{ type: 'notified', level: 1, personId: 'principal', name: '张校长' }]);
  // STOP is the word people text to opt out, so it stays.
  expect(line.replace('STOP', '')).not.toMatch(/[A-Za-z]{3,}/);
});

test('in English the known reasons read as English and a provider message is shown as it came', () => {
  stored.set('yingji.lang', 'en');
  expect(describeEvent(events[2], [])).toContain('the number has opted out (STOP)');
  expect(describeEvent(events[3], [])).toContain('InvalidParameter: Invalid parameter: PhoneNumber');
});

test.each([
  { type: 'written-report-due', dueAt: '2014-03-12T02:53:00.000Z', to: ['district-duty-desk'] },
  { type: 'written-report-saved', name: '街道政法委' },
  { type: 'written-report-submitted', name: '街道政法委', round: 1 },
  { type: 'written-report-accepted', name: '区信访稳定值班室', round: 1 },
  { type: 'written-report-returned', name: '区信访稳定值班室', round: 1, reason: '请补充善后情况' },
  { type: 'written-report-late', dueAt: '2014-03-12T02:53:00.000Z' },
  { type: 'written-report-chased', name: '街道政法委' },
])('in Chinese, the written report’s $type line has no English in it', (event) => {
  stored.delete('yingji.lang');
  expect(describeEvent(event, [])).not.toMatch(/[A-Za-z]{3,}/);
});
