import { NotFoundError } from '../core/base';
import { openReportLink, submitByLink, validateSituation, type SubmissionDependencies } from '../core/scheduled-reports';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { unknownLinkPage } from '../action-link/page';
import { html, httpHandler, json } from '../shared/http';
import { reportPage } from './page';

/**
 * GET /r/{token}: the scheduled report a reminder or chase asked for, and a button to send it.
 * POST /r/{token} {"situation"?}: send it (平安, or what is going on), as the link's person.
 */
export const createHandler = (deps: SubmissionDependencies) =>
  httpHandler(async (event) => {
    const token = event.pathParameters?.token ?? '';
    if (event.httpMethod === 'GET') {
      try {
        return html(200, reportPage(await openReportLink(deps, token)));
      } catch (error) {
        if (error instanceof NotFoundError) return html(404, unknownLinkPage());
        throw error;
      }
    }
    const outcome = await submitByLink(deps, token, validateSituation(event.body));
    return json(outcome.accepted ? 201 : 200, outcome);
  });

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['report-link']));
