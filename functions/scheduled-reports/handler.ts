import { rollUp, submitAs, validateRollUpQuery, type SubmissionDependencies } from '../core/scheduled-reports';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { callerOf, httpHandler, json } from '../shared/http';

/**
 * GET /reports?date=YYYY-MM-DD&type=zero-report[&bureau=…] (signed in): the roll-up of every
 * school the caller may see (a bureau's desk: all of the bureau's): submitted (when, by whom),
 * late, missing or pending. POST /reports {"planId","type"?,"situation"?} (signed in): the caller
 * sends a scheduled report through the API, now.
 */
export const createHandler = (deps: SubmissionDependencies) =>
  httpHandler(async (event) => {
    const caller = callerOf(event);
    if (event.httpMethod === 'GET') return json(200, await rollUp(deps, validateRollUpQuery(event.queryStringParameters), caller));
    const outcome = await submitAs(deps, caller, event.body);
    return json(outcome.accepted ? 201 : 200, outcome);
  });

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['scheduled-reports']));
