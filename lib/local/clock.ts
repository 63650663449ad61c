import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../functions/core/base';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * The local runtime's clock: `speed` times faster than the wall clock (YINGJI_SPEED=600 makes ten
 * minutes pass in a second). Everything the functions see (report times, deadlines, timeline) is in
 * this time; only the workflow engine, which sleeps on the wall clock, sees real instants, and
 * `toEngine`/`fromEngine` translate between the two. The clock keeps its time across restarts in
 * the data folder; time while the runtime is stopped passes at normal speed.
 */
export class SpeedClock implements Clock {
  private constructor(
    private readonly anchorReal: number,
    private readonly anchorVirtual: number,
    readonly speed: number,
    /** True when the clock carried on from the one saved in the data folder (and a start instant was ignored). */
    readonly resumed: boolean,
  ) {}

  /** `startAt`: the instant a fresh clock starts from (YINGJI_START), to watch a given day; a saved clock ignores it. */
  static start(dataDir: string, speed: number, startAt?: string): SpeedClock {
    if (!(speed > 0)) throw new RangeError(`YINGJI_SPEED must be a positive number, not ${speed}`);
    const file = join(dataDir, 'clock.json');
    const real = Date.now();
    let virtual = real;
    if (startAt !== undefined) {
      virtual = Date.parse(startAt);
      if (Number.isNaN(virtual)) throw new RangeError(`YINGJI_START must be an ISO 8601 instant like 2014-03-05T16:00:00+08:00, not ${startAt}`);
    }
    const resumed = existsSync(file);
    if (resumed) {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { real: number; virtual: number; speed: number; stoppedAt?: number };
      const ranUntil = saved.stoppedAt ?? real;
      virtual = saved.virtual + (ranUntil - saved.real) * saved.speed + (real - ranUntil);
    }
    writeFileSync(file, JSON.stringify({ real, virtual, speed }));
    return new SpeedClock(real, virtual, speed, resumed);
  }

  /** Records when the runtime stopped, so the downtime passes at normal speed. */
  save(dataDir: string): void {
    writeFileSync(join(dataDir, 'clock.json'), JSON.stringify({ real: this.anchorReal, virtual: this.anchorVirtual, speed: this.speed, stoppedAt: Date.now() }));
  }

  now(): Date {
    return new Date(this.anchorVirtual + (Date.now() - this.anchorReal) * this.speed);
  }

  /** Virtual instants in a value → the wall-clock instants the engine must wait for. */
  toEngine<T>(value: T): T {
    return mapInstants(value, (ms) => this.anchorReal + (ms - this.anchorVirtual) / this.speed);
  }

  fromEngine<T>(value: T): T {
    return mapInstants(value, (ms) => this.anchorVirtual + (ms - this.anchorReal) * this.speed);
  }
}

function mapInstants<T>(value: T, map: (ms: number) => number): T {
  if (typeof value === 'string' && ISO_INSTANT.test(value)) return new Date(Math.round(map(Date.parse(value)))).toISOString() as T;
  if (Array.isArray(value)) return value.map((item) => mapInstants(item, map)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapInstants(item, map)])) as T;
  }
  return value;
}
