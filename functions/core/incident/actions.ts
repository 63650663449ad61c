import { type Clock, NotFoundError, ValidationError } from '../base';
import { eventKey, stateOf, type IncidentState, type TimelineEvent } from './model';
import { type Category, categoryOf, type Person, personById, type Plan, type PlanCatalog } from '../plan';
import type { AlertNumbers, IncidentRecord, IncidentStore, WrittenReportWatch } from './ports';
import { writtenReportBecomesDue } from './after-close';

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
  phones: AlertNumbers;
  /** Closing starts the wait for the written report's deadline. */
  writtenReports: WrittenReportWatch;
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

/** The incident as one person on it sees it. Undefined when either is unknown or it is closed. */
export async function viewAs(deps: ActionDependencies, incidentId: string, personId: string): Promise<ActionView | undefined> {
  const record = await deps.incidents.get(incidentId);
  if (!record) return undefined;
  const plan = await deps.plans.get(record.incident.planId, record.incident.planVersion);
  const person = plan && personById(plan, personId);
  const category = plan && categoryOf(plan, record.incident.category);
  const state = stateOf(record.timeline);
  // Nobody acts on a closed incident any more: its links are dead.
  if (!plan || !person || !category || state.closed) return undefined;
  return { record, plan, category, person, state, actions: actionsOpen(state) };
}

export async function openActionLink(deps: ActionDependencies, token: string): Promise<ActionView> {
  const grant = await deps.incidents.findGrant(token);
  const view = grant && (await viewAs(deps, grant.incidentId, grant.personId));
  if (!view) throw new NotFoundError(UNKNOWN_LINK);
  return view;
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

export interface ActionResult extends ActionView {
  /** Where the incident stood before: who had acknowledged, reported or closed it already. */
  before: IncidentState;
}

/** Records the action as the link's person. */
export async function takeAction(deps: ActionDependencies, token: string, request: ActionRequest): Promise<ActionResult> {
  const grant = await deps.incidents.findGrant(token);
  if (!grant) throw new NotFoundError(UNKNOWN_LINK);
  return actAs(deps, grant.incidentId, grant.personId, request);
}

/**
 * Records an action as a person on the incident, however they sent it (link, SMS reply, console).
 * Repeating it changes nothing: each person acknowledges (or reports) once, and the first
 * acknowledgement is the one that stops the escalation.
 */
export async function actAs(deps: ActionDependencies, incidentId: string, personId: string, request: ActionRequest): Promise<ActionResult> {
  const view = await viewAs(deps, incidentId, personId);
  if (!view) throw new NotFoundError(UNKNOWN_LINK);
  const at = deps.clock.now().toISOString();
  const who = { personId: view.person.id, name: view.person.name };
  await deps.incidents.append(incidentId, eventFor(request, at, who));
  const record = (await deps.incidents.get(incidentId))!;
  if (request.action === 'close') {
    await deps.incidents.markClosed(incidentId);
    const texted = record.timeline.flatMap((event) => (event.type === 'notified' ? [event.phone] : []));
    await deps.phones.releaseAlerts(incidentId, texted);
    await writtenReportBecomesDue(deps, incidentId);
  }
  const state = stateOf(record.timeline);
  return { ...view, record, state, before: view.state, actions: state.closed ? [] : actionsOpen(state) };
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
