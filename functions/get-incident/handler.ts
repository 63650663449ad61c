import { incidentFor, type ConsoleDependencies } from '../core/incident';
import { awsDependencies } from '../adapters/aws';
import { callerOf, httpHandler, json } from '../shared/http';

/**
 * GET /incidents/{id} (signed in): the incident, where it stands, its timeline and its chain, for
 * someone who may see its school; 403 for anyone else.
 */
export const createHandler = (deps: ConsoleDependencies) =>
  httpHandler(async (event) => json(200, await incidentFor(deps, event.pathParameters?.id ?? '', callerOf(event))));

export const handler = createHandler(awsDependencies());
