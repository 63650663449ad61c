import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryClaim } from '../core/base';
import type { DutyOverride, DutyStore } from '../core/duty';
import { type ScheduledReportKind, schoolTag } from '../core/plan';
import { type DayTally, type OccurrenceKey, type ReportEvent, type ReportGrant, type ScheduledReportStore, tallied, type Wave, type WaveEntry } from '../core/scheduled-reports';
import { TableItems } from './table-items';
import { byShard } from './tag-shards';

/**
 * Scheduled reports in the one table, single-item conditional writes only:
 *   REPORTS#bureau#kind#date / planId#reportId#key   one event of one school's report that day;
 *                                                    a page of the roll-up's rows is one range Query
 *   TALLY#bureau#kind#date / DUE#dueAt#nn            the day's counts for one due time (DayTally):
 *                                                    sets of school tags in shard nn (tag-shards.ts),
 *                                                    each added to by an UpdateItem ADD, which puts a
 *                                                    tag in a set once however often it is sent
 *                                                    (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html#Expressions.UpdateExpressions.ADD);
 *                                                    the roll-up's counts are one Query on the pk
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
    const appended = await this.table.putIfAbsent(this.eventItem(occurrence, event));
    // Counted after the event, whether or not this call wrote it: the retry of a write cut short
    // between the two counts it. DynamoDB could put both in one TransactWriteItems
    // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html),
    // dynalite cannot, and adding to a set needs no transaction to count once.
    const counted = tallied(event);
    if (counted) await this.addToTally(occurrence, counted.dueAt, counted.sets, [schoolTag(occurrence.planId, occurrence.reportId)]);
    return appended;
  }

  private async addToTally(day: Pick<OccurrenceKey, 'bureau' | 'kind' | 'date'>, dueAt: string, sets: readonly string[], tags: readonly string[]): Promise<void> {
    await Promise.all(
      [...byShard(tags)].map(([shard, members]) =>
        this.table.documents.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: { pk: tallyKey(day), sk: `DUE#${dueAt}#${shard}` },
            UpdateExpression: `ADD ${sets.map((set) => `#${set} :tags`).join(', ')}`,
            ExpressionAttributeNames: Object.fromEntries(sets.map((set) => [`#${set}`, set])),
            ExpressionAttributeValues: { ':tags': members },
          }),
        ),
      ),
    );
  }

  async tally(day: Pick<OccurrenceKey, 'bureau' | 'kind' | 'date'>): Promise<DayTally[]> {
    const items = await this.table.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': tallyKey(day) } });
    const tallies = new Map<string, DayTally>();
    for (const item of items) {
      const dueAt = String(item.sk).slice('DUE#'.length, String(item.sk).lastIndexOf('#'));
      const tally = tallies.get(dueAt) ?? { dueAt, seen: [], submitted: [], late: [] };
      for (const set of ['seen', 'submitted', 'late'] as const) tally[set].push(...((item[set] as Set<string> | undefined) ?? []));
      tallies.set(dueAt, tally);
    }
    return [...tallies.values()];
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
    // A batch's schools counted in one update per day, due time and shard.
    const days = new Map<string, { day: OccurrenceKey; dueAt: string; tags: string[] }>();
    for (const { occurrence, event } of opened) {
      const key = `${tallyKey(occurrence)}#${event.dueAt}`;
      const entry = days.get(key) ?? { day: occurrence, dueAt: event.dueAt, tags: [] };
      entry.tags.push(schoolTag(occurrence.planId, occurrence.reportId));
      days.set(key, entry);
    }
    await Promise.all([...days.values()].map(({ day, dueAt, tags }) => this.addToTally(day, dueAt, ['seen'], tags)));
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
const tallyKey = (day: Pick<OccurrenceKey, 'bureau' | 'kind' | 'date'>) => `TALLY#${day.bureau}#${day.kind}#${day.date}`;
const schoolPrefix = (occurrence: Pick<OccurrenceKey, 'planId' | 'reportId'>) => `${occurrence.planId}#${occurrence.reportId}#`;
const grantKey = (token: string) => `REPORTGRANT#${token}`;
const batchKey = (batch: number) => `BATCH#${String(batch).padStart(4, '0')}`;
