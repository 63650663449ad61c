import { notifyLevel, type EscalationDependencies, type LevelStep } from '../core/escalation';
import { awsDependencies } from '../adapters/aws';
import { workflowTask } from '../shared/http';

/** "Text the level": everyone at the level not yet texted for it gets the alert with their own link. */
export const createHandler = (deps: EscalationDependencies) => workflowTask((input: LevelStep, budget) => notifyLevel(deps, input, budget));

export const handler = createHandler(awsDependencies());
