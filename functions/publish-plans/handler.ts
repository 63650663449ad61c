import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { DynamoDbPlanCatalog } from '../adapters/dynamodb-plan-catalog';
import type { Plan } from '../core/plan';
import { requireEnv } from '../shared/env';

/**
 * Deploy-time publisher (a CloudFormation custom resource behind the CDK provider framework): puts
 * the stage's plans, checked at synth time and shipped as one JSON asset, into the table, so a
 * deploy is one step. A plan dropped from the stage leaves the current list; every version ever
 * published stays, because incidents keep the version they started under.
 */

export interface PublishedPlans {
  /** The JSON asset with the stage's plans. */
  Bucket: string;
  Key: string;
  /** `id@version` of each plan, so that any change to a plan changes the resource. */
  Plans: string[];
}

export interface PublishDependencies {
  catalog: { publish(plan: Plan): Promise<void>; withdraw(planId: string): Promise<void> };
  readObject(bucket: string, key: string): Promise<string>;
}

export interface ProviderResponse {
  PhysicalResourceId: string;
  Data?: Record<string, string>;
}

const PHYSICAL_ID = 'yingji-plans';
const idOf = (planAtVersion: string) => planAtVersion.slice(0, planAtVersion.lastIndexOf('@'));

export const createHandler =
  (deps: PublishDependencies) =>
  async (event: CloudFormationCustomResourceEvent): Promise<ProviderResponse> => {
    // Deleting the stack leaves the plans: outside dev the table outlives it, and in dev it goes anyway.
    if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };

    const wanted = event.ResourceProperties as unknown as PublishedPlans;
    const plans = JSON.parse(await deps.readObject(wanted.Bucket, wanted.Key)) as Plan[];
    const shipped = plans.map((plan) => `${plan.id}@${plan.version}`).sort();
    if (shipped.join(',') !== [...wanted.Plans].sort().join(',')) {
      throw new Error(`the plans asset holds ${shipped.join(', ')} but the stack expects ${wanted.Plans.join(', ')}`);
    }
    for (const plan of plans) await deps.catalog.publish(plan);

    const withdrawn =
      event.RequestType === 'Update'
        ? ((event.OldResourceProperties as unknown as Partial<PublishedPlans>).Plans ?? [])
            .map(idOf)
            .filter((id) => !plans.some((plan) => plan.id === id))
        : [];
    for (const id of withdrawn) await deps.catalog.withdraw(id);

    return { PhysicalResourceId: PHYSICAL_ID, Data: { Published: shipped.join(','), Withdrawn: withdrawn.join(',') } };
  };

/** Clients on first use, so the module can be imported (by tests) without an AWS environment. */
function awsDependencies(): PublishDependencies {
  let s3: S3Client | undefined;
  let catalog: DynamoDbPlanCatalog | undefined;
  return {
    get catalog() {
      return (catalog ??= new DynamoDbPlanCatalog(new DynamoDBClient({}), requireEnv('TABLE_NAME')));
    },
    async readObject(bucket, key) {
      const { Body } = await (s3 ??= new S3Client({})).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!Body) throw new Error(`s3://${bucket}/${key} is empty`);
      return Body.transformToString('utf8');
    },
  };
}

export const handler = createHandler(awsDependencies());
