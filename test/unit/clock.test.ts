import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpeedClock } from '../../lib/local/clock';

/** The local runtime's sped-up clock: a pure function of the wall clock, kept across restarts. */

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'yingji-clock-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

test('an instant converts to the wall-clock instant the engine waits for, and back', () => {
  const clock = SpeedClock.start(folder, 600);
  const before = Date.now();
  const now = clock.now().getTime();
  const after = Date.now();
  const tenMinutesOn = new Date(now + 600_000).toISOString();
  const engine = clock.toEngine({ deadline: tenMinutesOn, level: 2, nested: [tenMinutesOn], note: 'not a time' });
  // Ten minutes at 600× is a second of wall clock after the moment now() was read, however slow the machine.
  expect(Date.parse(engine.deadline)).toBeGreaterThanOrEqual(before + 1_000 - 1);
  expect(Date.parse(engine.deadline)).toBeLessThanOrEqual(after + 1_000 + 1);
  expect(engine).toMatchObject({ level: 2, note: 'not a time' });
  expect(Math.abs(Date.parse(clock.fromEngine(engine).deadline) - Date.parse(tenMinutesOn))).toBeLessThanOrEqual(600);
});

test('after a restart the clock carries on from where it was; the time stopped passes at normal speed', async () => {
  const first = SpeedClock.start(folder, 1000);
  const atStop = first.now().getTime();
  const stoppedAt = Date.now();
  first.save(folder);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const second = SpeedClock.start(folder, 1000);
  const gap = second.now().getTime() - atStop;
  const readAt = Date.now();
  // At least the 100 ms stopped, at normal speed; at most everything since, had it all run at 1000×.
  expect(gap).toBeGreaterThanOrEqual(100);
  expect(gap).toBeLessThanOrEqual((readAt - stoppedAt) * 1000 + 1);
});

test('a speed that is not a positive number is refused', () => {
  expect(() => SpeedClock.start(folder, 0)).toThrow(/YINGJI_SPEED/);
  expect(() => SpeedClock.start(folder, Number('fast'))).toThrow(/YINGJI_SPEED/);
});

test('a start instant sets a fresh clock only; a saved clock carries on and says it did, so the runtime can tell the user', () => {
  const fresh = SpeedClock.start(folder, 1, '2014-03-05T16:00:00+08:00');
  expect(fresh.resumed).toBe(false);
  expect(Math.abs(fresh.now().getTime() - Date.parse('2014-03-05T08:00:00Z'))).toBeLessThan(60_000);
  fresh.save(folder);
  const again = SpeedClock.start(folder, 1, '2020-01-01T00:00:00Z');
  expect(again.resumed).toBe(true);
  expect(again.now().getUTCFullYear()).toBe(2014);
});
