import { decodeCursor, encodeCursor, forEachLimited, readRequest, refuse } from '../base';
import { type Caller, dueOn, type ExpectedSchool, groupName, type ScheduledReportKind, schoolTag } from '../plan';
import type { OccurrenceKey, ReportChannel, ReportEvent } from './model';
import type { ScheduledReportDependencies } from './ports';
import { ROLL_UP_LIMIT, RollUpQueryParams } from './requests';

export type RollUpStatus = 'submitted' | 'late' | 'missing' | 'pending';

export interface SchoolReport {
  bureau: string;
  planId: string;
  orgId: string;
  school: string;
  reportId: string;
  report: string;
  dueAt: string;
  /** submitted: in (maybe late); late: past due and not in; missing: past due with no record of it at all; pending: not due yet. */
  status: RollUpStatus;
  /** Past due without it, or it came in after the due time (缓报). */
  late: boolean;
  /** When it came in, by whom, how; absent until it does. */
  submittedAt?: string;
  by?: { personId: string; name: string };
  channel?: ReportChannel;
  situation?: string;
  incident?: { id: string; code: string };
  reminded: string[];
  chased: string[];
}

export interface RollUp {
  date: string;
  type: ScheduledReportKind;
  at: string;
  /**
   * Over every school due that day the caller may see, not only this page's: submitted, missing
   * and pending count the schools of that status; late counts every school marked late (in after
   * its due time, or past due and not in, missing ones too), so it agrees with the rows.
   */
  counts: Record<RollUpStatus, number>;
  /** How many schools' reports are due that day: the rows of every page, unfiltered. */
  due: number;
  /** One page of the rows (of `status` only, when asked), by bureau, then plan and report id. */
  schools: SchoolReport[];
  /** Pass as `cursor` for the next page; absent on the last. */
  nextCursor?: string;
}

export interface RollUpQuery {
  date: string;
  type: ScheduledReportKind;
  bureau?: string;
  status?: RollUpStatus;
  /** Rows per page; 0 for the counts alone. */
  limit: number;
  /** Where the previous page ended: its `nextCursor`. */
  cursor?: string;
}

/** The last school a page listed: its bureau and planId#reportId. */
interface RollUpPosition {
  bureau: string;
  after: string;
}

export function validateRollUpQuery(query: Record<string, string | undefined> | null): RollUpQuery {
  const { value, fields } = readRequest(RollUpQueryParams, query ?? {});
  // Read whatever else is wrong, so one 400 names every mistake.
  const cursor = query?.cursor;
  if (cursor !== undefined && !positionOf(cursor) && !fields.cursor) fields.cursor = BAD_CURSOR;
  if (!value || Object.keys(fields).length > 0) refuse('The query', fields);
  const { date, type, bureau, status, limit } = value;
  return {
    date,
    type,
    ...(bureau && { bureau }),
    ...(status && { status }),
    limit: limit === undefined ? ROLL_UP_LIMIT.default : Number(limit),
    ...(cursor !== undefined && { cursor }),
  };
}

/** How many schools' events a filtered page reads at once. */
const EVENT_READS_AT_ONCE = 16;
/** Index entries read per request when a filter (a status, a caller who sees part of a bureau) may skip many. */
const SCAN_PAGE = 1000;

/**
 * Every school of a bureau (or of every bureau the plans report to) for one kind of report on one
 * local date: who sent it when, who is late, whose report the system never opened. The counts come
 * from the plans' index (which schools owe it on which timetable) and the day's tally (which were
 * opened, submitted, late): a few items, however many schools. The rows come a page at a time:
 * the page's entries of the index, and the events of those schools in one range Query.
 */
export async function rollUp(
  deps: Pick<ScheduledReportDependencies, 'plans' | 'reports' | 'clock'>,
  query: Omit<RollUpQuery, 'limit'> & { limit?: number },
  /** Only the schools this signed-in caller may see (a bureau's desk: its schools; a school: itself). */
  caller?: Caller,
): Promise<RollUp> {
  const now = deps.clock.now().toISOString();
  const limit = query.limit ?? ROLL_UP_LIMIT.default;
  const bureaus = query.bureau ? [query.bureau] : await deps.plans.bureaus();
  const days = await Promise.all(bureaus.map((bureau) => dayOf(deps, bureau, query, now, caller)));
  const counts: Record<RollUpStatus, number> = { submitted: 0, late: 0, missing: 0, pending: 0 };
  let due = 0;
  for (const day of days) {
    for (const tag of day.visible ?? day.dueAt.keys()) {
      const marked = day.statusOf(tag);
      if (!marked) continue;
      due += 1;
      if (marked.status !== 'late') counts[marked.status] += 1;
      if (marked.late) counts.late += 1;
    }
  }
  const page = limit === 0 ? { rows: [] } : await pageOf(deps, days, query, limit);
  const schools = await detailed(deps, query, page.rows);
  return { date: query.date, type: query.type, at: now, counts, due, schools, ...(page.next && { nextCursor: cursorOf(page.next) }) };
}

interface Day {
  bureau: string;
  /** Tag → due time, for the schools due that date. */
  dueAt: Map<string, string>;
  /** The tags of the schools the caller may see, when it is not the whole bureau (a school, another superior's desk). */
  visible?: Set<string>;
  statusOf(tag: string): { status: RollUpStatus; late: boolean } | undefined;
}

async function dayOf(
  deps: Pick<ScheduledReportDependencies, 'plans' | 'reports'>,
  bureau: string,
  query: Pick<RollUpQuery, 'date' | 'type'>,
  now: string,
  caller?: Caller,
): Promise<Day> {
  const [timetables, tallies] = await Promise.all([deps.plans.timetables(bureau, query.type), deps.reports.tally({ bureau, kind: query.type, date: query.date })]);
  const dueAt = new Map<string, string>();
  for (const { timetable, schools } of timetables) {
    const due = dueOn(timetable, query.date);
    if (due) for (const tag of schools) dueAt.set(tag, due);
  }
  const tally = new Map(tallies.map((day) => [day.dueAt, { seen: new Set(day.seen), submitted: new Set(day.submitted), late: new Set(day.late) }]));
  const statusOf = (tag: string) => {
    const due = dueAt.get(tag);
    if (!due) return undefined;
    const counted = tally.get(due);
    if (counted?.submitted.has(tag)) return { status: 'submitted' as const, late: counted.late.has(tag) };
    if (now < due) return { status: 'pending' as const, late: false };
    return { status: counted?.seen.has(tag) ? ('late' as const) : ('missing' as const), late: true };
  };
  if (!caller || caller.groups.includes(groupName.bureau(bureau))) return { bureau, dueAt, statusOf };
  // Part of a bureau: the index's entries say which schools, read in large pages.
  const visible = new Set<string>();
  let after: string | undefined;
  do {
    const page = await deps.plans.expectedSchools(bureau, query.type, { ...(after !== undefined && { after }), limit: SCAN_PAGE });
    for (const school of page.schools) if (maySee(caller, school)) visible.add(schoolTag(school.planId, school.reportId));
    after = page.next;
  } while (after !== undefined);
  return { bureau, dueAt, visible, statusOf };
}

const maySee = (caller: Caller, school: ExpectedSchool) =>
  caller.groups.includes(groupName.school(school.orgId)) || school.superiors.some((superior) => caller.groups.includes(groupName.bureau(superior)));

interface Row {
  school: ExpectedSchool;
  dueAt: string;
  status: RollUpStatus;
  late: boolean;
}

/** The page's rows from the index, in its order, from the cursor on; where the next page starts. */
async function pageOf(
  deps: Pick<ScheduledReportDependencies, 'plans'>,
  days: Day[],
  query: Pick<RollUpQuery, 'type' | 'status' | 'cursor'>,
  limit: number,
): Promise<{ rows: Row[]; next?: RollUpPosition }> {
  const rows: Row[] = [];
  const cursor = query.cursor === undefined ? undefined : positionOf(query.cursor);
  const start = cursor ? days.findIndex((day) => day.bureau === cursor.bureau) : 0;
  if (query.cursor !== undefined && (!cursor || start < 0)) refuse('The query', { cursor: BAD_CURSOR });
  for (const day of days.slice(start)) {
    let after = day.bureau === cursor?.bureau ? cursor.after : undefined;
    // Nothing due that day (a weekly report, a period not running): no entry to read.
    if (day.dueAt.size === 0 || day.visible?.size === 0) continue;
    const skipping = query.status !== undefined || day.visible !== undefined;
    do {
      const page = await deps.plans.expectedSchools(day.bureau, query.type, { ...(after !== undefined && { after }), limit: skipping ? SCAN_PAGE : limit - rows.length });
      for (const school of page.schools) {
        const tag = schoolTag(school.planId, school.reportId);
        const marked = day.statusOf(tag);
        after = `${school.planId}#${school.reportId}`;
        if (!marked || (day.visible && !day.visible.has(tag)) || (query.status && marked.status !== query.status)) continue;
        rows.push({ school, dueAt: day.dueAt.get(tag)!, ...marked });
        if (rows.length === limit) return { rows, next: { bureau: day.bureau, after } };
      }
      after = page.next;
    } while (after !== undefined);
  }
  return { rows };
}

/** The rows with what happened to each (who sent it, who was reminded and chased), from the day's events. */
async function detailed(deps: Pick<ScheduledReportDependencies, 'reports'>, query: Pick<RollUpQuery, 'date' | 'type' | 'status'>, rows: Row[]): Promise<SchoolReport[]> {
  const events = new Map<string, ReportEvent[]>();
  const add = (planId: string, reportId: string, event: ReportEvent) => {
    const key = `${planId}#${reportId}`;
    events.set(key, [...(events.get(key) ?? []), event]);
  };
  const day = (bureau: string) => ({ bureau, kind: query.type, date: query.date });
  if (query.status === undefined) {
    // An unfiltered page is a run of the index: one range Query per bureau on it.
    for (const bureau of new Set(rows.map((row) => row.school.bureau))) {
      const mine = rows.filter((row) => row.school.bureau === bureau);
      for (const { planId, reportId, event } of await deps.reports.eventsOfPlans(day(bureau), mine[0]!.school.planId, mine.at(-1)!.school.planId)) add(planId, reportId, event);
    }
  } else {
    // A filtered page may be spread over the whole day: each school's own events (a missing one has none).
    const occurrences: OccurrenceKey[] = rows
      .filter((row) => row.status !== 'missing')
      .map(({ school }) => ({ ...day(school.bureau), planId: school.planId, reportId: school.reportId }));
    await forEachLimited(occurrences, EVENT_READS_AT_ONCE, async (occurrence) => {
      for (const event of await deps.reports.events(occurrence)) add(occurrence.planId, occurrence.reportId, event);
    });
  }
  return rows.map(({ school, dueAt, status, late }) => {
    const mine = events.get(`${school.planId}#${school.reportId}`) ?? [];
    const submitted = mine.find((event): event is Extract<ReportEvent, { type: 'submitted' }> => event.type === 'submitted');
    return {
      bureau: school.bureau,
      planId: school.planId,
      orgId: school.orgId,
      school: school.school,
      reportId: school.reportId,
      report: school.report,
      dueAt,
      // The events are the record: a report in whose count a crash held back still shows as in.
      status: submitted ? 'submitted' : status,
      late: submitted ? submitted.at > dueAt : late,
      ...(submitted && {
        submittedAt: submitted.at,
        by: { personId: submitted.personId, name: submitted.name },
        channel: submitted.channel,
        ...(submitted.situation && { situation: submitted.situation }),
        ...(submitted.incident && { incident: submitted.incident }),
      }),
      reminded: mine.flatMap((event) => (event.type === 'reminded' ? [event.name] : [])),
      chased: mine.flatMap((event) => (event.type === 'chased' ? [event.name] : [])),
    };
  });
}

const BAD_CURSOR = 'not a cursor this roll-up gave out (use nextCursor from the previous page)';

const cursorOf = (position: RollUpPosition) => encodeCursor([position.bureau, position.after]);

function positionOf(cursor: string): RollUpPosition | undefined {
  const decoded = decodeCursor(cursor);
  return decoded && { bureau: decoded[0], after: decoded[1] };
}
