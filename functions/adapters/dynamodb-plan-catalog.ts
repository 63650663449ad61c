import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Plan } from '../core/plan';
import type { PlanCatalog } from '../core/ports';
import { documentClient } from './dynamodb-incident-store';

/**
 * Plans in the same table:
 *   PLANS / planId              the current version of each plan (one Query lists them all)
 *   PLAN#planId / VERSION#v     every version ever published, kept for the incidents that ran under it
 * A published version never changes, so it is cached for the life of the container.
 */
export class DynamoDbPlanCatalog implements PlanCatalog {
  private readonly documents: DynamoDBDocumentClient;
  private readonly versions = new Map<string, Plan>();

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.documents = documentClient(client);
  }

  async list(): Promise<Plan[]> {
    // Every page: a bureau's 5,000 plans are tens of megabytes, and a Query answers 1 MB at a time.
    const plans: Plan[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'PLANS' }, ExclusiveStartKey }),
      );
      plans.push(...(page.Items ?? []).map((item) => JSON.parse(item.plan as string) as Plan));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return plans;
  }

  async get(planId: string, version?: string): Promise<Plan | undefined> {
    if (version === undefined) {
      const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { pk: 'PLANS', sk: planId } }));
      return Item && (JSON.parse(Item.plan as string) as Plan);
    }
    const cacheKey = `${planId}@${version}`;
    const cached = this.versions.get(cacheKey);
    if (cached) return cached;
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `PLAN#${planId}`, sk: `VERSION#${version}` } }),
    );
    if (!Item) return undefined;
    const plan = JSON.parse(Item.plan as string) as Plan;
    this.versions.set(cacheKey, plan);
    return plan;
  }

  async publish(plan: Plan): Promise<void> {
    const body = JSON.stringify(plan);
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: { pk: `PLAN#${plan.id}`, sk: `VERSION#${plan.version}`, plan: body } }));
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: { pk: 'PLANS', sk: plan.id, version: plan.version, plan: body } }));
  }

  /** Takes a plan off the current list; its versions stay for the incidents that ran under them. */
  async withdraw(planId: string): Promise<void> {
    await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: 'PLANS', sk: planId } }));
  }
}
