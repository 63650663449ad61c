import { ExecutionAlreadyExists, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { EscalationInput, EscalationStarter, WrittenReportWatch, WrittenReportWatchInput } from '../core/incident';

/**
 * Starts one execution per incident, named after it, so a second start is refused and ignored.
 * The escalation and the written report's deadline each have their state machine.
 */
export class SfnEscalationStarter implements EscalationStarter, WrittenReportWatch {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(input: EscalationInput | WrittenReportWatchInput): Promise<void> {
    try {
      await this.client.send(
        new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: input.incidentId, input: JSON.stringify(input) }),
      );
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  }
}
