import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DeliveryClaim } from '../core/base';
import type { DutyOverride, DutyStore } from '../core/duty';
import type { ScheduledReportKind } from '../core/plan';
import type { OccurrenceKey, ReportEvent, ReportGrant, ScheduledReportStore, Wave, WaveEntry } from '../core/scheduled-reports';
import { TableItems } from './table-items';

/**
 * Scheduled reports in the one table, single-item conditional writes only:
 *   REPORTS#bureau#kind#date / planId#reportId#key   one event of one school's report that day;
 *                                                    the bureau's roll-up is one Query on the pk
 *   WAVE#waveId / WAVE                               a wave: its slot, instants and batch count
 *   WAVE#waveId / BATCH#0000                         the schools (plan, version, report) of a batch
 *   REPORTGRANT#token / REPORTGRANT                  a reminder's or chase's claim and its link:
 *                                                    occurrence and person; the token derives from
 *                                                    the text, so a batch reads its claims in one
 *                                                    BatchGetItem (docs/delivery.md)
 */
export class DynamoDbReportStore implements ScheduledReportStore {
  private readonly table: TableItems;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new TableItems(client, tableName);
  }

  async append(occurrence: OccurrenceKey, event: ReportEvent): Promise<boolean> {
    return this.table.putIfAbsent(this.eventItem(occurrence, event));
  }

  private eventItem(occurrence: OccurrenceKey, event: ReportEvent) {
    return {
      pk: dayKey(occurrence.bureau, occurrence.kind, occurrence.date),
      sk: `${schoolPrefix(occurrence)}${event.key}`,
      planId: occurrence.planId,
      reportId: occurrence.reportId,
      event,
    };
  }

  async events(occurrence: OccurrenceKey): Promise<ReportEvent[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': dayKey(occurrence.bureau, occurrence.kind, occurrence.date), ':prefix': schoolPrefix(occurrence) },
      ConsistentRead: true,
    });
    return items.map((item) => item.event as ReportEvent);
  }

  async eventsOfPlans(day: Pick<OccurrenceKey, 'bureau' | 'kind' | 'date'>, fromPlanId: string, toPlanId: string) {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': dayKey(day.bureau, day.kind, day.date), ':from': `${fromPlanId}#`, ':to': `${toPlanId}#\uffff` },
      ConsistentRead: true,
    });
    return items.filter((item) => item.event !== undefined).map((item) => ({ planId: item.planId as string, reportId: item.reportId as string, event: item.event as ReportEvent }));
  }

  async eventsOfDay(bureau: string, kind: ScheduledReportKind, date: string) {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': dayKey(bureau, kind, date) },
    });
    return items.map((item) => ({ planId: item.planId as string, reportId: item.reportId as string, event: item.event as ReportEvent }));
  }

  async wave(waveId: string): Promise<Wave | undefined> {
    const item = await this.table.read(`WAVE#${waveId}`, 'WAVE');
    return item?.wave as Wave | undefined;
  }

  async saveWave(wave: Wave): Promise<void> {
    await this.table.putIfAbsent({ pk: `WAVE#${wave.id}`, sk: 'WAVE', wave });
  }

  async saveBatch(waveId: string, batch: number, entries: WaveEntry[]): Promise<void> {
    await this.table.putIfAbsent({ pk: `WAVE#${waveId}`, sk: batchKey(batch), entries });
  }

  async batch(waveId: string, batch: number): Promise<WaveEntry[]> {
    const item = await this.table.read(`WAVE#${waveId}`, batchKey(batch));
    return (item?.entries as WaveEntry[] | undefined) ?? [];
  }

  async textClaims(tokens: readonly string[]): Promise<Map<string, DeliveryClaim>> {
    const items = await this.table.readMany(tokens.map((token) => ({ pk: grantKey(token), sk: 'REPORTGRANT' })));
    return new Map(items.filter((item) => item.claim).map((item) => [String(item.pk).slice('REPORTGRANT#'.length), item.claim as DeliveryClaim]));
  }

  async claimText(claim: DeliveryClaim, grant: ReportGrant, replacing?: DeliveryClaim): Promise<boolean> {
    return this.table.putClaim({ pk: grantKey(claim.token), sk: 'REPORTGRANT', grant, claim }, replacing);
  }

  async releaseText(claim: DeliveryClaim): Promise<void> {
    const released = { ...claim, leaseUntil: 0 };
    const item = await this.table.read(grantKey(claim.token), 'REPORTGRANT');
    if (item)
      await this.table.putIf({ ...item, claim: released }, { expression: '#claim.attempt = :attempt', names: { '#claim': 'claim' }, values: { ':attempt': claim.attempt } });
  }

  async openAll(opened: { occurrence: OccurrenceKey; event: Extract<ReportEvent, { type: 'opened' }> }[]): Promise<void> {
    await this.table.putMany(opened.map(({ occurrence, event }) => this.eventItem(occurrence, event)));
  }

  async findGrant(token: string): Promise<ReportGrant | undefined> {
    const item = await this.table.read(grantKey(token), 'REPORTGRANT');
    return item?.grant as ReportGrant | undefined;
  }
}

/**
 * Swaps and covers of a plan's duty roster:
 *   DUTY#planId / OVERRIDE#setAt#id   one override, never changed; the latest for a shift wins
 *   DUTY#planId / HAS-OVERRIDES       the plan has overrides (a wave reads these for a batch at once)
 */
export class DynamoDbDutyStore implements DutyStore {
  private readonly table: TableItems;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new TableItems(client, tableName);
  }

  async overrides(planId: string): Promise<DutyOverride[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `DUTY#${planId}`, ':prefix': 'OVERRIDE#' },
      ConsistentRead: true,
    });
    return items.map((item) => item.override as DutyOverride);
  }

  async overridesOf(planIds: readonly string[]): Promise<Map<string, DutyOverride[]>> {
    const marked = await this.table.readMany(planIds.map((planId) => ({ pk: `DUTY#${planId}`, sk: HAS_OVERRIDES })));
    const withOverrides = marked.map((item) => String(item.pk).slice('DUTY#'.length));
    return new Map(await Promise.all(withOverrides.map(async (planId) => [planId, await this.overrides(planId)] as const)));
  }

  async add(override: DutyOverride): Promise<boolean> {
    // The marker first: a wave reads the markers of a whole batch at once and only then the overrides.
    await this.table.put({ pk: `DUTY#${override.planId}`, sk: HAS_OVERRIDES });
    return this.table.putIfAbsent({ pk: `DUTY#${override.planId}`, sk: `OVERRIDE#${override.setAt}#${override.id}`, override });
  }
}

const HAS_OVERRIDES = 'HAS-OVERRIDES';
const dayKey = (bureau: string, kind: string, date: string) => `REPORTS#${bureau}#${kind}#${date}`;
const schoolPrefix = (occurrence: Pick<OccurrenceKey, 'planId' | 'reportId'>) => `${occurrence.planId}#${occurrence.reportId}#`;
const grantKey = (token: string) => `REPORTGRANT#${token}`;
const batchKey = (batch: number) => `BATCH#${String(batch).padStart(4, '0')}`;
