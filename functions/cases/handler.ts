import { escalateCase, listCases, openCase, recordVisit, showCase, updateCase, type CaseDependencies } from '../core/cases';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { callerOf, httpHandler, json } from '../shared/http';

/**
 * 包案 cases, signed in: GET /cases[?planId&open=1], POST /cases (a new case, or one grown out of
 * an incident or a risk), GET|PATCH /cases/{id} (owners, visit plan, closure), POST
 * /cases/{id}/visits (a visit held), POST /cases/{id}/escalate (the case opens an incident).
 */
export const createHandler = (deps: CaseDependencies) =>
  httpHandler(async (event) => {
    const caller = callerOf(event);
    const caseId = event.pathParameters?.id ?? '';
    switch (`${event.httpMethod} ${event.resource}`) {
      case 'GET /cases':
        return json(200, await listCases(deps, caller, event.queryStringParameters));
      case 'POST /cases':
        return json(201, await openCase(deps, caller, event.body));
      case 'PATCH /cases/{id}':
        return json(200, await updateCase(deps, caller, caseId, event.body));
      case 'POST /cases/{id}/visits':
        return json(201, await recordVisit(deps, caller, caseId, event.body));
      case 'POST /cases/{id}/escalate':
        return json(201, await escalateCase(deps, caller, caseId, event.body));
      default:
        return json(200, await showCase(deps, caller, caseId));
    }
  });

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['cases']));
