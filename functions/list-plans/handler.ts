import type { PlanCatalog } from '../core/ports';
import { awsDependencies } from '../adapters/aws';
import { httpHandler, json } from '../shared/http';

/** GET /plans: the schools and the incident categories each plan knows, for the report form. */
export const createHandler = (deps: { plans: PlanCatalog }) =>
  httpHandler(async () => {
    const plans = await deps.plans.list();
    return json(
      200,
      plans.map((plan) => ({
        id: plan.id,
        name: plan.name,
        orgId: plan.organisation.id,
        orgName: plan.organisation.name,
        version: plan.version,
        categories: plan.categories.map(({ id, name, kind }) => ({ id, name, kind })),
      })),
    );
  });

export const handler = createHandler(awsDependencies());
