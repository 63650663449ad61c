import { recordHandovers, type HandoverDependencies, type HandoverInput } from '../core/duty';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { workflowTask } from '../shared/http';

/** At a shift change (an EventBridge schedule per time zone and time): the handover on every open incident. */
export const createHandler = (deps: HandoverDependencies) => workflowTask((input: HandoverInput) => recordHandovers(deps, input));

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['record-handover']));
