import { type Ids, NotFoundError } from '../base';
import type { DutyStore } from '../duty';
import { categoryOf, type PlanCatalog } from '../plan';
import type { CallGateway } from '../voice';
import type { TextingContext, TextingDependencies } from './texting';

/** What every escalation step needs, and the incident it loads to decide. */

export interface EscalationDependencies extends TextingDependencies {
  plans: PlanCatalog;
  ids: Ids;
  /** Swaps and covers of the duty roster; without it, the roster as the plan states it. */
  duty?: DutyStore;
  /** Calls for texts nobody confirmed and for landlines (End User Messaging voice); none where a stage has no voice. */
  calls?: CallGateway;
}

export type EscalationContext = TextingContext;

/** The incident with its plan (at the incident's version) and category; a NotFoundError when any is missing. */
export async function loadIncident(deps: Pick<EscalationDependencies, 'incidents' | 'plans'>, incidentId: string): Promise<EscalationContext> {
  const record = await deps.incidents.get(incidentId);
  if (!record) throw new NotFoundError(`incident ${incidentId} does not exist`);
  const { incident } = record;
  const plan = await deps.plans.get(incident.planId, incident.planVersion);
  if (!plan) throw new NotFoundError(`plan ${incident.planId}@${incident.planVersion} of incident ${incidentId} is not published`);
  const category = categoryOf(plan, incident.category);
  if (!category) throw new NotFoundError(`plan ${plan.id}@${plan.version} has no category ${incident.category}`);
  return { record, incident, plan, category };
}
