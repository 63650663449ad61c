import { remindDueVisits, type CaseReminderDependencies } from '../core/cases';
import { awsDependencies } from '../adapters/aws';
import { workflowTask } from '../shared/http';

/** Each morning (an EventBridge schedule per time zone): texts the owners of every case whose visit falls due that day. */
export const createHandler = (deps: CaseReminderDependencies) => workflowTask((input: { timeZone: string; firedAt: string }) => remindDueVisits(deps, input));

export const handler = createHandler(awsDependencies());
