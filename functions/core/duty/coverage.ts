import { acknowledgingRoles, rolesNamed } from '../incident';
import { clockTime, localDate, peopleWithRoles, zonedInstant, type Plan } from '../plan';
import { peopleAt } from './duty';

const QUARTER_HOUR = 15 * 60_000;

/**
 * Levels that reach nobody who could acknowledge by text at some time of day: by the roster, a
 * night nobody covers (such a level is skipped when it comes), or people with a landline only
 * (they are called, on a stage with voice; otherwise the level is skipped too). The warning says
 * when. Looked at over the roster's first two weeks, in the plan's time zone.
 */
export function levelsReachingNobody(plan: Plan): string[] {
  const roster = plan.duty;
  const warnings: string[] = [];
  for (const [chainId, chain] of Object.entries(plan.chains)) {
    chain.levels.forEach((level, index) => {
      // Those told for information at the level do not count: nobody there could take charge.
      const answering = level.notify.filter((role) => acknowledgingRoles(chain).includes(role));
      const name = `chain ${chainId} level ${index + 1} (${rolesNamed(plan, level.notify)})`;
      if (!roster || !answering.includes(roster.role)) {
        const people = peopleWithRoles(plan, answering);
        if (people.length > 0 && !people.some((person) => person.phone))
          warnings.push(`warning: ${name} can text nobody who could acknowledge: ${people.map((person) => person.name).join('、')} ${LANDLINE_ONLY}`);
        return;
      }
      const period = roster.during ? plan.periods?.find((candidate) => candidate.id === roster.during) : undefined;
      const firstDay = period?.from ?? [...roster.shifts.map((shift) => shift.rota.start)].sort()[0]!;
      const start = zonedInstant(firstDay, 0, 0, plan.timeZone).getTime();
      const gaps: { at: number; why: string }[] = [];
      for (let at = start; at < start + 14 * 86_400_000; at += QUARTER_HOUR) {
        const people = peopleAt(plan, [], answering, new Date(at));
        if (people.length === 0) gaps.push({ at, why: 'nobody is on duty then' });
        else if (!people.some((person) => person.phone)) gaps.push({ at, why: `${people.map((person) => person.name).join('、')} ${LANDLINE_ONLY}` });
      }
      const first = gaps[0];
      if (!first) return;
      let end = first.at;
      while (gaps.some((gap) => gap.at === end + QUARTER_HOUR && gap.why === first.why)) end += QUARTER_HOUR;
      const time = (at: number) => clockTime(plan.timeZone, new Date(at).toISOString());
      warnings.push(
        `warning: ${name} can text nobody who could acknowledge from ${time(first.at)} to ${time(end + QUARTER_HOUR)} on ${localDate(new Date(first.at), plan.timeZone)}: ${first.why}`,
      );
    });
  }
  return warnings;
}

/** Why a level of people with only a fixed line reaches nobody by text. */
const LANDLINE_ONLY = 'have a landline and no mobile: they are called where the stage has voice, and no text reaches them';
