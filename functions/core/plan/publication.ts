import { createHash } from 'node:crypto';
import type { Plan } from './model';

/**
 * One short name for a set of plan versions: what a stage's deploy publishes (lib/aws/plans.ts)
 * and the publication its console memberships belong to. Any plan added, dropped or changed
 * changes it; the order of the plans does not.
 */
export const plansDigest = (plans: readonly Pick<Plan, 'id' | 'version'>[]) =>
  createHash('sha256')
    .update(
      plans
        .map((plan) => `${plan.id}@${plan.version}`)
        .sort()
        .join(','),
    )
    .digest('hex')
    .slice(0, 16);
