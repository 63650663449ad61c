import { checkWrittenReport, type WrittenReportDependencies } from '../core/written-report';
import { awsDependencies } from '../adapters/aws';
import { workflowTask } from '../shared/http';

/** "Check the written report came in": at its deadline; late ones are flagged and their authors texted. */
export const createHandler = (deps: WrittenReportDependencies) => workflowTask((input: { incidentId: string }) => checkWrittenReport(deps, input));

export const handler = createHandler(awsDependencies());
