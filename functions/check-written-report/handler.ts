import { checkWrittenReport, type WrittenReportDependencies } from '../core/written-report';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { workflowTask } from '../shared/http';

/** "Check the written report came in": at its deadline; late ones are flagged and their authors texted. */
export const createHandler = (deps: WrittenReportDependencies) => workflowTask((input: { incidentId: string }) => checkWrittenReport(deps, input));

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['check-written-report']));
