import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { EXPIRES_AT, OPEN_INCIDENTS_INDEX, TABLE_KEYS } from '../catalog';

export interface IncidentDataProps {
  /** A disposable (dev) stage's table goes with its stack; any other stage's table outlives it. */
  disposable: boolean;
}

/**
 * The one table: incidents, their append-only timelines, action grants, idempotency keys and every
 * published plan version (layout: functions/adapters/dynamodb-*.ts). It is the audit record, so
 * outside dev it has point-in-time recovery, cannot be deleted by a stack update or a console
 * click, and survives the stack's deletion.
 */
export class IncidentData extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: IncidentDataProps) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: !props.disposable,
      // Idempotency keys, handled inbound texts and rate-limit counts carry it; incidents never do.
      timeToLiveAttribute: EXPIRES_AT,
      removalPolicy: props.disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: OPEN_INCIDENTS_INDEX.name,
      partitionKey: { name: OPEN_INCIDENTS_INDEX.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: OPEN_INCIDENTS_INDEX.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.KEYS_ONLY,
    });
    const tableLogicalId = Stack.of(this).getLogicalId(this.table.node.defaultChild as dynamodb.CfnTable);
    Validations.of(Stack.of(this)).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
      reason:
        "The table's grants (grantReadData, grantReadWriteData) cover its indexes as `<table>/index/*`; this table's only index is open-incidents, the sparse list of open incidents per school, which the same functions query.",
    });
  }
}
