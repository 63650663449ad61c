import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { peopleByPhone, type PlanCatalog } from '../../functions/core/plan';
import { PROJECT_ROOT } from '../definitions';
import type { DevelopmentSignIn } from './dev-login';
import type { LocalRoute } from './http';

/** The console's files in the repository; the same folder CDK copies beside the web-console bundle. */
export const WEB_ROOT = join(PROJECT_ROOT, 'web');

/**
 * The console's local-only routes: the DEVELOPMENT SIGN-IN (`POST /auth/dev-login`) and the SMS
 * simulator (`GET /sms`, its script, and `GET /sms/phones`, every phone in the plans). None is in
 * lib/catalog.ts, so CDK never deploys them.
 */
export function consoleLocalRoutes(signIn: DevelopmentSignIn, plans: PlanCatalog): LocalRoute {
  return async ({ method, path, body }) => {
    if (method === 'POST' && path === '/auth/dev-login') {
      let phone: unknown;
      try {
        phone = (JSON.parse(body) as { phone?: unknown }).phone;
      } catch {
        phone = undefined;
      }
      if (typeof phone !== 'string' || phone === '')
        return { status: 400, body: { error: { message: 'Send {"phone"}: a number from the plans.', fields: { phone: 'required' } } } };
      const token = await signIn.signIn(phone);
      if (!token) return { status: 404, body: { error: { message: `No person in the loaded plans has the phone ${phone}.`, fields: { phone: 'not in any plan' } } } };
      return { status: 200, body: { token, development: true } };
    }
    if (method === 'GET' && path === '/sms/phones') return { status: 200, body: peopleByPhone(await plans.list()) };
    if (method === 'GET' && path === '/sms') return { status: 200, body: await readFile(join(WEB_ROOT, 'local', 'sms.html'), 'utf8'), contentType: 'text/html; charset=utf-8' };
    if (method === 'GET' && path === '/sms/sms.js')
      return { status: 200, body: await readFile(join(WEB_ROOT, 'local', 'sms.js'), 'utf8'), contentType: 'text/javascript; charset=utf-8' };
    return undefined;
  };
}
