import { type ConsoleDependencies, openIncidentsFor, validateBoardQuery } from '../core/incident';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { callerOf, httpHandler, json } from '../shared/http';

/** GET /incidents?open=1[&limit&cursor&school&category&status&overdue&q] (signed in): a page of the board. */
export const createHandler = (deps: ConsoleDependencies) =>
  httpHandler(async (event) => json(200, await openIncidentsFor(deps, callerOf(event), validateBoardQuery(event.queryStringParameters))));

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['list-incidents']));
