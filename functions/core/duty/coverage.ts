import { acknowledgingRoles, rolesNamed } from '../incident';
import { clockTime, localDate, zonedInstant, type Plan } from '../plan';
import { peopleAt } from './duty';

const QUARTER_HOUR = 15 * 60_000;

/**
 * Levels that, by the roster, reach nobody who could acknowledge at some time of day (a night
 * nobody covers): such a level is skipped when it comes, so the warning says when. Looked at over the roster's first two
 * weeks, in the plan's time zone.
 */
export function levelsReachingNobody(plan: Plan): string[] {
  const roster = plan.duty;
  if (!roster) return [];
  const period = roster.during ? plan.periods?.find((candidate) => candidate.id === roster.during) : undefined;
  const firstDay = period?.from ?? [...roster.shifts.map((shift) => shift.rota.start)].sort()[0]!;
  const start = zonedInstant(firstDay, 0, 0, plan.timeZone).getTime();
  const warnings: string[] = [];
  for (const [chainId, chain] of Object.entries(plan.chains)) {
    chain.levels.forEach((level, index) => {
      // Those told for information at the level do not count: nobody there could take charge.
      const answering = level.notify.filter((role) => acknowledgingRoles(chain).includes(role));
      if (!answering.includes(roster.role)) return;
      const gaps: number[] = [];
      for (let at = start; at < start + 14 * 86_400_000; at += QUARTER_HOUR) {
        if (peopleAt(plan, [], answering, new Date(at)).length === 0) gaps.push(at);
      }
      if (gaps.length === 0) return;
      let end = gaps[0]!;
      while (gaps.includes(end + QUARTER_HOUR)) end += QUARTER_HOUR;
      const time = (at: number) => clockTime(plan.timeZone, new Date(at).toISOString());
      warnings.push(
        `warning: chain ${chainId} level ${index + 1} (${rolesNamed(plan, level.notify)}) can text nobody who could acknowledge from ${time(gaps[0]!)} to ${time(end + QUARTER_HOUR)} on ${localDate(new Date(gaps[0]!), plan.timeZone)}: nobody is on duty then`,
      );
    });
  }
  return warnings;
}
