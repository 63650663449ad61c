import { calendarFor, setCalendar, type CalendarDependencies } from '../core/periods';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { callerOf, httpHandler, json } from '../shared/http';

/**
 * GET /periods (signed in): the bureau's calendar of sensitive periods and the periods the plans
 * name. PUT /periods (a bureau's desk) `{"periods":[{"id","name","from","to"}]}`: this year's dates.
 */
export const createHandler = (deps: CalendarDependencies) =>
  httpHandler(async (event) => {
    const caller = callerOf(event);
    if (event.httpMethod === 'GET') return json(200, await calendarFor(deps, caller));
    return json(200, await setCalendar(deps, caller, event.body));
  });

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS.periods));
