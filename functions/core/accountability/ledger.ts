import { ForbiddenError, NotFoundError, readRequest, ValidationError, type Clock } from '../base';
import { sortTimeline, type Incident, type IncidentRecord, type IncidentStore, type TimelineEvent } from '../incident';
import { categoryOf, plansVisibleTo, zonedInstant, type Caller, type Plan, type PlanCatalog } from '../plan';
import { writtenReportState } from '../written-report';
import { LedgerQueryParams } from './requests';

/**
 * The accountability ledger (plan 1 八, plan 3 七4: 隐瞒、缓报、谎报): the facts the plans hold
 * people to account for, read off each incident's timeline. It states facts, never verdicts: a
 * report made late and by how many minutes, an incident closed with no report to the superior (a
 * candidate for 隐瞒, for a person to judge), an acknowledgement after its level's deadline, a written
 * report late. Each fact names the timeline events that prove it.
 */

export type LedgerFactKind = 'late-report' | 'closed-without-report' | 'late-acknowledgement' | 'written-report-late';
export const LEDGER_FACT_KINDS: readonly LedgerFactKind[] = ['late-report', 'closed-without-report', 'late-acknowledgement', 'written-report-late'];

export interface LedgerEvidence {
  key: string;
  type: TimelineEvent['type'];
  at: string;
  /** The incident page, scrolled to the event. */
  link: string;
}

export interface LedgerFact {
  kind: LedgerFactKind;
  incidentId: string;
  code: string;
  categoryName: string;
  place: string;
  reportedAt: string;
  /** The deadline that was missed. */
  deadline: string;
  /** When it was met after all; null while it is still not met. */
  metAt: string | null;
  /** Minutes past the deadline: to `metAt`, or to now while it is still not met (to the close, for a close without a report). */
  minutes: number;
  /** Who acted late, where one person did (the acknowledger). */
  person: { personId: string; name: string } | null;
  evidence: LedgerEvidence[];
}

export interface LedgerDependencies {
  incidents: IncidentStore;
  plans: PlanCatalog;
  clock: Clock;
}

export interface LedgerQuery {
  /** Local dates in each school's time zone, inclusive. */
  from: string;
  to: string;
  school?: string;
}

const MAX_DAYS = 366;

export function validateLedgerQuery(query: Record<string, string | undefined> | null | undefined): LedgerQuery {
  const { value, fields } = readRequest(LedgerQueryParams, query ?? {});
  if (!value) throw new ValidationError(fields.from || fields.to ? 'The ledger needs a period: from and to.' : 'The query has a mistake.', fields);
  const { from, to, school } = value;
  if (to < from) throw new ValidationError('The period ends before it starts.', { to: `must be on or after from (${from})` });
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_DAYS) throw new ValidationError('The period is too long.', { to: `at most ${MAX_DAYS} days after from` });
  return { from, to, ...(school !== undefined && { school }) };
}

/** The facts of every school the caller may see (or of one), for incidents reported in the period. */
export async function ledgerFor(deps: LedgerDependencies, caller: Caller, query: LedgerQuery) {
  const all = await deps.plans.list();
  let visible = plansVisibleTo(caller, all);
  if (query.school !== undefined) {
    if (!all.some((plan) => plan.organisation.id === query.school)) throw new NotFoundError(`No school "${query.school}".`);
    visible = visible.filter((plan) => plan.organisation.id === query.school);
    if (visible.length === 0) throw new ForbiddenError('You may not see this school’s ledger.');
  }
  const now = deps.clock.now();
  const schools = await Promise.all(
    visible.map(async (plan) => {
      const from = zonedInstant(query.from, 0, 0, plan.timeZone).toISOString();
      const to = new Date(zonedInstant(query.to, 0, 0, plan.timeZone).getTime() + 86_400_000).toISOString();
      const records = await deps.incidents.listReported(plan.organisation.id, from, to);
      const facts: LedgerFact[] = [];
      for (const record of records) {
        const incidentPlan = (await deps.plans.get(record.incident.planId, record.incident.planVersion)) ?? plan;
        facts.push(...factsOf(record, incidentPlan, now));
      }
      return {
        orgId: plan.organisation.id,
        school: plan.organisation.name,
        planId: plan.id,
        superior: plan.organisation.superior,
        /** What the plan holds people to account for, in its own words. */
        accountability: plan.afterAction?.accountability ?? [],
        incidents: records.length,
        counts: countsOf(facts),
        facts,
      };
    }),
  );
  return {
    from: query.from,
    to: query.to,
    now: now.toISOString(),
    counts: countsOf(schools.flatMap((school) => school.facts)),
    schools,
  };
}

function countsOf(facts: readonly LedgerFact[]): Record<LedgerFactKind, number> {
  return Object.fromEntries(LEDGER_FACT_KINDS.map((kind) => [kind, facts.filter((fact) => fact.kind === kind).length])) as Record<LedgerFactKind, number>;
}

const minutesBetween = (from: string, to: string) => Math.max(0, Math.ceil((Date.parse(to) - Date.parse(from)) / 60_000));

/** The ledger's facts about one incident, from its timeline. */
export function factsOf(record: IncidentRecord, plan: Plan, now: Date): LedgerFact[] {
  const { incident } = record;
  const events = sortTimeline(record.timeline);
  const instant = now.toISOString();
  const evidence = (...found: (TimelineEvent | undefined)[]): LedgerEvidence[] =>
    found
      .filter((event): event is TimelineEvent => event !== undefined)
      .map((event) => ({ key: event.key, type: event.type, at: event.at, link: `/incident/${incident.id}#event-${encodeURIComponent(event.key)}` }));
  const base = (kind: LedgerFactKind, deadline: string, metAt: string | null, person: LedgerFact['person'], proof: LedgerEvidence[], until = metAt ?? instant): LedgerFact => ({
    kind,
    incidentId: incident.id,
    code: incident.code,
    categoryName: categoryOf(plan, incident.category)?.name ?? incident.category,
    place: incident.place,
    reportedAt: incident.reportedAt,
    deadline,
    metAt,
    minutes: minutesBetween(deadline, until),
    person,
    evidence: proof,
  });
  const facts: LedgerFact[] = [];
  const reported = events.find((event) => event.type === 'reported-to-bureau');
  const lateFlag = events.find((event) => event.type === 'late');
  const closed = events.find((event) => event.type === 'closed');
  const reportDeadline = incident.deadlines.report;

  // 缓报: the report to the superior made after its deadline, or not made and the deadline passed.
  if (reported ? reported.at > reportDeadline : reportDeadline <= instant) {
    facts.push(
      base(
        'late-report',
        reportDeadline,
        reported?.at ?? null,
        reported ? { personId: reported.personId, name: reported.name } : null,
        evidence(
          events.find((event) => event.type === 'reported'),
          lateFlag,
          reported,
        ),
      ),
    );
  }
  // 隐瞒 candidate: closed and never reported to the superior.
  if (closed && !reported) {
    // Its minutes run from the report deadline to the close (none when closed before the deadline).
    facts.push(
      base(
        'closed-without-report',
        reportDeadline,
        null,
        { personId: closed.personId, name: closed.name },
        evidence(
          events.find((event) => event.type === 'reported'),
          lateFlag,
          closed,
        ),
        closed.at,
      ),
    );
  }
  // Acknowledged after the deadline of the level that texted the acknowledger.
  const ack = events.find((event) => event.type === 'acknowledged');
  if (ack) {
    const texted = events.find((event) => event.type === 'notified' && event.personId === ack.personId && typeof event.level === 'number');
    const level = texted && texted.type === 'notified' && typeof texted.level === 'number' ? texted.level : 1;
    const deadline = levelDeadlineOf(incident, level);
    if (deadline && ack.at > deadline) facts.push(base('late-acknowledgement', deadline, ack.at, { personId: ack.personId, name: ack.name }, evidence(texted, ack)));
  }
  // The written report in after its deadline, or not in and the deadline passed.
  const written = writtenReportState(record.timeline);
  if (written.dueAt && (written.firstSubmittedAt ? written.firstSubmittedAt > written.dueAt : written.dueAt <= instant)) {
    const find = (type: TimelineEvent['type']) => events.find((event) => event.type === type);
    facts.push(
      base(
        'written-report-late',
        written.dueAt,
        written.firstSubmittedAt,
        null,
        evidence(find('written-report-due'), find('written-report-late'), find('written-report-submitted')),
      ),
    );
  }
  return facts;
}

function levelDeadlineOf(incident: Incident, level: number): string | undefined {
  return incident.deadlines.levels.find((entry) => entry.level === level)?.at;
}
