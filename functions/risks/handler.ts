import { escalateRisk, reportRiskAs, screeningRollUp, type RiskDependencies } from '../core/risks';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { callerOf, httpHandler, json } from '../shared/http';

/**
 * 风险信息 and 日排查, signed in: GET /risks?date[&planId] (the day's screening roll-up of every
 * school the caller may see), POST /risks (a risk, or the caller's unit's daily screening), POST
 * /risks/{id}/escalate (the risk becomes an incident; 200 with the same incident when it already is).
 */
export const createHandler = (deps: RiskDependencies) =>
  httpHandler(async (event) => {
    const caller = callerOf(event);
    if (event.httpMethod === 'GET') return json(200, await screeningRollUp(deps, caller, event.queryStringParameters));
    if (event.resource === '/risks') return json(201, await reportRiskAs(deps, caller, event.body));
    const outcome = await escalateRisk(deps, caller, event.pathParameters?.id ?? '', event.body);
    return json(outcome.created ? 201 : 200, outcome);
  });

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['risks']));
