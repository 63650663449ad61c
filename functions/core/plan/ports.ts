import type { Plan } from './model';

export interface PlanCatalog {
  /** The current version of every plan. */
  list(): Promise<Plan[]>;
  /** A plan at a version, or its current version when none is given. */
  get(planId: string, version?: string): Promise<Plan | undefined>;
  publish(plan: Plan): Promise<void>;
}
