import { reportLateToBureau, type EscalationDependencies } from '../core/escalation';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { workflowTask } from '../shared/http';

/** "Tell the bureau the report is late": flag 缓报 and text the bureau's duty desk. */
export const createHandler = (deps: EscalationDependencies) => workflowTask((input: { incidentId: string }, budget) => reportLateToBureau(deps, input, budget));

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['report-late-to-bureau']));
