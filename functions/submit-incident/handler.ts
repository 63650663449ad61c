import { incidentView, type IntakeDependencies, type ReportLimitDependencies, reportedPlanId, submitWithinLimits, validateReport } from '../core/incident';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { header, httpHandler, json } from '../shared/http';

/**
 * POST /incidents: a witness's report. A retry with the same Idempotency-Key gets the same incident.
 * The caller's address is the TCP source API Gateway saw, `requestContext.identity.sourceIp` of the
 * REST API's proxy event, not a header the client could set
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html: `$context.identity.sourceIp`).
 */
export const createHandler = (deps: IntakeDependencies & ReportLimitDependencies) =>
  httpHandler(async (event) => {
    // The report is checked before anything is read; then only the plan it names (not every plan of the stage).
    const plan = await deps.plans.get(reportedPlanId(event.body));
    const report = validateReport(event.body, plan ? [plan] : []);
    const idempotencyKey = header(event, 'Idempotency-Key');
    const submission = { plan: plan!, report, channel: 'web' as const, idempotencyKey };
    const { record, created } = await submitWithinLimits(deps, submission, event.requestContext?.identity?.sourceIp || undefined);
    return json(201, incidentView(record), created ? {} : { 'Idempotent-Replayed': 'true' });
  });

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['submit-incident']));
