import type { APIGatewayProxyResult } from 'aws-lambda';
import { renderSVG } from 'uqr';
import { API_ROUTES } from '../../lib/catalog';
import { FORM_LIMITS } from '../core/incident';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { httpHandler, json, type JsonEvent } from '../shared/http';
import type { ConsoleSettings, WebConsoleDependencies } from '../shared/web';

/**
 * The web console's pages and files, served by the API itself so pages and API share one origin
 * (no CORS, the sign-in token goes to the same host) and one domain. Pages are static HTML whose
 * scripts call the API; what a page shows is decided by the API, never by the page.
 */

/** API resource → the page it serves. */
export const PAGES: Record<string, string> = {
  '/': 'board.html',
  '/sign-in': 'sign-in.html',
  '/incident/{id}': 'incident.html',
  '/duty': 'duty.html',
  '/report/{planId}': 'report.html',
  // 包案, 风险排查, 值班记录 (docs/cases.md): page paths apart from their APIs (/cases, /risks, /duty-log).
  '/petition-cases': 'cases.html',
  '/screening': 'screening.html',
  '/duty-record': 'duty-record.html',
  // After the incident: the written report of an incident, the accountability ledger.
  '/incident/{id}/written-report': 'written-report.html',
  '/accountability-ledger': 'ledger.html',
};

const ASSET = /^[a-z0-9-]+\.(js|css|svg)$/;
const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', svg: 'image/svg+xml' };

export const createHandler = (deps: WebConsoleDependencies) =>
  httpHandler(async (event) => {
    switch (event.resource) {
      case '/console.json':
        return json(200, {
          signIn: deps.console.signIn,
          pollSeconds: deps.console.pollSeconds,
          smsSimulator: deps.console.smsSimulator,
          limits: FORM_LIMITS,
          // The pages use an API (the duty roster, the reports roll-up) only where the stage has it.
          routes: API_ROUTES.map((route) => `${route.method} ${route.path}`),
        });
      case '/report/{planId}/qr.svg': {
        const plan = await deps.plans.get(event.pathParameters?.planId ?? '');
        if (!plan) return json(404, { error: { message: 'No such school.', fields: { planId: 'unknown plan' } } });
        return file(200, Buffer.from(renderSVG(reportFormUrl(deps.console.publicBaseUrl, plan.id), { border: 2 })), 'svg', 'public, max-age=86400');
      }
      case '/favicon.ico':
        return asset(deps, 'icon.svg');
      case '/assets/{file}':
        return asset(deps, event.pathParameters?.file ?? '');
      default: {
        const page = PAGES[event.resource];
        const body = page && (await deps.webFiles.read(page));
        if (!body) return json(404, { error: { message: `No page at ${event.path}.`, fields: {} } });
        const known = event.resource !== '/report/{planId}' || (await deps.plans.get(event.pathParameters?.planId ?? '')) !== undefined;
        const html = body.toString('utf8').replace('%BASE%', baseOf(event));
        return { statusCode: known ? 200 : 404, headers: pageHeaders(deps.console), body: html };
      }
    }
  });

/** The report form's stable public address: what a school prints on its posters as a QR code. */
export const reportFormUrl = (publicBaseUrl: string, planId: string) => `${publicBaseUrl.replace(/\/+$/, '')}/report/${encodeURIComponent(planId)}`;

/**
 * Where the site starts: `/v1/` on API Gateway's own address (the stage is in the path), `/` on
 * a custom domain and locally. Pages link relative to it.
 */
function baseOf(event: JsonEvent): string {
  const full = event.requestContext?.path ?? event.path;
  const prefix = full.endsWith(event.path) ? full.slice(0, full.length - event.path.length) : '';
  return `${prefix.replace(/\/+$/, '')}/`;
}

async function asset(deps: WebConsoleDependencies, name: string): Promise<APIGatewayProxyResult> {
  const found = ASSET.exec(name);
  const body = found && (await deps.webFiles.read(`assets/${name}`));
  if (!found || !body) return json(404, { error: { message: `No file ${name}.`, fields: {} } });
  return file(200, body, found[1]!, 'public, max-age=300');
}

function file(statusCode: number, body: Buffer, type: string, cacheControl: string): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'Content-Type': TYPES[type]!, 'Cache-Control': cacheControl, 'X-Content-Type-Options': 'nosniff' },
    body: body.toString('utf8'),
  };
}

/** Scripts and styles only from the site itself; the token endpoint of Cognito's sign-in when there is one. */
function pageHeaders(settings: ConsoleSettings): Record<string, string> {
  const signIn = settings.signIn.kind === 'cognito' ? ` https://${settings.signIn.domain}` : '';
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      `connect-src 'self'${signIn}`,
      `form-action 'self'${signIn}`,
      "base-uri 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['web-console']));
