import { incidentView, type IntakeDependencies, submitIncident, validateReport } from '../core/incident';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { header, httpHandler, json } from '../shared/http';

/** POST /incidents: a witness's report. A retry with the same Idempotency-Key gets the same incident. */
export const createHandler = (deps: IntakeDependencies) =>
  httpHandler(async (event) => {
    const report = validateReport(event.body, await deps.plans.list());
    const idempotencyKey = header(event, 'Idempotency-Key');
    const { record, created } = await submitIncident(deps, { report, channel: 'web', idempotencyKey });
    return json(201, incidentView(record), created ? {} : { 'Idempotent-Replayed': 'true' });
  });

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['submit-incident']));
