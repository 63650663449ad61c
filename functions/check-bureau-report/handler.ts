import { checkBureauReport, type EscalationDependencies } from '../core/escalation';
import { awsDependencies } from '../adapters/aws';
import { workflowTask } from '../shared/http';

/** "Check the report reached the bureau": at the report deadline. */
export const createHandler = (deps: EscalationDependencies) => workflowTask((input: { incidentId: string }) => checkBureauReport(deps, input));

export const handler = createHandler(awsDependencies());
