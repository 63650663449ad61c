import { startStrandedEscalations, type StrandedSweep } from '../core/incident';
import { awsDependencies, type Dependencies } from '../adapters/aws';
import { workflowTask } from '../shared/http';

/** Every minute (an EventBridge schedule): starts the escalation of any incident stored without one. */
export const createHandler = (deps: Pick<Dependencies, 'incidents' | 'escalations' | 'clock'>) => workflowTask((): Promise<StrandedSweep> => startStrandedEscalations(deps));

export const handler = createHandler(awsDependencies());
