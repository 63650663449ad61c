import { checkAcknowledgement, type EscalationDependencies, type LevelStep } from '../core/escalation';
import { awsDependencies } from '../adapters/aws';
import { workflowTask } from '../shared/http';

/** "Check whether anyone acknowledged": after a level's deadline, stop or name the next level. */
export const createHandler = (deps: EscalationDependencies) => workflowTask((input: LevelStep) => checkAcknowledgement(deps, input));

export const handler = createHandler(awsDependencies());
