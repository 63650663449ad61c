import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkPlanFile, type Plan, PlanFileError, type PlanProblem } from '../../functions/core/plan';

/**
 * Every plan file (`*.yaml`, `*.yml`) in a folder, in name order. One invalid plan stops the start:
 * the runtime must not run a school's plan other than as written. The error lists every problem of
 * every file as `file:line:column: message`, the same lines `npx yingji plan validate` prints.
 */
export function readPlanFolder(folder: string): Plan[] {
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    throw new PlanFolderError(`${folder}: no such folder; YINGJI_PLANS_DIR names the folder of plan files (default: plans)`);
  }
  const plans: Plan[] = [];
  const problems: PlanProblem[] = [];
  const files = new Map<string, string>();
  for (const name of readdirSync(folder)
    .filter((entry) => /\.ya?ml$/.test(entry))
    .sort()) {
    const file = join(folder, name);
    const text = readFileSync(file, 'utf8');
    const check = checkPlanFile(text, file);
    if (!check.ok) {
      problems.push(...check.problems);
      continue;
    }
    const other = files.get(check.plan.id);
    if (other) {
      const line = text.split('\n').findIndex((row) => /^id\s*:/.test(row)) + 1;
      problems.push({ file, line: Math.max(line, 1), column: 1, message: `plan id "${check.plan.id}" is also the id of ${other}; each plan needs its own` });
      continue;
    }
    files.set(check.plan.id, file);
    plans.push(check.plan);
  }
  if (problems.length > 0) throw new PlanFileError(problems);
  return plans;
}

/** The folder of plans is missing: nothing to run. */
export class PlanFolderError extends Error {
  override name = 'PlanFolderError';
}
