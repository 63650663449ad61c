import { CfnResource, Duration, Stack, TimeZone, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { type Plan, timeOfDay } from '../../functions/core/plan';
import { handoverSlots } from '../../functions/core/duty';
import { reportSlots } from '../../functions/core/scheduled-reports';
import { caseReminderSlots } from '../../functions/core/cases';
import type { StateMachineSpec, WorkflowFunction } from '../catalog';
import { EscalationWorkflow } from './escalation';
import type { YingjiFunction } from './function';

export interface ScheduledReportsProps {
  /** SCHEDULED_REPORTS: statemachines/scheduled-report.asl.json and its functions. */
  spec: StateMachineSpec;
  functions: Record<WorkflowFunction, YingjiFunction>;
  /** record-handover: invoked at every shift change. */
  handover: YingjiFunction;
  /** remind-case-visits: invoked each morning per time zone whose plans keep 包案 cases. */
  visitReminders: YingjiFunction;
  /** start-stranded-escalations: invoked every minute. */
  strandedSweep: YingjiFunction;
  /** The stage's plans: their timetables and shift changes become the schedules. */
  plans: readonly Plan[];
  stackName: string;
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
}

const cronAt = (time: string, timeZone: string) => {
  const { hour, minute } = timeOfDay(time);
  return scheduler.ScheduleExpression.cron({ hour: String(hour), minute: String(minute), timeZone: TimeZone.of(timeZone) });
};

/**
 * Scheduled reports (零报告, 报平安 ...) and duty handovers. The wave state machine is deployed from
 * its file like the escalation; EventBridge Scheduler starts it once a day per timetable ("slot":
 * time zone, due time, reminder lead, chase steps — a handful, whatever the number of schools),
 * in the plans' own time zone, with the slot and `<aws.scheduler.scheduled-time>` as input. Another
 * schedule per time zone and shift change invokes record-handover. The schedules come from the
 * stage's plans, as the local runtime's scheduler does from its plans folder.
 */
export class ScheduledReports extends Construct {
  readonly workflow: EscalationWorkflow;
  readonly group: scheduler.ScheduleGroup;
  /** The role Scheduler acts as: may start this state machine and invoke its scheduled functions, nothing else. */
  readonly role: iam.Role;
  readonly waves: scheduler.Schedule[] = [];
  readonly handovers: scheduler.Schedule[] = [];
  readonly visitReminders: scheduler.Schedule[] = [];
  readonly strandedSweep: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: ScheduledReportsProps) {
    super(scope, id);
    this.workflow = new EscalationWorkflow(this, 'Workflow', {
      spec: props.spec,
      functions: props.functions,
      stackName: props.stackName,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.group = new scheduler.ScheduleGroup(this, 'Group', { scheduleGroupName: `${props.stackName}-duty`, removalPolicy: props.removalPolicy });
    this.role = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: 'EventBridge Scheduler: starts scheduled-report waves and records duty handovers (Yingji)',
    });

    for (const { key, slot, firesAt } of reportSlots(props.plans)) {
      this.waves.push(
        new scheduler.Schedule(this, `Wave ${key}`, {
          description: `Scheduled reports due ${slot.at} ${slot.timeZone}, reminded ${slot.remindBefore} before, chased ${slot.chase.join(', ')} after`,
          schedule: cronAt(firesAt, slot.timeZone),
          scheduleGroup: this.group,
          target: new targets.StepFunctionsStartExecution(this.workflow.stateMachine, {
            role: this.role,
            input: scheduler.ScheduleTargetInput.fromObject({ slot, firedAt: scheduler.ContextAttribute.scheduledTime }),
          }),
        }),
      );
    }
    for (const { timeZone, time } of handoverSlots(props.plans)) {
      this.handovers.push(
        new scheduler.Schedule(this, `Handover ${timeZone} ${time}`, {
          description: `Duty handovers at ${time} ${timeZone}: recorded on the open incidents of the schools whose shifts change then`,
          schedule: cronAt(time, timeZone),
          scheduleGroup: this.group,
          target: new targets.LambdaInvoke(props.handover.function, {
            role: this.role,
            input: scheduler.ScheduleTargetInput.fromObject({ timeZone, time, firedAt: scheduler.ContextAttribute.scheduledTime }),
          }),
        }),
      );
    }

    for (const { timeZone, time } of caseReminderSlots(props.plans)) {
      this.visitReminders.push(
        new scheduler.Schedule(this, `Case visits ${timeZone}`, {
          description: `Petition case visit reminders at ${time} ${timeZone}: texts the owners of every case whose visit falls due that day`,
          schedule: cronAt(time, timeZone),
          scheduleGroup: this.group,
          target: new targets.LambdaInvoke(props.visitReminders.function, {
            role: this.role,
            input: scheduler.ScheduleTargetInput.fromObject({ timeZone, firedAt: scheduler.ContextAttribute.scheduledTime }),
          }),
        }),
      );
    }

    // A sweep rather than DynamoDB Streams on the table: README, "No stranded incidents".
    this.strandedSweep = new scheduler.Schedule(this, 'Stranded incidents', {
      description: 'Every minute: starts the escalation of any incident stored without one',
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(1)),
      scheduleGroup: this.group,
      target: new targets.LambdaInvoke(props.strandedSweep.function, { role: this.role }),
    });

    // A schedule names its group by a plain string, which gives CloudFormation no order to create them in.
    for (const schedule of [...this.waves, ...this.handovers, ...this.visitReminders, this.strandedSweep]) schedule.node.addDependency(this.group);

    const policy = this.role.node.tryFindChild('DefaultPolicy');
    const invoked = [...(this.handovers.length > 0 ? [props.handover] : []), ...(this.visitReminders.length > 0 ? [props.visitReminders] : []), props.strandedSweep];
    for (const invokedFunction of policy ? invoked : []) {
      const fn = invokedFunction.function.node.defaultChild as CfnResource;
      Validations.of(policy!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(fn).getLogicalId(fn)}.Arn>:*]`,
        reason: 'grantInvoke on a scheduled function also names its versions and aliases (<arn>:*), so the schedule may invoke a published version; it reaches no other function.',
      });
    }
  }
}
