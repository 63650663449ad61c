import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type ExpectedSchool, type ExpectedTimetable, expectedOf, type Plan, type PlanCatalog, type ScheduledReportKind, schoolTag, type Timetable } from '../core/plan';
import { TableItems } from './table-items';
import { shardOf } from './tag-shards';

/**
 * Plans in the same table:
 *   PLANS / planId              the current version of each plan (one Query lists them all)
 *   PLAN#planId / VERSION#v     every version ever published, kept for the incidents that ran under it
 * A published version never changes, so it is cached for the life of the container.
 *
 * And, written by publish and withdraw, what the current plans expect of each bureau's schools
 * (functions/core/plan/expected.ts), so a roll-up reads a few items instead of every plan:
 *   EXPECTED / BUREAU#id                        a bureau the plans report to
 *   EXPECTED#bureau#kind / TIMETABLE#key#nn     a timetable and, in shard nn (tag-shards.ts), the
 *                                               tags of the schools keeping it
 *   EXPECTED#bureau#kind / SCHOOL#planId#reportId   one school's report: what its roll-up row names
 * Each write is idempotent (a set's ADD and DELETE, a put), so a publish cut short and run again
 * (every deploy, every local start) leaves the index right. A stage whose plans were published
 * before the index existed gets it at its next publish.
 */
export class DynamoDbPlanCatalog implements PlanCatalog {
  private readonly table: TableItems;
  private readonly cached = new Map<string, Plan>();

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new TableItems(client, tableName);
  }

  async list(): Promise<Plan[]> {
    // Every page: a bureau's 5,000 plans are tens of megabytes, and a Query answers 1 MB at a time.
    const items = await this.table.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'PLANS' } });
    return items.map((item) => JSON.parse(item.plan as string) as Plan);
  }

  async get(planId: string, version?: string): Promise<Plan | undefined> {
    if (version === undefined) {
      const current = await this.table.read('PLANS', planId);
      return current && (JSON.parse(current.plan as string) as Plan);
    }
    const cacheKey = `${planId}@${version}`;
    const cached = this.cached.get(cacheKey);
    if (cached) return cached;
    const item = await this.table.read(`PLAN#${planId}`, `VERSION#${version}`);
    if (!item) return undefined;
    const plan = JSON.parse(item.plan as string) as Plan;
    this.cached.set(cacheKey, plan);
    return plan;
  }

  async versions(refs: readonly { planId: string; version: string }[]): Promise<Map<string, Plan>> {
    const missing = refs.filter(({ planId, version }) => !this.cached.has(`${planId}@${version}`));
    for (const item of await this.table.readMany(missing.map(({ planId, version }) => ({ pk: `PLAN#${planId}`, sk: `VERSION#${version}` })))) {
      const plan = JSON.parse(item.plan as string) as Plan;
      this.cached.set(`${plan.id}@${plan.version}`, plan);
    }
    return new Map(
      refs.flatMap(({ planId, version }) => {
        const plan = this.cached.get(`${planId}@${version}`);
        return plan ? [[`${planId}@${version}`, plan] as const] : [];
      }),
    );
  }

  async publish(plan: Plan): Promise<void> {
    const body = JSON.stringify(plan);
    // The index first, from the version it replaces: until the current list changes, a rerun finds the same one.
    await this.reindex(await this.current(plan.id), plan);
    await this.table.put({ pk: `PLAN#${plan.id}`, sk: `VERSION#${plan.version}`, plan: body });
    await this.table.put({ pk: 'PLANS', sk: plan.id, version: plan.version, plan: body });
  }

  /** Takes a plan off the current list; its versions stay for the incidents that ran under them. */
  async withdraw(planId: string): Promise<void> {
    await this.reindex(await this.current(planId), undefined);
    await this.table.delete('PLANS', planId);
  }

  private async current(planId: string): Promise<Plan | undefined> {
    const item = await this.table.read('PLANS', planId);
    return item && (JSON.parse(item.plan as string) as Plan);
  }

  /** Moves a plan's schools in the index from what `before` expected to what `after` does. */
  private async reindex(before: Plan | undefined, after: Plan | undefined): Promise<void> {
    const kept = after ? expectedOf(after) : [];
    const place = ({ school }: { school: ExpectedSchool }) => `${expectedKey(school.bureau, school.kind)}#${school.planId}#${school.reportId}`;
    const slot = (entry: { school: ExpectedSchool }) => `${place(entry)}#${entry.school.timetable}`;
    const gone = (before ? expectedOf(before) : []).filter((entry) => !kept.some((other) => slot(other) === slot(entry)));
    await Promise.all(
      gone.map(async (entry) => {
        const { school } = entry;
        await this.timetableUpdate(school, 'DELETE schools :tag', { ':tag': new Set([schoolTag(school.planId, school.reportId)]) });
        if (!kept.some((other) => place(other) === place(entry))) await this.table.delete(expectedKey(school.bureau, school.kind), schoolKey(school));
      }),
    );
    await Promise.all([...new Set(kept.map(({ school }) => school.bureau))].map((bureau) => this.table.put({ pk: 'EXPECTED', sk: `BUREAU#${bureau}` })));
    await Promise.all(
      kept.map(async ({ school, timetable }) => {
        await this.timetableUpdate(school, 'SET timetable = :timetable ADD schools :tag', {
          ':timetable': JSON.stringify(timetable),
          ':tag': new Set([schoolTag(school.planId, school.reportId)]),
        });
        await this.table.put({ pk: expectedKey(school.bureau, school.kind), sk: schoolKey(school), school: JSON.stringify(school) });
      }),
    );
  }

  private async timetableUpdate(school: ExpectedSchool, update: string, values: Record<string, unknown>): Promise<void> {
    await this.table.documents.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { pk: expectedKey(school.bureau, school.kind), sk: `TIMETABLE#${school.timetable}#${shardOf(schoolTag(school.planId, school.reportId))}` },
        UpdateExpression: update,
        ExpressionAttributeValues: values,
      }),
    );
  }

  async bureaus(): Promise<string[]> {
    const items = await this.table.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'EXPECTED' } });
    return items.map((item) => String(item.sk).slice('BUREAU#'.length)).sort();
  }

  async timetables(bureau: string, kind: ScheduledReportKind): Promise<ExpectedTimetable[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': expectedKey(bureau, kind), ':prefix': 'TIMETABLE#' },
    });
    const timetables = new Map<string, ExpectedTimetable>();
    for (const item of items) {
      // A set whose last tag is deleted is no longer stored at all.
      if (!item.schools) continue;
      const key = String(item.sk).split('#')[1]!;
      const entry = timetables.get(key) ?? { key, timetable: JSON.parse(item.timetable as string) as Timetable, schools: [] };
      entry.schools.push(...(item.schools as Set<string>));
      timetables.set(key, entry);
    }
    return [...timetables.values()];
  }

  async expectedSchools(bureau: string, kind: ScheduledReportKind, page: { after?: string; limit: number }) {
    const pk = expectedKey(bureau, kind);
    // Limit caps the items a page reads; a Query answers at most 1 MB, so a short page may still say there is more
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html).
    const { Items = [], LastEvaluatedKey } = await this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': 'SCHOOL#' },
      Limit: page.limit,
      ...(page.after !== undefined && { ExclusiveStartKey: { pk, sk: `SCHOOL#${page.after}` } }),
    });
    return {
      schools: Items.map((item) => JSON.parse(item.school as string) as ExpectedSchool),
      ...(LastEvaluatedKey && { next: String(LastEvaluatedKey.sk).slice('SCHOOL#'.length) }),
    };
  }
}

const expectedKey = (bureau: string, kind: string) => `EXPECTED#${bureau}#${kind}`;
const schoolKey = (school: Pick<ExpectedSchool, 'planId' | 'reportId'>) => `SCHOOL#${school.planId}#${school.reportId}`;
