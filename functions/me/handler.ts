import { consoleSession, type ConsoleDependencies, validateSessionQuery } from '../core/incident';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { callerOf, httpHandler, json } from '../shared/http';

/** GET /me[?schools=0] (signed in): who the caller is and (unless schools=0) the schools they may see, with each plan's duty. */
export const createHandler = (deps: ConsoleDependencies) =>
  httpHandler(async (event) => json(200, await consoleSession(deps, callerOf(event), validateSessionQuery(event.queryStringParameters))));

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['me']));
