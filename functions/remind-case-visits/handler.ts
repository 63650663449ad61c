import { remindDueVisits, type CaseReminderDependencies } from '../core/cases';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { workflowTask } from '../shared/http';

/** Each morning (an EventBridge schedule per time zone): texts the owners of every case whose visit falls due that day. */
export const createHandler = (deps: CaseReminderDependencies) => workflowTask((input: { timeZone: string; firedAt: string }) => remindDueVisits(deps, input));

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['remind-case-visits']));
