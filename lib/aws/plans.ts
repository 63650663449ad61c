import { CfnResource, CustomResource, Duration, RemovalPolicy, Stack, Stage, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlanFile, plansDigest, type Plan } from '../../functions/core/plan';
import type { PublishedPlans } from '../../functions/publish-plans/handler';
import { PLANS_DIR } from './deployments';
import { YingjiFunction } from './function';

/** The stage's plan files, checked now: a plan with a mistake fails the synth, not the deploy. */
export function readStagePlans(files: readonly string[], plansDir = PLANS_DIR): Plan[] {
  const plans = files.map((file) => parsePlanFile(readFileSync(join(plansDir, file), 'utf8'), join('plans', file)));
  const ids = plans.map((plan) => plan.id);
  const twice = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (twice.length > 0) throw new Error(`two plan files have the id ${twice.join(', ')}; a stage serves each plan once`);
  return plans;
}

export interface PlanPublicationProps {
  table: dynamodb.ITable;
  plans: readonly Plan[];
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
}

/**
 * Puts the stage's plans into the table on every deploy that changes them (functions/publish-plans).
 * The plans travel as one JSON asset, so a stage may serve as many schools as it likes without
 * growing the template; the resource carries their count and a digest of their ids and versions,
 * so a deploy that changes any plan changes it (and `cdk diff` shows that it does).
 */
export class PlanPublication extends Construct {
  readonly asset: Asset;
  readonly publisher: YingjiFunction;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: PlanPublicationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const outdir = join(Stage.of(this)!.outdir, 'plans');
    mkdirSync(outdir, { recursive: true });
    const file = join(outdir, `${stack.artifactId}.json`);
    writeFileSync(file, JSON.stringify(props.plans));
    this.asset = new Asset(this, 'Plans', { path: file });

    this.publisher = new YingjiFunction(this, 'Publisher', {
      entry: 'functions/publish-plans/handler.ts',
      description: "Publishes the stage's plans to the table at deploy time",
      timeout: Duration.minutes(5),
      memorySize: 512,
      environment: { TABLE_NAME: props.table.tableName },
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    // Read too: publishing a plan reads the version it replaces, to move its schools in the roll-up's
    // index (functions/adapters/dynamodb-plan-catalog.ts), and lists the current plans to withdraw the dropped.
    props.table.grantReadWriteData(this.publisher);
    // This one object, not the whole asset bucket.
    this.publisher.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.asset.bucket.arnForObjects(this.asset.s3ObjectKey)] }));

    const frameworkLogs = new logs.LogGroup(this, 'ProviderLogs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    const frameworkRole = new iam.Role(this, 'ProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the CloudFormation side of the plan publisher (Yingji)',
    });
    frameworkLogs.grantWrite(frameworkRole);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.publisher.function,
      logGroup: frameworkLogs,
      frameworkOnEventRole: frameworkRole,
    });

    const properties: PublishedPlans = {
      Bucket: this.asset.s3BucketName,
      Key: this.asset.s3ObjectKey,
      PlanCount: String(props.plans.length),
      PlansDigest: plansDigest(props.plans),
    };
    this.resource = new CustomResource(this, 'Published', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::YingjiPlans',
      properties: { ...properties },
    });

    const publisherId = stack.getLogicalId(this.publisher.function.node.defaultChild as CfnResource);
    Validations.of(frameworkRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${publisherId}.Arn>:*]`,
      reason: "The provider framework's grantInvoke on the publisher also names its versions (<arn>:*); it reaches no other function.",
    });
  }
}
