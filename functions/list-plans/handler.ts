import { type PlanCatalog, SEVERITIES } from '../core/plan';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { httpHandler, json } from '../shared/http';

/** GET /plans: the schools and the incident categories each plan knows, for the report form (public: no people). */
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
        categories: plan.categories.map(({ id, name, kind, severityChains, defaultSeverity }) => ({
          id,
          name,
          kind,
          // Only where the plan runs a graver chain for them: the report form offers a choice then.
          ...(severityChains &&
            Object.keys(severityChains).length > 0 && {
              severities: SEVERITIES.filter((severity) => severity === 'general' || severity in severityChains),
              defaultSeverity: defaultSeverity ?? 'general',
            }),
        })),
        // For the report form's confirmation: which number to call now (119 fire, 120 ambulance ...).
        emergencyNumbers: Object.fromEntries(plan.categories.flatMap(({ id, emergencyNumber }) => (emergencyNumber ? [[id, emergencyNumber]] : []))),
        superior: plan.organisation.superior,
      })),
    );
  });

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['list-plans']));
