import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Plan, PlanCatalog } from '../core/plan';
import { TableItems } from './table-items';

/**
 * Plans in the same table:
 *   PLANS / planId              the current version of each plan (one Query lists them all)
 *   PLAN#planId / VERSION#v     every version ever published, kept for the incidents that ran under it
 * A published version never changes, so it is cached for the life of the container.
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
    await this.table.put({ pk: `PLAN#${plan.id}`, sk: `VERSION#${plan.version}`, plan: body });
    await this.table.put({ pk: 'PLANS', sk: plan.id, version: plan.version, plan: body });
  }

  /** Takes a plan off the current list; its versions stay for the incidents that ran under them. */
  async withdraw(planId: string): Promise<void> {
    await this.table.delete('PLANS', planId);
  }
}
