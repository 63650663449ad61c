import { startStrandedEscalations, type StrandedSweep } from '../core/incident';
import { awsAdapters, type Dependencies } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { workflowTask } from '../shared/http';

/** Every minute (an EventBridge schedule): starts the escalation of any incident stored without one. */
export const createHandler = (deps: Pick<Dependencies, 'incidents' | 'escalations' | 'clock'>) => workflowTask((): Promise<StrandedSweep> => startStrandedEscalations(deps));

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['start-stranded-escalations']));
