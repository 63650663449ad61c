import { DescribeExecutionCommand, ExecutionAlreadyExists, ExecutionDoesNotExist, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { EscalationInput, EscalationLookup, EscalationStarter, WrittenReportWatch, WrittenReportWatchInput } from '../core/incident';

/**
 * Starts one execution per incident, named after it, so a second start is refused and ignored.
 * The escalation and the written report's deadline each have their state machine.
 */
export class SfnEscalationStarter implements EscalationStarter, EscalationLookup, WrittenReportWatch {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(input: EscalationInput | WrittenReportWatchInput): Promise<void> {
    try {
      await this.client.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: input.incidentId, input: JSON.stringify(input) }));
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  }

  /** DescribeExecution of the execution named after the incident: ExecutionDoesNotExist means never started. */
  async started(incidentId: string): Promise<boolean> {
    try {
      await this.client.send(new DescribeExecutionCommand({ executionArn: executionArn(this.stateMachineArn, incidentId) }));
      return true;
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist) return false;
      throw error;
    }
  }
}

/** arn:aws:states:region:account:stateMachine:name → arn:aws:states:region:account:execution:name:executionName. */
export function executionArn(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}
