import { reviewWrittenReport, saveWrittenReport, submitWrittenReport, writtenReportFor, type WrittenReportDependencies } from '../core/written-report';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { callerOf, httpHandler, json } from '../shared/http';

/**
 * The written report after handling (书面报告), signed in: GET and PUT /incidents/{id}/written-report
 * (see it, save an edit), POST …/submit (the school sends it), …/accept and …/return `{reason}` (its recipient).
 */
export const createHandler = (deps: WrittenReportDependencies) =>
  httpHandler(async (event) => {
    const incidentId = event.pathParameters?.id ?? '';
    const caller = callerOf(event);
    const step = event.resource.split('/').at(-1);
    if (event.httpMethod === 'GET') return json(200, await writtenReportFor(deps, incidentId, caller));
    if (event.httpMethod === 'PUT') return json(200, await saveWrittenReport(deps, incidentId, caller, event.body));
    if (step === 'submit') return json(200, await submitWrittenReport(deps, incidentId, caller, event.body));
    return json(200, await reviewWrittenReport(deps, incidentId, caller, step === 'accept' ? 'accept' : 'return', event.body));
  });

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['written-report']));
