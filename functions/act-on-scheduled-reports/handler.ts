import { actOnBatch, type BatchStep, type ScheduledReportDependencies } from '../core/scheduled-reports';
import { awsDependencies } from '../adapters/aws';
import { workflowTask } from '../shared/http';

/** "Remind / mark late / chase a batch of schools": one phase of a wave for one batch. */
export const createHandler = (deps: ScheduledReportDependencies) => workflowTask((input: BatchStep, budget) => actOnBatch(deps, input, budget));

export const handler = createHandler(awsDependencies());
