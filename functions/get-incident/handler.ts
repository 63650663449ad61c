import { NotFoundError } from '../core/errors';
import type { IncidentStore } from '../core/ports';
import { incidentView } from '../core/view';
import { awsDependencies } from '../adapters/aws';
import { httpHandler, json } from '../shared/http';

/** GET /incidents/{id}: the incident, where it stands, and its timeline. */
export const createHandler = (deps: { incidents: IncidentStore }) =>
  httpHandler(async (event) => {
    const id = event.pathParameters?.id ?? '';
    const record = await deps.incidents.get(id);
    if (!record) throw new NotFoundError(`No incident with id "${id}".`);
    return json(200, incidentView(record));
  });

export const handler = createHandler(awsDependencies());
