import { consoleSession, type ConsoleDependencies } from '../core/incident';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { callerOf, httpHandler, json } from '../shared/http';

/** GET /me (signed in): who the caller is and the schools they may see, with each plan's duty. */
export const createHandler = (deps: ConsoleDependencies) => httpHandler(async (event) => json(200, await consoleSession(deps, callerOf(event))));

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['me']));
