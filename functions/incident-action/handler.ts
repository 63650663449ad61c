import { actAsCaller, validateConsoleAction, type ConsoleDependencies } from '../core/incident';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { callerOf, httpHandler, json } from '../shared/http';

/**
 * POST /incidents/{id}/actions (signed in) `{"action":"ack"|"reported"|"note"|"close", "text"?,
 * "resolution"?}`: recorded as the caller, the person on the incident's plan with their phone.
 */
export const createHandler = (deps: ConsoleDependencies) =>
  httpHandler(async (event) => {
    const caller = callerOf(event);
    const request = validateConsoleAction(event.body);
    return json(200, await actAsCaller(deps, event.pathParameters?.id ?? '', caller, request));
  });

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['incident-action']));
