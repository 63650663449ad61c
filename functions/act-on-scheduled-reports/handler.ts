import { actOnBatch, type BatchStep, type ScheduledReportDependencies } from '../core/scheduled-reports';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { workflowTask } from '../shared/http';

/** "Remind / mark late / chase a batch of schools": one phase of a wave for one batch. */
export const createHandler = (deps: ScheduledReportDependencies) => workflowTask((input: BatchStep, budget) => actOnBatch(deps, input, budget));

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['act-on-scheduled-reports']));
