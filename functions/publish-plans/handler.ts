import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { DynamoDbMembershipStore } from '../adapters/dynamodb-membership-store';
import { DynamoDbPlanCatalog } from '../adapters/dynamodb-plan-catalog';
import { membershipsOf, plansDigest, type MembershipStore, type Plan } from '../core/plan';
import { requireEnv } from '../shared/env';

/**
 * Deploy-time publisher (a CloudFormation custom resource behind the CDK provider framework): puts
 * the stage's plans, checked at synth time and shipped as one JSON asset, into the table, so a
 * deploy is one step. A plan dropped from the stage leaves the current list; every version ever
 * published stays, because incidents keep the version they started under. Who belongs to which
 * school and bureau in the console is published with them (MembershipStore), so a sign-in reads one
 * phone's groups, however many schools the stage has.
 */

export interface PublishedPlans {
  /** The JSON asset with the stage's plans. */
  Bucket: string;
  Key: string;
  /**
   * How many plans, and a digest of their `id@version`s: any change to a plan changes the resource,
   * at a size that does not grow with the stage (CloudFormation caps a custom resource's response
   * at 4,096 bytes, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html).
   */
  PlanCount: string;
  PlansDigest: string;
}

export interface PublishDependencies {
  catalog: { list(): Promise<Pick<Plan, 'id'>[]>; publish(plan: Plan): Promise<void>; withdraw(planId: string): Promise<void> };
  members: Pick<MembershipStore, 'publish'>;
  readObject(bucket: string, key: string): Promise<string>;
}

export interface ProviderResponse {
  PhysicalResourceId: string;
  Data?: Record<string, string>;
}

const PHYSICAL_ID = 'yingji-plans';

export const createHandler =
  (deps: PublishDependencies) =>
  async (event: CloudFormationCustomResourceEvent): Promise<ProviderResponse> => {
    // Deleting the stack leaves the plans: outside dev the table outlives it, and in dev it goes anyway.
    if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };

    const wanted = event.ResourceProperties as unknown as PublishedPlans;
    const plans = JSON.parse(await deps.readObject(wanted.Bucket, wanted.Key)) as Plan[];
    const digest = plansDigest(plans);
    if (digest !== wanted.PlansDigest || String(plans.length) !== String(wanted.PlanCount)) {
      throw new Error(`the plans asset holds ${plans.length} plans (digest ${digest}) but the stack expects ${wanted.PlanCount} (digest ${wanted.PlansDigest})`);
    }
    for (const plan of plans) await deps.catalog.publish(plan);

    // Whatever is current and no longer shipped leaves the list, however it got there.
    const shipped = new Set(plans.map((plan) => plan.id));
    const withdrawn = (await deps.catalog.list()).map((plan) => plan.id).filter((id) => !shipped.has(id));
    for (const id of withdrawn) await deps.catalog.withdraw(id);
    await deps.members.publish(digest, membershipsOf(plans));

    return { PhysicalResourceId: PHYSICAL_ID, Data: { Published: String(plans.length), Withdrawn: String(withdrawn.length) } };
  };

/** Clients on first use, so the module can be imported (by tests) without an AWS environment. */
function awsDependencies(): PublishDependencies {
  let s3: S3Client | undefined;
  let catalog: DynamoDbPlanCatalog | undefined;
  let members: DynamoDbMembershipStore | undefined;
  let dynamo: DynamoDBClient | undefined;
  return {
    get catalog() {
      return (catalog ??= new DynamoDbPlanCatalog((dynamo ??= new DynamoDBClient({})), requireEnv('TABLE_NAME')));
    },
    get members() {
      return (members ??= new DynamoDbMembershipStore((dynamo ??= new DynamoDBClient({})), requireEnv('TABLE_NAME')));
    },
    async readObject(bucket, key) {
      const { Body } = await (s3 ??= new S3Client({})).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!Body) throw new Error(`s3://${bucket}/${key} is empty`);
      return Body.transformToString('utf8');
    },
  };
}

export const handler = createHandler(awsDependencies());
