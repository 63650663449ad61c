import { type EscalationDependencies, remindAgain } from '../core/escalation';
import { validateRemindRequest } from '../core/incident';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { callerOf, httpHandler, json } from '../shared/http';

/**
 * POST /incidents/{id}/remind (signed in) `{}`: texts, and calls where the stage places calls,
 * everyone unconfirmed at the incident's current level (再次提醒); 429 with `retryAt` within five
 * minutes of the last round, 403 for anyone not on the chain or the duty lead.
 */
export const createHandler = (deps: EscalationDependencies) =>
  httpHandler(async (event) => {
    const caller = callerOf(event);
    validateRemindRequest(event.body);
    return json(200, await remindAgain(deps, event.pathParameters?.id ?? '', caller));
  });

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['remind-unconfirmed']));
