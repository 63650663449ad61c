import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../../functions/core/base';

/**
 * A clock that jumps. Whoever must wait for an instant (a Wait state, a person acting at +7m)
 * calls `until`; when everything else has settled (no step under way, nothing left to run this
 * turn), `run` moves the clock to the earliest instant waited for and wakes that waiter alone.
 * A simulation of days takes milliseconds, and its order is always the same.
 */
export class VirtualTime implements Clock {
  private current: number;
  private readonly waiting: { at: number; order: number; seq: number; wake: () => void }[] = [];
  private seq = 0;
  private busy = 0;
  private changes = 0;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /**
   * Resolves once the clock reaches `at` (at once when it has passed). Of the waiters for one
   * instant, a lower `order` wakes first, then the first to wait.
   */
  until(at: number, order: number): Promise<void> {
    this.changes += 1;
    return new Promise((wake) => this.waiting.push({ at, order, seq: this.seq++, wake }));
  }

  /** Runs `work` as a step the clock must not move under. */
  async step<T>(work: () => Promise<T>): Promise<T> {
    this.busy += 1;
    this.changes += 1;
    try {
      return await work();
    } finally {
      this.busy -= 1;
      this.changes += 1;
    }
  }

  /**
   * Moves time on until `done` has settled and nobody waits any more (a person may still act after
   * the workflow ended); fails if `done` is stuck with nothing left to wait for.
   */
  async run<T>(done: Promise<T>): Promise<T> {
    let settled = false;
    const result = done.finally(() => (settled = true));
    result.catch(() => undefined);
    for (;;) {
      await this.settle();
      this.waiting.sort((a, b) => a.at - b.at || a.order - b.order || a.seq - b.seq);
      const next = this.waiting.shift();
      if (!next) {
        if (settled) return result;
        throw new Error('the simulation is stuck: nothing runs and nothing waits');
      }
      this.current = Math.max(this.current, next.at);
      next.wake();
    }
  }

  /** Until no step is under way and a whole turn of the event loop changed nothing. */
  private async settle(): Promise<void> {
    for (;;) {
      const before = this.changes;
      await nextTurn();
      if (this.busy === 0 && this.changes === before) return;
    }
  }
}
