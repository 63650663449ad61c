import { type Caller, categoryOf, groupName, type Plan } from '../plan';
import { decodeCursor, encodeCursor, readRequest, ValidationError } from '../base';
import { BOARD_LIMIT, BoardQueryParams } from './requests';
import { sortTimeline, type Incident, type IncidentStatus, type TimelineEvent } from './model';

/**
 * The incident board of a bureau with thousands of schools. Reading every open incident's
 * timeline and every school's plan on each poll costs thousands of reads, so the store keeps one
 * item per open incident with what the board shows: the plan's names (fixed: an incident keeps
 * its plan version) and a summary of the timeline that only grows (levels texted, who
 * acknowledged, reported, late). The incident page still reads the timeline itself.
 */

/** What the board needs from the plan an incident runs under. */
export interface IncidentListing {
  orgName: string;
  timeZone: string;
  /** The superior the school reports to, by name (for "report to 银海区教育局"). */
  superior: string | null;
  /** The superiors' ids: whose duty desks see the incident (`bureau:<id>`). */
  superiors: string[];
  categoryName: string;
}

/** The parts of the timeline the board shows, as the store keeps them for an open incident. */
export interface TimelineSummary {
  levelReached: number;
  acknowledgedBy: { personId: string; name: string; at: string }[];
  reportedToBureau: boolean;
  late: boolean;
  unanswered: boolean;
}

/** What the board shows of the incident itself (not its description or reporter). */
export type ListedIncident = Pick<Incident, 'id' | 'code' | 'planId' | 'planVersion' | 'orgId' | 'category' | 'kind' | 'severity' | 'place' | 'reportedAt' | 'deadlines'>;

export function listedIncident({ id, code, planId, planVersion, orgId, category, kind, severity, place, reportedAt, deadlines }: Incident): ListedIncident {
  return { id, code, planId, planVersion, orgId, category, kind, severity, place, reportedAt, deadlines };
}

export interface OpenIncident {
  incident: ListedIncident;
  /** Absent for an incident stored before listings existed; the board then reads its plan. */
  listing?: IncidentListing;
  summary: TimelineSummary;
}

/** The timeline events that change the summary; the stores update it when one is appended. */
export const SUMMARY_EVENTS: ReadonlySet<TimelineEvent['type']> = new Set(['notified', 'acknowledged', 'reported-to-bureau', 'late', 'unanswered']);

export function listingOf(plan: Plan, incident: Pick<Incident, 'category'>): IncidentListing {
  return {
    orgName: plan.organisation.name,
    timeZone: plan.timeZone,
    superior: plan.organisation.superior ?? null,
    superiors: (plan.organisation.superiors ?? []).map((superior) => superior.id),
    categoryName: categoryOf(plan, incident.category)?.name ?? incident.category,
  };
}

export function summaryOf(timeline: readonly TimelineEvent[]): TimelineSummary {
  const ordered = sortTimeline(timeline);
  return {
    levelReached: Math.max(0, ...ordered.flatMap((event) => (event.type === 'notified' && typeof event.level === 'number' ? [event.level] : []))),
    acknowledgedBy: ordered.flatMap((event) => (event.type === 'acknowledged' ? [{ personId: event.personId, name: event.name, at: event.at }] : [])),
    reportedToBureau: ordered.some((event) => event.type === 'reported-to-bureau'),
    late: ordered.some((event) => event.type === 'late'),
    unanswered: ordered.some((event) => event.type === 'unanswered'),
  };
}

/** Whose board shows an incident: its school's staff and the duty desks of the school's superiors. */
export function visibleOnBoard(caller: Caller, incident: Pick<Incident, 'orgId'>, listing: IncidentListing): boolean {
  const groups = new Set(caller.groups);
  return groups.has(groupName.school(incident.orgId)) || listing.superiors.some((superior) => groups.has(groupName.bureau(superior)));
}

/** `GET /incidents?open=1&limit&cursor&school&category&status&overdue&q`, validated. */
export interface BoardQuery {
  limit: number;
  /** Where the previous page ended (its `nextCursor`). */
  cursor?: { at: string; id: string };
  school?: string;
  category?: string;
  status?: Exclude<IncidentStatus, 'closed'>;
  /** Only incidents whose report to the bureau is past due (or, false, only those not yet). */
  overdue?: boolean;
  /** Words to find in the code, the school, the category or the place. */
  search?: string;
}

export function validateBoardQuery(params: Record<string, string | undefined> | null | undefined): BoardQuery {
  const { value, fields } = readRequest(BoardQueryParams, params ?? {});
  const cursor = value?.cursor === undefined ? undefined : positionOf(value.cursor);
  if (value?.cursor !== undefined && !cursor) fields.cursor = 'not a cursor this list gave out (use nextCursor from the previous page)';
  if (!value || Object.keys(fields).length > 0) throw new ValidationError('The board query has a mistake.', fields);
  const flags: Record<string, boolean> = { '1': true, true: true, '0': false, false: false };
  const text = (given: string | undefined) => (given && given.trim() !== '' ? given.trim() : undefined);
  return {
    limit: value.limit === undefined ? BOARD_LIMIT.default : Number(value.limit),
    cursor,
    school: text(value.school),
    category: text(value.category),
    status: value.status,
    overdue: value.overdue === undefined ? undefined : flags[value.overdue],
    search: text(value.q),
  };
}

/** A sort position on the board: the next deadline (none: last), then the id. */
export interface BoardPosition {
  at: string;
  id: string;
}

/** Sorts after every real deadline. */
export const NO_DEADLINE = '9999-12-31T23:59:59.999Z';

export const cursorOf = (position: BoardPosition) => encodeCursor([position.at, position.id]);

function positionOf(cursor: string): BoardPosition | undefined {
  const decoded = decodeCursor(cursor);
  return decoded && { at: decoded[0], id: decoded[1] };
}

export const isAfter = (row: BoardPosition, cursor: BoardPosition) => row.at > cursor.at || (row.at === cursor.at && row.id > cursor.id);
export const byPosition = (a: BoardPosition, b: BoardPosition) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id);
