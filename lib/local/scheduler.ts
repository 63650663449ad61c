import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { instantAt, localDate } from '../../functions/core/plan';
import type { SpeedClock } from './clock';

/** A daily schedule at a local time in a time zone, as an EventBridge Scheduler `cron(m h * * ? *)` with a time zone. */
export interface DailySchedule {
  name: string;
  timeZone: string;
  /** Local `HH:mm`. */
  time: string;
  fire(firedAt: Date): Promise<unknown>;
}

/** A schedule every few minutes on the minute, as an EventBridge Scheduler `rate(n minutes)`. */
export interface RepeatingSchedule {
  name: string;
  everyMinutes: number;
  fire(firedAt: Date): Promise<unknown>;
}

export type Schedule = DailySchedule | RepeatingSchedule;

/**
 * The local stand-in for EventBridge Scheduler: fires each daily schedule at its local time in the
 * sped-up clock. It keeps in the data folder the instant it has fired everything up to, so after a
 * restart what fell due while it was stopped fires at once (a wave's execution name is its
 * instant, so nothing starts twice).
 */
export class LocalScheduler {
  private readonly file: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly clock: SpeedClock,
    dataDir: string,
    private readonly schedules: Schedule[],
    private readonly log: (line: string) => void = console.log,
  ) {
    this.file = join(dataDir, 'scheduler.json');
  }

  /** `since`: a fresh scheduler's starting point (when the runtime's clock started), so nothing due while it booted is missed. */
  start(since: Date = this.clock.now()): void {
    const saved = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as { firedThrough: string }).firedThrough : undefined;
    this.plan(saved ? new Date(saved) : since);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** The next instant after `after` at which any schedule fires, and which fire then. */
  next(after: Date): { at: Date; due: Schedule[] } | undefined {
    const firings = this.schedules.map((schedule) => ({ schedule, at: nextFiring(schedule, after, this.clock.now()) }));
    const first = Math.min(...firings.map(({ at }) => at.getTime()));
    if (!Number.isFinite(first)) return undefined;
    return { at: new Date(first), due: firings.filter(({ at }) => at.getTime() === first).map(({ schedule }) => schedule) };
  }

  private plan(after: Date): void {
    if (this.stopped) return;
    const next = this.next(after);
    if (!next) return;
    const wait = Math.max(0, (next.at.getTime() - this.clock.now().getTime()) / this.clock.speed);
    // Timers hold at most ~24.8 days; a longer wait is planned again when this one ends.
    this.timer = setTimeout(
      () => {
        if (this.clock.now() < next.at) return this.plan(after);
        this.running = this.fire(next.at, next.due).finally(() => this.plan(next.at));
      },
      Math.min(wait, 2 ** 31 - 1),
    );
  }

  private async fire(at: Date, due: Schedule[]): Promise<void> {
    await Promise.all(
      due.map(async (schedule) => {
        try {
          await schedule.fire(at);
        } catch (error) {
          this.log(`schedule ${schedule.name} at ${at.toISOString()} failed: ${(error as Error).message}`);
        }
      }),
    );
    writeFileSync(this.file, JSON.stringify({ firedThrough: at.toISOString() }));
  }
}

function nextFiring(schedule: Schedule, after: Date, now: Date): Date {
  if ('everyMinutes' in schedule) {
    // After a stop, one firing for the time missed rather than one for every minute of it.
    const every = schedule.everyMinutes * 60_000;
    const from = Math.max(after.getTime(), now.getTime() - every);
    return new Date((Math.floor(from / every) + 1) * every);
  }
  for (let day = 0; ; day += 1) {
    const at = instantAt(localDate(after, schedule.timeZone, day), schedule.time, schedule.timeZone);
    if (at > after) return at;
  }
}
