import { ledgerFor, validateLedgerQuery, type LedgerDependencies } from '../core/accountability';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { callerOf, httpHandler, json } from '../shared/http';

/**
 * GET /accountability?from&to[&school] (signed in): the facts the plans hold people to account
 * for, per school the caller may see, each with the timeline events that prove it.
 */
export const createHandler = (deps: LedgerDependencies) =>
  httpHandler(async (event) => {
    const caller = callerOf(event);
    return json(200, await ledgerFor(deps, caller, validateLedgerQuery(event.queryStringParameters)));
  });

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['accountability']));
