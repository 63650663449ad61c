import { type ConsoleDependencies, openIncidentsFor, validateBoardQuery } from '../core/incident';
import { awsDependencies } from '../adapters/aws';
import { callerOf, httpHandler, json } from '../shared/http';

/** GET /incidents?open=1[&limit&cursor&school&category&status&overdue&q] (signed in): a page of the board. */
export const createHandler = (deps: ConsoleDependencies) =>
  httpHandler(async (event) => json(200, await openIncidentsFor(deps, callerOf(event), validateBoardQuery(event.queryStringParameters))));

export const handler = createHandler(awsDependencies());
