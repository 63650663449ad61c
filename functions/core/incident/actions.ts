import { type Clock, ForbiddenError, NotFoundError, parseRequest, ValidationError } from '../base';
import { authorityOf, rolesAsWritten, whyNotAcknowledge, whyNotClose, whyNotReport, type Authority } from './authority';
import { eventKey, stateOf, type IncidentState, type TimelineEvent } from './model';
import { type Category, categoryOf, chainOf, type Person, personById, type Plan, type PlanCatalog } from '../plan';
import type { AlertNumbers, IncidentRecord, IncidentStore, RoleHolders, WrittenReportWatch } from './ports';
import { writtenReportBecomesDue } from './after-close';
import { type ActionName, PersonActionBody } from './requests';

/**
 * What a person can do through the link in their text. The link names them and the incident,
 * so whatever they do is recorded as them. What is open to whom is the plan's (./authority.ts):
 * acknowledging stops the chain, 已阅 (received) only records that someone told for information
 * has read it, and the superior may ask for the written report.
 */

export interface ActionDependencies {
  incidents: IncidentStore;
  plans: PlanCatalog;
  clock: Clock;
  phones: AlertNumbers;
  /** Closing starts the wait for the written report's deadline. */
  writtenReports: WrittenReportWatch;
  /** Who holds a plan's roles at an instant (the duty roster decides for its role); the plan's people as written without it. */
  roleHolders?: RoleHolders;
}

export interface ActionView {
  record: IncidentRecord;
  plan: Plan;
  category: Category;
  person: Person;
  state: IncidentState;
  authority: Authority;
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
  const authority = await authorityOn(deps, plan, record, person);
  return { record, plan, category, person, state, authority, actions: actionsOpen(state, authority, person.id, record.timeline) };
}

export async function authorityOn(deps: ActionDependencies, plan: Plan, record: IncidentRecord, person: Person): Promise<Authority> {
  const chain = chainOf(plan, record.incident.category, record.incident.severity);
  return authorityOf(plan, chain, person, { holders: deps.roleHolders ?? rolesAsWritten, timeline: record.timeline, now: deps.clock.now() });
}

export async function openActionLink(deps: ActionDependencies, token: string): Promise<ActionView> {
  const grant = await deps.incidents.findGrant(token);
  const view = grant && (await viewAs(deps, grant.incidentId, grant.personId));
  if (!view) throw new NotFoundError(UNKNOWN_LINK);
  return view;
}

/** What the person may still do: each is offered while it would change something. */
export function actionsOpen(state: IncidentState, authority: Authority, personId: string, timeline: readonly TimelineEvent[]): ActionName[] {
  const received = timeline.some((event) => event.key === eventKey.received(personId));
  const offered: [ActionName, boolean][] = [
    ['ack', authority.mayAcknowledge && !state.acknowledged],
    ['received', authority.mayReceive && !received],
    ['reported', authority.mayReport && !state.reportedToBureau],
    ['request-written-report', authority.mayRequestWrittenReport],
    ['close', authority.mayClose],
  ];
  return offered.flatMap(([action, open]) => (open ? [action] : []));
}

export interface ActionRequest {
  action: ActionName;
  resolution?: string;
}

export function validateAction(body: unknown): ActionRequest {
  const { action, resolution } = parseRequest(PersonActionBody, body ?? {}, 'The action');
  if (action === 'close' && !resolution) {
    throw new ValidationError('Closing an incident needs a resolution.', { resolution: 'required: how the incident was resolved' });
  }
  return { action, resolution: resolution || undefined };
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
  assertMay(view, request.action);
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
  return { ...view, record, state, before: view.state, actions: state.closed ? [] : actionsOpen(state, view.authority, view.person.id, record.timeline) };
}

/** A 403 that says who may, rather than a silent no. */
function assertMay({ plan, record, authority }: ActionView, action: ActionName): void {
  const chain = chainOf(plan, record.incident.category, record.incident.severity);
  const refusal: Record<ActionName, string | undefined> = {
    ack: authority.mayAcknowledge ? undefined : whyNotAcknowledge(plan, chain),
    received: authority.mayReceive ? undefined : 'You are on the chain: acknowledge (ack) to take charge; 已阅 is for those told for information.',
    reported: authority.mayReport ? undefined : whyNotReport(plan, chain),
    'request-written-report': authority.mayRequestWrittenReport ? undefined : `Only ${plan.organisation.superior} can ask the school for its written report.`,
    close: authority.mayClose ? undefined : whyNotClose(plan, chain),
  };
  const reason = refusal[action];
  if (reason) throw new ForbiddenError(reason);
}
function eventFor(request: ActionRequest, at: string, who: { personId: string; name: string }): TimelineEvent {
  switch (request.action) {
    case 'ack':
      return { type: 'acknowledged', key: eventKey.acknowledged(who.personId), at, ...who };
    case 'received':
      return { type: 'received', key: eventKey.received(who.personId), at, ...who };
    case 'reported':
      return { type: 'reported-to-bureau', key: eventKey.reportedToBureau(who.personId), at, ...who };
    case 'request-written-report':
      return { type: 'written-report-requested', key: eventKey.writtenReportRequested(who.personId, at), at, ...who };
    case 'close':
      return { type: 'closed', key: eventKey.closed(), at, ...who, resolution: request.resolution ?? '' };
  }
}
