import { notifyLevel, type EscalationDependencies, type LevelStep } from '../core/escalation';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { workflowTask } from '../shared/http';

/** "Text the level": everyone at the level not yet texted for it gets the alert with their own link. */
export const createHandler = (deps: EscalationDependencies) => workflowTask((input: LevelStep, budget) => notifyLevel(deps, input, budget));

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['notify-level']));
