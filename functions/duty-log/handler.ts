import { showDutyLog, writeDutyLogAs, type DutyLogDependencies } from '../core/duty-log';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { callerOf, httpHandler, json } from '../shared/http';

/**
 * 值班记录, signed in: GET /duty-log/{planId}?date=… (the log of that day's shifts, each with who
 * was on duty, its entries and its handover note), POST /duty-log/{planId} (an entry, a call
 * received or a handover note, written as the caller).
 */
export const createHandler = (deps: DutyLogDependencies) =>
  httpHandler(async (event) => {
    const caller = callerOf(event);
    const planId = event.pathParameters?.planId ?? '';
    if (event.httpMethod === 'GET') return json(200, await showDutyLog(deps, caller, planId, event.queryStringParameters));
    return json(201, await writeDutyLogAs(deps, caller, planId, event.body));
  });

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['duty-log']));
