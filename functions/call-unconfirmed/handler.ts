import { callUnconfirmed, type EscalationDependencies } from '../core/escalation';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { workflowTask } from '../shared/http';

/** "Call who has not confirmed": a round of calls at the level, and when the next round is due, if any. */
export const createHandler = (deps: EscalationDependencies) => workflowTask((input: { incidentId: string; level: number; deadline: string }) => callUnconfirmed(deps, input));

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['call-unconfirmed']));
