import type { Calendar, CalendarStore } from '../core/periods';
import {
  type ActionGrant,
  type CounterWindow,
  type Incident,
  type IncidentListing,
  type IncidentRecord,
  type IncidentStore,
  listedIncident,
  type OpenIncident,
  type OptOutNotice,
  type ReportCounters,
  type SentText,
  summaryOf,
  type TextGrant,
  type TimelineEvent,
} from '../core/incident';
import { bureauOf, type ExpectedSchool, type ExpectedTimetable, expectedOf, type Plan, type PlanCatalog, type ScheduledReportKind, schoolTag } from '../core/plan';
import type { DeliveryClaim } from '../core/base';
import type { HeldAlert, InboundHandled, PhoneAlert, PhoneAlerts, PhoneStore, SentSms } from '../core/sms';

/**
 * In-memory stores with the same contract as the DynamoDB ones (first write wins, append-only),
 * for the plan simulator and for unit tests of the domain.
 */
export class MemoryIncidentStore implements IncidentStore {
  private readonly incidents = new Map<string, Incident>();
  private readonly timelines = new Map<string, Map<string, TimelineEvent>>();
  private readonly idempotency = new Map<string, { incidentId: string; fingerprint: string }>();
  private readonly grants = new Map<string, TextGrant & { claim?: DeliveryClaim }>();
  private readonly closed = new Set<string>();
  private readonly texts = new Map<string, SentText>();

  private readonly listings = new Map<string, IncidentListing>();

  async create(incident: Incident, listing?: IncidentListing): Promise<boolean> {
    if (this.incidents.has(incident.id)) return false;
    this.incidents.set(incident.id, structuredClone(incident));
    if (listing) this.listings.set(incident.id, structuredClone(listing));
    return true;
  }

  async storeNew(incident: Incident, listing: IncidentListing, reported: Extract<TimelineEvent, { type: 'reported' }>): Promise<void> {
    await this.create(incident, listing);
    await this.append(incident.id, reported);
  }

  async listAllOpen(): Promise<OpenIncident[]> {
    const open = [...this.incidents.values()].filter((incident) => !this.closed.has(incident.id));
    return open.map((incident) => ({
      incident: listedIncident(structuredClone(incident)),
      listing: this.listings.get(incident.id),
      summary: summaryOf([...(this.timelines.get(incident.id)?.values() ?? [])]),
    }));
  }

  async get(incidentId: string): Promise<IncidentRecord | undefined> {
    const incident = this.incidents.get(incidentId);
    if (!incident) return undefined;
    return structuredClone({ incident, timeline: [...(this.timelines.get(incidentId)?.values() ?? [])] });
  }

  async recordText(incidentId: string, event: Extract<TimelineEvent, { type: 'notified' }>, text: SentText, link?: { token: string; grant: TextGrant }): Promise<void> {
    await this.append(incidentId, event);
    if (!this.texts.has(event.messageId)) this.texts.set(event.messageId, text);
    if (link) this.grants.set(link.token, { ...link.grant });
  }

  async textClaims(tokens: readonly string[]): Promise<Map<string, DeliveryClaim>> {
    return new Map(
      tokens.flatMap((token) => {
        const claim = this.grants.get(token)?.claim;
        return claim ? [[token, structuredClone(claim)] as const] : [];
      }),
    );
  }

  async claimText(claim: DeliveryClaim, grant: TextGrant, replacing?: DeliveryClaim): Promise<boolean> {
    const stored = this.grants.get(claim.token)?.claim;
    if (replacing ? stored?.attempt !== replacing.attempt || stored.leaseUntil !== replacing.leaseUntil : stored) return false;
    this.grants.set(claim.token, { ...grant, claim: structuredClone(claim) });
    return true;
  }

  async releaseText(claim: DeliveryClaim): Promise<void> {
    const stored = this.grants.get(claim.token)?.claim;
    if (stored?.attempt === claim.attempt) stored.leaseUntil = 0;
  }

  async findText(messageId: string): Promise<SentText | undefined> {
    return this.texts.get(messageId);
  }

  async listOpen(orgId: string): Promise<IncidentRecord[]> {
    const open = [...this.incidents.values()]
      .filter((incident) => incident.orgId === orgId && !this.closed.has(incident.id))
      .sort((a, b) => a.reportedAt.localeCompare(b.reportedAt));
    return Promise.all(open.map(async (incident) => (await this.get(incident.id))!));
  }

  async listReported(orgId: string, from: string, to: string): Promise<IncidentRecord[]> {
    const reported = [...this.incidents.values()]
      .filter((incident) => incident.orgId === orgId && incident.reportedAt >= from && incident.reportedAt < to)
      .sort((a, b) => a.reportedAt.localeCompare(b.reportedAt));
    return Promise.all(reported.map(async (incident) => (await this.get(incident.id))!));
  }

  async markClosed(incidentId: string): Promise<void> {
    this.closed.add(incidentId);
  }

  async append(incidentId: string, event: TimelineEvent): Promise<boolean> {
    const timeline = this.timelines.get(incidentId) ?? new Map<string, TimelineEvent>();
    this.timelines.set(incidentId, timeline);
    if (timeline.has(event.key)) return false;
    timeline.set(event.key, structuredClone(event));
    return true;
  }

  async findIdempotencyKey(key: string) {
    return this.idempotency.get(key);
  }

  async claimIdempotencyKey(key: string, claim: { incidentId: string; fingerprint: string }) {
    if (!this.idempotency.has(key)) this.idempotency.set(key, claim);
    return this.idempotency.get(key)!;
  }

  async findGrant(token: string): Promise<ActionGrant | undefined> {
    const grant = this.grants.get(token);
    return grant && { incidentId: grant.incidentId, personId: grant.personId };
  }
}

export class MemoryPlanCatalog implements PlanCatalog {
  private readonly current = new Map<string, Plan>();
  private readonly published = new Map<string, Plan>();

  constructor(plans: Plan[] = []) {
    for (const plan of plans) void this.publish(plan);
  }

  async list(): Promise<Plan[]> {
    return [...this.current.values()];
  }

  async get(planId: string, version?: string): Promise<Plan | undefined> {
    return version === undefined ? this.current.get(planId) : this.published.get(`${planId}@${version}`);
  }

  async versions(refs: readonly { planId: string; version: string }[]): Promise<Map<string, Plan>> {
    return new Map(
      refs.flatMap(({ planId, version }) => {
        const plan = this.published.get(`${planId}@${version}`);
        return plan ? [[`${planId}@${version}`, plan] as const] : [];
      }),
    );
  }

  async publish(plan: Plan): Promise<void> {
    this.current.set(plan.id, plan);
    this.published.set(`${plan.id}@${plan.version}`, plan);
  }

  /** The index the DynamoDB catalog keeps, worked out from the current plans. */
  private expected(bureau: string, kind: ScheduledReportKind) {
    return [...this.current.values()]
      .flatMap(expectedOf)
      .filter(({ school }) => school.bureau === bureau && school.kind === kind)
      .sort((a, b) => (idOf(a.school) < idOf(b.school) ? -1 : 1));
  }

  async bureaus(): Promise<string[]> {
    return [...new Set([...this.current.values()].filter((plan) => plan.scheduledReports?.length).map(bureauOf))].sort();
  }

  async timetables(bureau: string, kind: ScheduledReportKind): Promise<ExpectedTimetable[]> {
    const timetables = new Map<string, ExpectedTimetable>();
    for (const { school, timetable } of this.expected(bureau, kind)) {
      const entry = timetables.get(school.timetable) ?? { key: school.timetable, timetable: structuredClone(timetable), schools: [] };
      entry.schools.push(schoolTag(school.planId, school.reportId));
      timetables.set(school.timetable, entry);
    }
    return [...timetables.values()];
  }

  async expectedSchools(bureau: string, kind: ScheduledReportKind, page: { after?: string; limit: number }) {
    const all = this.expected(bureau, kind)
      .map(({ school }) => school)
      .filter((school) => page.after === undefined || idOf(school) > page.after);
    const schools = all.slice(0, page.limit);
    const last = schools.at(-1);
    return { schools: structuredClone(schools), ...(all.length > page.limit && last && { next: idOf(last) }) };
  }
}

export class MemoryPhoneStore implements PhoneStore {
  /** Per phone, its open alerts by reply number. */
  private readonly alerts = new Map<string, Map<number, HeldAlert>>();
  /** Per phone, the latest STOP or START by when it was sent. */
  private readonly optedOut = new Map<string, { optedOut: boolean; at: string }>();
  private readonly sent: SentSms[] = [];
  private readonly inbound = new Map<string, { handled?: InboundHandled; answered: boolean }>();

  async alertsAmong(phones: readonly string[]): Promise<Map<string, PhoneAlerts>> {
    return new Map(
      phones.map((phone) => [phone, { optedOut: this.optedOut.get(phone)?.optedOut ?? false, alerts: structuredClone([...(this.alerts.get(phone)?.values() ?? [])]) }]),
    );
  }

  async claimAlertText(phone: string, alert: PhoneAlert, isNew: boolean, claim: DeliveryClaim, replacing?: DeliveryClaim): Promise<boolean> {
    const mine = this.alerts.get(phone) ?? new Map<number, HeldAlert>();
    this.alerts.set(phone, mine);
    const held = mine.get(alert.number);
    if (isNew) {
      if (held) return false;
      mine.set(alert.number, { ...alert, claims: { [claim.token]: structuredClone(claim) } });
      return true;
    }
    if (!held || held.incidentId !== alert.incidentId) return false;
    const stored = held.claims[claim.token];
    if (replacing ? stored?.attempt !== replacing.attempt || stored.leaseUntil !== replacing.leaseUntil : stored) return false;
    held.claims[claim.token] = structuredClone(claim);
    return true;
  }

  async releaseAlertText(phone: string, number: number, claim: DeliveryClaim): Promise<void> {
    const stored = this.alerts.get(phone)?.get(number)?.claims[claim.token];
    if (stored?.attempt === claim.attempt) stored.leaseUntil = 0;
  }

  async openAlerts(phone: string): Promise<PhoneAlert[]> {
    return [...(this.alerts.get(phone)?.values() ?? [])].map(({ number, incidentId, code, sentAt }) => ({ number, incidentId, code, sentAt })).sort((a, b) => a.number - b.number);
  }

  async releaseAlerts(incidentId: string, phones: readonly string[]): Promise<void> {
    for (const phone of phones) {
      const mine = this.alerts.get(phone);
      for (const [number, held] of mine ?? []) if (held.incidentId === incidentId) mine!.delete(number);
    }
  }

  async setOptedOut(phone: string, optedOut: boolean, at: string): Promise<void> {
    const latest = this.optedOut.get(phone);
    if (!latest || latest.at <= at) this.optedOut.set(phone, { optedOut, at });
  }

  async isOptedOut(phone: string): Promise<boolean> {
    return this.optedOut.get(phone)?.optedOut ?? false;
  }

  async optedOutAmong(phones: readonly string[]): Promise<Set<string>> {
    return new Set(phones.filter((phone) => this.optedOut.get(phone)?.optedOut));
  }

  async recordSent(sent: SentSms): Promise<void> {
    this.sent.push(sent);
  }

  async sentSince(phone: string, since: string): Promise<SentSms[]> {
    return this.sent.filter((sent) => sent.to === phone && sent.at > since);
  }

  async inboundProgress(messageId: string) {
    const progress = this.inbound.get(messageId);
    return progress && { ...progress };
  }

  async recordInboundHandled(messageId: string, handled: InboundHandled): Promise<void> {
    const progress = this.inbound.get(messageId);
    this.inbound.set(messageId, { handled: progress?.handled ?? handled, answered: progress?.answered ?? false });
  }

  async claimInboundAnswer(messageId: string): Promise<boolean> {
    const progress = this.inbound.get(messageId) ?? { answered: false };
    if (progress.answered) return false;
    this.inbound.set(messageId, { ...progress, answered: true });
    return true;
  }

  async releaseInboundAnswer(messageId: string): Promise<void> {
    const progress = this.inbound.get(messageId);
    if (progress) progress.answered = false;
  }

  private readonly notices = new Map<string, OptOutNotice>();
  private readonly noticeTexts = new Set<string>();

  async openOptOutNotice(notice: OptOutNotice): Promise<OptOutNotice> {
    const key = `${notice.planId}#${notice.personId}`;
    if (!this.notices.has(key)) this.notices.set(key, structuredClone(notice));
    return structuredClone(this.notices.get(key)!);
  }

  async clearOptOutNotice(planId: string, personId: string): Promise<void> {
    this.notices.delete(`${planId}#${personId}`);
  }

  async optOutNotices(): Promise<OptOutNotice[]> {
    return [...this.notices.values()].map((notice) => structuredClone(notice));
  }

  async claimNoticeText(messageId: string, to: string): Promise<boolean> {
    if (this.noticeTexts.has(`${messageId}#${to}`)) return false;
    this.noticeTexts.add(`${messageId}#${to}`);
    return true;
  }

  async releaseNoticeText(messageId: string, to: string): Promise<void> {
    this.noticeTexts.delete(`${messageId}#${to}`);
  }
}

/** The bureau's calendar in memory, for the domain's unit tests. */
export class MemoryCalendarStore implements CalendarStore {
  private calendar: Calendar = { periods: [], setAt: null, setBy: null };

  async read(): Promise<Calendar> {
    return structuredClone(this.calendar);
  }

  async write(calendar: Calendar): Promise<void> {
    this.calendar = structuredClone(calendar);
  }
}

/** The report limits' counters in memory, with the DynamoDB adapter's contract. */
export class MemoryReportCounters implements ReportCounters {
  private readonly counters = new Map<string, { reports: number; refusals: number }>();

  async take(key: string, window: CounterWindow, limit: number): Promise<{ taken: true } | { taken: false; refusals: number }> {
    const counter = this.counters.get(`${key}@${window.start}`) ?? { reports: 0, refusals: 0 };
    this.counters.set(`${key}@${window.start}`, counter);
    if (counter.reports < limit) {
      counter.reports += 1;
      return { taken: true };
    }
    counter.refusals += 1;
    return { taken: false, refusals: counter.refusals };
  }

  async giveBack(key: string, window: CounterWindow): Promise<void> {
    const counter = this.counters.get(`${key}@${window.start}`);
    if (counter && counter.reports > 0) counter.reports -= 1;
  }
}

/** A school's report as the index orders it (planId#reportId). */
const idOf = (school: Pick<ExpectedSchool, 'planId' | 'reportId'>) => `${school.planId}#${school.reportId}`;
