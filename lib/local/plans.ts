import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlanFile } from '../../functions/core/plan-file';
import type { Plan } from '../../functions/core/plan';

/** Every plan file (`*.yaml`, `*.yml`) in a folder, in name order. */
export function readPlanFolder(folder: string): Plan[] {
  return readdirSync(folder)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => parsePlanFile(readFileSync(join(folder, name), 'utf8'), join(folder, name)));
}
