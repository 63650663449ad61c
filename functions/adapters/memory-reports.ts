import type { DeliveryClaim } from '../core/base';
import type { DutyOverride, DutyStore } from '../core/duty';
import { type ScheduledReportKind, schoolTag } from '../core/plan';
import { type DayTally, type OccurrenceKey, type ReportEvent, type ReportGrant, type ScheduledReportStore, tallied, type Wave, type WaveEntry } from '../core/scheduled-reports';

/** In-memory twins of the DynamoDB report and duty stores (first write wins, append-only), for domain tests. */
export class MemoryReportStore implements ScheduledReportStore {
  private readonly days = new Map<string, Map<string, { planId: string; reportId: string; event: ReportEvent }>>();
  private readonly waves = new Map<string, Wave>();
  private readonly batches = new Map<string, WaveEntry[]>();
  private readonly grants = new Map<string, { grant: ReportGrant; claim: DeliveryClaim }>();
  private readonly tallies = new Map<string, Map<string, Record<'seen' | 'submitted' | 'late', Set<string>>>>();

  async append(occurrence: OccurrenceKey, event: ReportEvent): Promise<boolean> {
    const day = this.day(occurrence.bureau, occurrence.kind, occurrence.date);
    const key = `${occurrence.planId}#${occurrence.reportId}#${event.key}`;
    const appended = !day.has(key);
    if (appended) day.set(key, structuredClone({ planId: occurrence.planId, reportId: occurrence.reportId, event }));
    this.count(occurrence, event);
    return appended;
  }

  /** As the DynamoDB store does: the school's tag joins sets, whether or not the event was new. */
  private count(occurrence: OccurrenceKey, event: ReportEvent): void {
    const counted = tallied(event);
    if (!counted) return;
    const dayKey = `${occurrence.bureau}#${occurrence.kind}#${occurrence.date}`;
    const day = this.tallies.get(dayKey) ?? new Map();
    this.tallies.set(dayKey, day);
    const sets = day.get(counted.dueAt) ?? { seen: new Set<string>(), submitted: new Set<string>(), late: new Set<string>() };
    day.set(counted.dueAt, sets);
    for (const set of counted.sets) sets[set].add(schoolTag(occurrence.planId, occurrence.reportId));
  }

  async tally(day: Pick<OccurrenceKey, 'bureau' | 'kind' | 'date'>): Promise<DayTally[]> {
    return [...(this.tallies.get(`${day.bureau}#${day.kind}#${day.date}`) ?? new Map<string, Record<'seen' | 'submitted' | 'late', Set<string>>>())].map(([dueAt, sets]) => ({
      dueAt,
      seen: [...sets.seen],
      submitted: [...sets.submitted],
      late: [...sets.late],
    }));
  }

  async events(occurrence: OccurrenceKey): Promise<ReportEvent[]> {
    return (await this.eventsOfDay(occurrence.bureau, occurrence.kind, occurrence.date))
      .filter((entry) => entry.planId === occurrence.planId && entry.reportId === occurrence.reportId)
      .map((entry) => entry.event);
  }

  async eventsOfPlans(day: Pick<OccurrenceKey, 'bureau' | 'kind' | 'date'>, fromPlanId: string, toPlanId: string) {
    return (await this.eventsOfDay(day.bureau, day.kind, day.date)).filter((entry) => entry.planId >= fromPlanId && entry.planId <= toPlanId);
  }

  async eventsOfDay(bureau: string, kind: ScheduledReportKind, date: string) {
    return structuredClone([...this.day(bureau, kind, date).values()]);
  }

  async wave(waveId: string): Promise<Wave | undefined> {
    return structuredClone(this.waves.get(waveId));
  }

  async saveWave(wave: Wave): Promise<void> {
    if (!this.waves.has(wave.id)) this.waves.set(wave.id, structuredClone(wave));
  }

  async saveBatch(waveId: string, batch: number, entries: WaveEntry[]): Promise<void> {
    const key = `${waveId}#${batch}`;
    if (!this.batches.has(key)) this.batches.set(key, structuredClone(entries));
  }

  async batch(waveId: string, batch: number): Promise<WaveEntry[]> {
    return structuredClone(this.batches.get(`${waveId}#${batch}`) ?? []);
  }

  async textClaims(tokens: readonly string[]): Promise<Map<string, DeliveryClaim>> {
    return new Map(tokens.flatMap((token) => (this.grants.has(token) ? [[token, structuredClone(this.grants.get(token)!.claim)] as const] : [])));
  }

  async claimText(claim: DeliveryClaim, grant: ReportGrant, replacing?: DeliveryClaim): Promise<boolean> {
    const stored = this.grants.get(claim.token)?.claim;
    if (replacing ? stored?.attempt !== replacing.attempt || stored.leaseUntil !== replacing.leaseUntil : stored) return false;
    this.grants.set(claim.token, structuredClone({ grant, claim }));
    return true;
  }

  async releaseText(claim: DeliveryClaim): Promise<void> {
    const stored = this.grants.get(claim.token)?.claim;
    if (stored?.attempt === claim.attempt) stored.leaseUntil = 0;
  }

  async openAll(opened: { occurrence: OccurrenceKey; event: Extract<ReportEvent, { type: 'opened' }> }[]): Promise<void> {
    for (const { occurrence, event } of opened) await this.append(occurrence, event);
  }

  async findGrant(token: string): Promise<ReportGrant | undefined> {
    return structuredClone(this.grants.get(token)?.grant);
  }

  private day(bureau: string, kind: string, date: string) {
    const key = `${bureau}#${kind}#${date}`;
    let day = this.days.get(key);
    if (!day) this.days.set(key, (day = new Map()));
    return day;
  }
}

export class MemoryDutyStore implements DutyStore {
  private readonly stored = new Map<string, DutyOverride>();

  async overrides(planId: string): Promise<DutyOverride[]> {
    return structuredClone([...this.stored.values()].filter((override) => override.planId === planId).sort((a, b) => a.setAt.localeCompare(b.setAt)));
  }

  async overridesOf(planIds: readonly string[]): Promise<Map<string, DutyOverride[]>> {
    return new Map(await Promise.all(planIds.map(async (planId) => [planId, await this.overrides(planId)] as const)));
  }

  async add(override: DutyOverride): Promise<boolean> {
    if (this.stored.has(override.id)) return false;
    this.stored.set(override.id, structuredClone(override));
    return true;
  }
}
