import { ArnFormat, CfnResource, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { join } from 'node:path';
import type { StateMachineSpec, WorkflowFunction } from '../catalog';
import { STATEMACHINES_DIR } from '../definitions';
import type { YingjiFunction } from './function';

export interface EscalationWorkflowProps {
  spec: StateMachineSpec;
  functions: Record<WorkflowFunction, YingjiFunction>;
  /** Used in the log group's name. */
  stackName: string;
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
}

/**
 * A state machine deployed from its file in statemachines/, the very file the local runtime runs:
 * CDK only fills in the function ARNs for the `${Substitution}`s the catalog names.
 */
export class EscalationWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: EscalationWorkflowProps) {
    super(scope, id);
    const substituted = Object.entries(props.spec.functions).map(([placeholder, name]) => ({ placeholder, fn: props.functions[name] }));

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      // The /aws/vendedlogs/ prefix keeps Step Functions from growing the account's log resource policy.
      logGroupName: `/aws/vendedlogs/states/${props.stackName}-${props.spec.file.replace(/\.asl\.json$/, '')}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromFile(join(STATEMACHINES_DIR, props.spec.file)),
      definitionSubstitutions: Object.fromEntries(substituted.map(({ placeholder, fn }) => [placeholder, fn.functionArn])),
      stateMachineType: sfn.StateMachineType.STANDARD,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });

    for (const { fn } of substituted) {
      fn.function.grantInvoke(this.stateMachine);
    }
    const policy = this.stateMachine.role.node.tryFindChild('DefaultPolicy');
    if (policy) {
      Validations.of(policy).acknowledge(
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'Step Functions logging and X-Ray: logs:CreateLogDelivery/GetLogDelivery/UpdateLogDelivery/DeleteLogDelivery/ListLogDeliveries/PutResourcePolicy/DescribeResourcePolicies/DescribeLogGroups and xray:PutTraceSegments/PutTelemetryRecords/GetSamplingRules/GetSamplingTargets do not support resource-level permissions; AWS documents Resource "*" for them.',
        },
        ...substituted.map(({ fn }) => ({
          id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(fn)}.Arn>:*]`,
          reason: `grantInvoke on the ${fn.node.id} function also names its versions and aliases (<arn>:*), so an invocation of a published version is allowed; it reaches no other function.`,
        })),
      );
    }
  }

  /** DescribeExecution on this state machine's executions (each named after its incident), nothing else. */
  grantDescribeExecutions(fn: YingjiFunction): void {
    const executions = Stack.of(this).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${this.stateMachine.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    fn.role.addToPolicy(new iam.PolicyStatement({ actions: ['states:DescribeExecution'], resources: [executions] }));
    const machine = this.stateMachine.node.defaultChild as CfnResource;
    const stack = Stack.of(machine);
    // As cdk-nag prints the ARN: a stage's region and account literally when it names them.
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    Validations.of(fn.role.node.findChild('DefaultPolicy')).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${region}:${account}:execution:<${stack.getLogicalId(machine)}.Name>:*]`,
      reason: "An execution is named after its incident, known only at run time; DescribeExecution on this one state machine's executions, nothing else.",
    });
  }
}

/** The CloudFormation logical id cdk-nag uses when it names a function's ARN in a finding. */
function logicalIdOf(fn: YingjiFunction): string {
  const cfn = fn.function.node.defaultChild as CfnResource;
  return Stack.of(cfn).getLogicalId(cfn);
}
