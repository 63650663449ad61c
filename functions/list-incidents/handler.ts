import { ValidationError } from '../core/base/errors';
import { openIncidentsFor, type ConsoleDependencies } from '../core/incident/console';
import { awsDependencies } from '../adapters/aws';
import { callerOf, httpHandler, json } from '../shared/http';

/** GET /incidents?open=1 (signed in): the open incidents of every school the caller may see. */
export const createHandler = (deps: ConsoleDependencies) =>
  httpHandler(async (event) => {
    const open = event.queryStringParameters?.open;
    if (open !== undefined && open !== '1' && open !== 'true') {
      throw new ValidationError('Only open incidents can be listed.', { open: 'expected 1 (the open incidents)' });
    }
    return json(200, await openIncidentsFor(deps, callerOf(event)));
  });

export const handler = createHandler(awsDependencies());
