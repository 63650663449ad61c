import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import type { Plan } from './plan';

export class PlanFileError extends Error {
  override name = 'PlanFileError';
}

/** Reads a plan file. Its version is a hash of its text, so an unchanged file keeps its version. */
export function parsePlanFile(text: string, fileName: string): Plan {
  const data = parse(text) as Omit<Plan, 'version'> | null;
  if (!data || typeof data !== 'object' || typeof data.id !== 'string') {
    throw new PlanFileError(`${fileName}: not a plan (no id)`);
  }
  const version = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return { ...data, version };
}
