import { assertMaySee, type Caller, categoryOf, type Chain, chainOf, peopleWithRoles, type Person, personOf, type Plan, plansVisibleTo, roleName, whyNotActing } from '../plan';
import { actAs, actionsOpen, authorityOn, validateAction, type ActionDependencies } from './actions';
import { type ActionName, ConsoleActionBody, type ConsoleActionName } from './requests';
import { byPosition, cursorOf, isAfter, listingOf, NO_DEADLINE, validateBoardQuery, visibleOnBoard, type BoardQuery, type IncidentListing, type OpenIncident } from './board';
import { ConflictError, ForbiddenError, NotFoundError, parseRequest, ValidationError } from '../base';
import { eventKey, stateOf, type Incident, type IncidentState } from './model';
import type { AlertNumbers, IncidentRecord, OptOutNotices } from './ports';
import { incidentView } from './view';
import { confirmationBoard } from './confirmations';
import { mayRemind, remindState } from './reminders';

/**
 * What the web console shows and does for a signed-in person: the open incidents of the schools
 * they may see, one incident with its chain, and the actions they take on it as themselves.
 */

export interface ConsoleActionRequest {
  action: ConsoleActionName;
  resolution?: string;
  text?: string;
}

export function validateConsoleAction(body: unknown): ConsoleActionRequest {
  const request = parseRequest(ConsoleActionBody, body ?? {}, 'The action');
  if (request.action !== 'note') return validateAction(request);
  if (!request.text) throw new ValidationError('A note needs some text.', { text: 'required: what to note' });
  return { action: 'note', text: request.text };
}

/** The deadline an incident is waiting for next: a level's acknowledgement or the report to the bureau. */
export interface NextDeadline {
  kind: 'acknowledgement' | 'report';
  /** For an acknowledgement: the level that must answer by then. */
  level?: number;
  at: string;
  /** Passed and not met (a report past due is late, 缓报). */
  overdue: boolean;
}

export function nextDeadline(
  incident: Pick<Incident, 'deadlines'>,
  state: Pick<IncidentState, 'closed' | 'acknowledged' | 'reportedToBureau'>,
  now: Date,
): NextDeadline | undefined {
  if (state.closed) return undefined;
  const instant = now.toISOString();
  const candidates: NextDeadline[] = [];
  if (!state.acknowledged) {
    const waiting = incident.deadlines.levels.find((level) => level.at > instant);
    if (waiting) candidates.push({ kind: 'acknowledgement', level: waiting.level, at: waiting.at, overdue: false });
  }
  if (!state.reportedToBureau) candidates.push({ kind: 'report', at: incident.deadlines.report, overdue: incident.deadlines.report <= instant });
  return candidates.sort((a, b) => a.at.localeCompare(b.at))[0];
}

/** One line of the incident board. */
export function boardRow({ incident, listing, summary }: OpenIncident & { listing: IncidentListing }, now: Date) {
  const status = summary.acknowledgedBy.length > 0 ? 'acknowledged' : 'open';
  const state = { closed: false, acknowledged: status === 'acknowledged', reportedToBureau: summary.reportedToBureau };
  return {
    id: incident.id,
    code: incident.code,
    orgId: incident.orgId,
    orgName: listing.orgName,
    timeZone: listing.timeZone,
    superior: listing.superior,
    category: incident.category,
    categoryName: listing.categoryName,
    kind: incident.kind,
    severity: incident.severity ?? 'general',
    place: incident.place,
    reportedAt: incident.reportedAt,
    status,
    levelReached: summary.levelReached,
    levels: incident.deadlines.levels.length,
    acknowledgedBy: summary.acknowledgedBy.map(({ name, at }) => ({ name, at })),
    reportedToBureau: summary.reportedToBureau,
    late: summary.late,
    unanswered: summary.unanswered,
    nextDeadline: nextDeadline(incident, state, now) ?? null,
  } as const;
}

export type BoardRow = ReturnType<typeof boardRow>;

/** The board also shows who on a chain or roster texted STOP (the SMS channel keeps the notices). */
export type ConsoleDependencies = ActionDependencies & { phones: AlertNumbers & OptOutNotices };

/**
 * One page of the open incidents of every school the caller may see, most pressing first (by the
 * next deadline; none: last), with the counts per status of everything the school, category and
 * search filters leave, and the cursor of the next page. One read of the open list, whatever the
 * number of schools.
 */
export async function openIncidentsFor(deps: ConsoleDependencies, caller: Caller, query: BoardQuery = validateBoardQuery({})) {
  const now = deps.clock.now();
  const instant = now.toISOString();
  const legacyPlans = new Map<string, Promise<Plan | undefined>>();
  const listed = async (open: OpenIncident): Promise<OpenIncident & { listing: IncidentListing }> => {
    if (open.listing) return { ...open, listing: open.listing };
    const key = `${open.incident.planId}@${open.incident.planVersion}`;
    if (!legacyPlans.has(key)) legacyPlans.set(key, deps.plans.get(open.incident.planId, open.incident.planVersion));
    const plan = await legacyPlans.get(key);
    const listing = plan ? listingOf(plan, open.incident) : { orgName: open.incident.orgId, timeZone: 'UTC', superior: null, superiors: [], categoryName: open.incident.category };
    return { ...open, listing };
  };
  const all = await Promise.all((await deps.incidents.listAllOpen()).map(listed));
  const words = query.search?.toLowerCase().split(/\s+/) ?? [];
  const rows = all
    .filter((open) => visibleOnBoard(caller, open.incident, open.listing))
    .filter(({ incident }) => (!query.school || incident.orgId === query.school) && (!query.category || incident.category === query.category))
    .map((open) => boardRow(open, now))
    .filter((row) => words.every((word) => [row.code, row.orgName, row.categoryName, row.place].some((field) => field.toLowerCase().includes(word))));
  const overdue = (row: BoardRow) => row.late || (!row.reportedToBureau && row.nextDeadline?.kind === 'report' && row.nextDeadline.at <= instant);
  const counts = {
    all: rows.length,
    open: rows.filter((row) => row.status === 'open').length,
    acknowledged: rows.filter((row) => row.status === 'acknowledged').length,
    overdue: rows.filter(overdue).length,
  };
  const position = (row: BoardRow) => ({ at: row.nextDeadline?.at ?? NO_DEADLINE, id: row.id });
  const matching = rows
    .filter((row) => (!query.status || row.status === query.status) && (query.overdue === undefined || overdue(row) === query.overdue))
    .sort((a, b) => byPosition(position(a), position(b)));
  const after = query.cursor ? matching.filter((row) => isAfter(position(row), query.cursor!)) : matching;
  const page = after.slice(0, query.limit);
  const more = after.length > page.length;
  return {
    now: instant,
    counts,
    total: matching.length,
    incidents: page,
    nextCursor: more ? cursorOf(position(page.at(-1)!)) : null,
    optedOut: await optedOutFor(deps, caller, query),
  };
}

/** Who on a chain or roster of the schools the caller may see has texted STOP, longest first. */
async function optedOutFor(deps: ConsoleDependencies, caller: Caller, query: BoardQuery) {
  const notices = await deps.phones.optOutNotices();
  // Only the plans the notices name: the board is polled, and a bureau's stage has thousands of plans.
  const named = await Promise.all([...new Set(notices.map((notice) => notice.planId))].map((planId) => deps.plans.get(planId)));
  const schools = new Set(
    plansVisibleTo(
      caller,
      named.filter((plan): plan is Plan => plan !== undefined),
    ).map((plan) => plan.organisation.id),
  );
  return notices
    .filter((notice) => schools.has(notice.orgId) && (!query.school || notice.orgId === query.school))
    .sort((a, b) => a.at.localeCompare(b.at))
    .map(({ orgId, orgName, name, roles, at, told }) => ({ orgId, orgName, name, roles, at, told }));
}

async function visibleRecord(deps: ConsoleDependencies, incidentId: string, caller: Caller) {
  const record = await deps.incidents.get(incidentId);
  if (!record) throw new NotFoundError(`No incident with id "${incidentId}".`);
  // The incident's own plan says whose it is (its school, its superiors), as on the board: one
  // read, not the stage's every plan.
  const plan = await deps.plans.get(record.incident.planId, record.incident.planVersion);
  const current = plan ?? (await deps.plans.get(record.incident.planId));
  assertMaySee(caller, current ? [current] : [], record.incident.orgId);
  return { record, plan };
}

/**
 * An incident as the console's incident page shows it: the API view plus the school, the
 * category's names, the chain (who each level texts) and what the caller may do on it.
 */
export async function incidentFor(deps: ConsoleDependencies, incidentId: string, caller: Caller) {
  const { record, plan } = await visibleRecord(deps, incidentId, caller);
  return detail(deps, record, plan, caller, deps.clock.now());
}

async function detail(deps: ConsoleDependencies, record: IncidentRecord, plan: Plan | undefined, caller: Caller, now: Date) {
  const { incident } = record;
  const state = stateOf(record.timeline);
  const category = plan && categoryOf(plan, incident.category);
  const chain = plan && category ? chainOf(plan, category.id, incident.severity) : undefined;
  const you = plan && personOf(plan, caller);
  const authority = you && plan ? await authorityOn(deps, plan, record, you) : undefined;
  return {
    ...incidentView(record),
    now: now.toISOString(),
    orgName: plan?.organisation.name ?? incident.orgId,
    timeZone: plan?.timeZone ?? null,
    superior: plan?.organisation.superior ?? null,
    categoryName: category?.name ?? incident.category,
    emergencyNumber: category?.emergencyNumber ?? null,
    reportedToBureauBy: state.reportedToBureauBy ?? null,
    nextDeadline: nextDeadline(incident, state, now) ?? null,
    chain: chain
      ? chain.levels.map((level, index) => ({
          level: index + 1,
          roles: level.notify.map((role) => roleName(plan!, role)),
          people: peopleWithRoles(plan!, level.notify).map((person) => person.name),
        }))
      : [],
    reportTo: chain ? peopleWithRoles(plan!, chain.reportToSuperior.to).map((person) => person.name) : [],
    you: you && authority ? { personId: you.id, name: you.name, standing: authority.standing } : null,
    confirmations: chain ? confirmationBoard(plan!, chain, record.timeline) : [],
    remind: chain && !state.closed ? reminding(plan!, chain, record, you, now) : null,
    actions: you && authority && !state.closed ? consoleActionsOpen(actionsOpen(state, authority, you.id, record.timeline)) : [],
  };
}

/** Whether the caller may remind again (POST /incidents/{id}/remind), whom it would reach, and from when. */
function reminding(plan: Plan, chain: Chain, record: IncidentRecord, you: Person | undefined, now: Date) {
  const state = remindState(record.timeline, now);
  return {
    allowed: Boolean(you && mayRemind(plan, chain, you)),
    level: state.level,
    notBefore: state.notBefore,
    last: state.last && { at: state.last.at, round: state.last.round, by: state.last.name, to: state.last.to.map(({ name }) => name) },
  };
}

/** Anyone on the plan may comment; a note goes before closing, as the page lays them out. */
function consoleActionsOpen(open: ActionName[]): ConsoleActionName[] {
  return [...open.filter((action) => action !== 'close'), 'note', ...open.filter((action) => action === 'close')];
}

/**
 * Records what the signed-in caller does on an incident, as the person of the incident's plan
 * with the caller's phone: the same events an action link or an SMS reply writes, plus notes.
 * Someone who may see the school but is not on its plan (another bureau desk) may only look.
 */
export async function actAsCaller(deps: ConsoleDependencies, incidentId: string, caller: Caller, request: ConsoleActionRequest) {
  const { record, plan } = await visibleRecord(deps, incidentId, caller);
  const person = plan && personOf(plan, caller);
  if (!person)
    throw new ForbiddenError(plan ? `${whyNotActing(plan, caller, 'act on incidents')} You can follow this incident but not act on it.` : 'This incident’s plan is not published.');
  if (stateOf(record.timeline).closed) throw new ConflictError('This incident is closed; nothing more can be recorded on it.');
  if (request.action === 'note') {
    const at = deps.clock.now().toISOString();
    await deps.incidents.append(incidentId, { type: 'note', key: eventKey.note(person.id, at), at, personId: person.id, name: person.name, text: request.text! });
  } else {
    await actAs(deps, incidentId, person.id, { action: request.action, resolution: request.resolution });
  }
  return incidentFor(deps, incidentId, caller);
}
