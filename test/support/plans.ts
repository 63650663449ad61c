import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlanFile } from '../../functions/core/plan/file';
import { PROJECT_ROOT } from '../../lib/definitions';

/** A seed plan from plans/, loaded the way the runtime loads it. */
export const seedPlan = (file: string) => parsePlanFile(readFileSync(join(PROJECT_ROOT, 'plans', file), 'utf8'), `plans/${file}`);
