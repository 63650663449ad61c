import { type ActionDependencies, incidentView, openActionLink, takeAction, validateAction } from '../core/incident';
import { NotFoundError } from '../core/base';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { html, httpHandler, json } from '../shared/http';
import { actionPage, unknownLinkPage } from './page';

/**
 * GET /a/{token}: what happened and what this person can do. POST /a/{token} {"action"}: do it,
 * recorded as the person the link was sent to.
 */
export const createHandler = (deps: ActionDependencies) =>
  httpHandler(async (event) => {
    const token = event.pathParameters?.token ?? '';
    if (event.httpMethod === 'GET') {
      try {
        return html(200, actionPage(await openActionLink(deps, token)));
      } catch (error) {
        if (error instanceof NotFoundError) return html(404, unknownLinkPage());
        throw error;
      }
    }
    const view = await takeAction(deps, token, validateAction(event.body));
    return json(200, { ...incidentView(view.record), by: { personId: view.person.id, name: view.person.name }, actions: view.actions });
  });

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['action-link']));
