import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlanFile } from '../../../functions/core/plan/file';
import type { Plan } from '../../../functions/core/plan/model';
import type { Simulation } from '../../../lib/simulate/simulate';
import { zonedInstant } from '../../../functions/core/plan/calendar';

export const ROOT = process.cwd();
export const planPath = (name: string) => join(ROOT, 'plans', `${name}.yaml`);
export const fixturePath = (name: string) => join(ROOT, 'test', 'fixtures', 'plans', name);

export function loadPlan(name: string): Plan {
  return parsePlanFile(readFileSync(planPath(name), 'utf8'), `plans/${name}.yaml`);
}

/** 09:00 Beijing time on a school day, so local times in assertions read naturally. */
export const MORNING = zonedInstant('2014-03-04', 9, 0, 'Asia/Shanghai');

export const minutesAfterReport = (simulation: Simulation, iso: string) => (Date.parse(iso) - Date.parse(simulation.incident.reportedAt)) / 60_000;

/** Who was texted at which minute after the report: `{ 0: ['ye-yuanxin'], 10: [...] }`. */
export function textsByMinute(simulation: Simulation, level?: number | 'report'): Record<number, string[]> {
  const result: Record<number, string[]> = {};
  for (const text of simulation.texts) {
    if (level !== undefined && text.level !== level) continue;
    (result[minutesAfterReport(simulation, text.at)] ??= []).push(text.person.id);
  }
  return result;
}

/** When (minutes after the report) a person was first texted, if ever. */
export function firstTextTo(simulation: Simulation, personId: string): number | undefined {
  const text = simulation.texts.find((candidate) => candidate.person.id === personId);
  return text && minutesAfterReport(simulation, text.at);
}
