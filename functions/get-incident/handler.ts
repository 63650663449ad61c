import { incidentFor, type ConsoleDependencies } from '../core/incident';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { callerOf, httpHandler, json } from '../shared/http';

/**
 * GET /incidents/{id} (signed in): the incident, where it stands, its timeline and its chain, for
 * someone who may see its school; 403 for anyone else.
 */
export const createHandler = (deps: ConsoleDependencies) => httpHandler(async (event) => json(200, await incidentFor(deps, event.pathParameters?.id ?? '', callerOf(event))));

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['get-incident']));
