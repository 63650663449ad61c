import { checkAcknowledgement, type EscalationDependencies, type LevelStep } from '../core/escalation';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { workflowTask } from '../shared/http';

/** "Check whether anyone acknowledged": after a level's deadline, stop or name the next level. */
export const createHandler = (deps: EscalationDependencies) => workflowTask((input: LevelStep) => checkAcknowledgement(deps, input));

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['check-acknowledgement']));
