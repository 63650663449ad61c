import { recordHandovers, type HandoverDependencies, type HandoverInput } from '../core/duty';
import { awsDependencies } from '../adapters/aws';
import { workflowTask } from '../shared/http';

/** At a shift change (an EventBridge schedule per time zone and time): the handover on every open incident. */
export const createHandler = (deps: HandoverDependencies) => workflowTask((input: HandoverInput) => recordHandovers(deps, input));

export const handler = createHandler(awsDependencies());
