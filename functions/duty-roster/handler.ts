import { overrideAs, rosterFor, type RosterDependencies } from '../core/duty';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { callerOf, httpHandler, json } from '../shared/http';

/**
 * GET /duty/{planId}?at=… (signed in): who is on duty (now, or at `at`), the next shift, the
 * week's shifts and the overrides. POST /duty/{planId}/overrides (signed in, a duty lead): a swap
 * or a cover, recorded as the caller; the roster as it now stands.
 */
export const createHandler = (deps: RosterDependencies) =>
  httpHandler(async (event) => {
    const planId = event.pathParameters?.planId ?? '';
    const caller = callerOf(event);
    if (event.httpMethod === 'GET') return json(200, await rosterFor(deps, caller, planId, event.queryStringParameters?.at));
    return json(201, await overrideAs(deps, caller, planId, event.body));
  });

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['duty-roster']));
