import { openWave, type ScheduledReportDependencies, type WaveInput } from '../core/scheduled-reports';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { workflowTask } from '../shared/http';

/** "Open the reports due in this slot": which schools owe this report now, stored in batches. */
export const createHandler = (deps: Pick<ScheduledReportDependencies, 'plans' | 'reports' | 'ids'>) => workflowTask((input: WaveInput) => openWave(deps, input));

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['open-scheduled-reports']));
