import { parseDuration } from '../base';
import type { Chain } from '../plan';

/**
 * Every deadline is an absolute instant computed once from the reported time and stored on the
 * incident, so the timeline can be audited and a restarted workflow waits for the same instants.
 */
export interface IncidentDeadlines {
  /** Level n (1-based) must be acknowledged by `levels[n-1].at`, else level n+1 is texted. */
  levels: { level: number; at: string }[];
  /** The report must have reached the superior (the bureau) by then, else it is late (缓报). */
  report: string;
}

export function deadlinesFor(chain: Chain, reportedAt: Date): IncidentDeadlines {
  const after = (duration: string) => new Date(reportedAt.getTime() + parseDuration(duration)).toISOString();
  return {
    levels: chain.levels.map((level, index) => ({ level: index + 1, at: after(level.within) })),
    report: after(chain.reportToSuperior.within),
  };
}

export function levelDeadline(deadlines: IncidentDeadlines, level: number): string {
  const found = deadlines.levels.find((entry) => entry.level === level);
  if (!found) throw new RangeError(`the chain has no level ${level}`);
  return found.at;
}
