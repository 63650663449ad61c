import { NotFoundError, ValidationError } from './errors';
import { eventKey, stateOf, type IncidentState, type TimelineEvent } from './incident';
import { categoryOf, personById, type Category, type Person, type Plan } from './plan';
import type { Clock, IncidentRecord, IncidentStore, PlanCatalog } from './ports';

/**
 * What a person can do through the link in their text. The link names them and the incident,
 * so whatever they do is recorded as them.
 */

export type ActionName = 'ack' | 'reported' | 'close';
export const ACTIONS: readonly ActionName[] = ['ack', 'reported', 'close'];

export interface ActionDependencies {
  incidents: IncidentStore;
  plans: PlanCatalog;
  clock: Clock;
}

export interface ActionView {
  record: IncidentRecord;
  plan: Plan;
  category: Category;
  person: Person;
  state: IncidentState;
  actions: ActionName[];
}

const UNKNOWN_LINK = 'This link is unknown or no longer valid.';

export async function openActionLink(deps: ActionDependencies, token: string): Promise<ActionView> {
  const grant = await deps.incidents.findGrant(token);
  const record = grant && (await deps.incidents.get(grant.incidentId));
  if (!grant || !record) throw new NotFoundError(UNKNOWN_LINK);
  const plan = await deps.plans.get(record.incident.planId, record.incident.planVersion);
  const person = plan && personById(plan, grant.personId);
  const category = plan && categoryOf(plan, record.incident.category);
  const state = stateOf(record.timeline);
  // A closed incident's links are dead: nobody acts on it any more.
  if (!plan || !person || !category || state.closed) throw new NotFoundError(UNKNOWN_LINK);
  return { record, plan, category, person, state, actions: actionsOpen(state) };
}

function actionsOpen(state: IncidentState): ActionName[] {
  return [...(state.acknowledged ? [] : (['ack'] as const)), ...(state.reportedToBureau ? [] : (['reported'] as const)), 'close'];
}

export interface ActionRequest {
  action: ActionName;
  resolution?: string;
}

export function validateAction(body: unknown): ActionRequest {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (!ACTIONS.includes(input.action as ActionName)) {
    throw new ValidationError('Unknown action.', { action: `expected one of ${ACTIONS.join(', ')}` });
  }
  const action = input.action as ActionName;
  if (action === 'close' && (typeof input.resolution !== 'string' || input.resolution.trim() === '')) {
    throw new ValidationError('Closing an incident needs a resolution.', { resolution: 'required: how the incident was resolved' });
  }
  return { action, resolution: typeof input.resolution === 'string' ? input.resolution.trim().slice(0, 2000) : undefined };
}

/**
 * Records the action as the link's person. Repeating it changes nothing: each person acknowledges
 * (or reports) once, and the first acknowledgement is the one that stops the escalation.
 */
export async function takeAction(deps: ActionDependencies, token: string, request: ActionRequest): Promise<ActionView> {
  const view = await openActionLink(deps, token);
  const at = deps.clock.now().toISOString();
  const who = { personId: view.person.id, name: view.person.name };
  await deps.incidents.append(view.record.incident.id, eventFor(request, at, who));
  if (request.action === 'close') await deps.incidents.markClosed(view.record.incident.id);
  const record = await deps.incidents.get(view.record.incident.id);
  const state = stateOf(record!.timeline);
  return { ...view, record: record!, state, actions: state.closed ? [] : actionsOpen(state) };
}

function eventFor(request: ActionRequest, at: string, who: { personId: string; name: string }): TimelineEvent {
  switch (request.action) {
    case 'ack':
      return { type: 'acknowledged', key: eventKey.acknowledged(who.personId), at, ...who };
    case 'reported':
      return { type: 'reported-to-bureau', key: eventKey.reportedToBureau(who.personId), at, ...who };
    case 'close':
      return { type: 'closed', key: eventKey.closed(), at, ...who, resolution: request.resolution ?? '' };
  }
}
