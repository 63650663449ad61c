import { checkBureauReport, type EscalationDependencies } from '../core/escalation';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { workflowTask } from '../shared/http';

/** "Check the report reached the bureau": at the report deadline. */
export const createHandler = (deps: EscalationDependencies) => workflowTask((input: { incidentId: string }) => checkBureauReport(deps, input));

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['check-bureau-report']));
