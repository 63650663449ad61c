import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Claims, groupsForPhone, type PlanCatalog } from '../../functions/core/plan';

/**
 * DEVELOPMENT SIGN-IN — the local runtime only. `POST /auth/dev-login {"phone"}` signs in as any
 * person in the loaded plans, with no password: it exists so the console can be tried and tested
 * without Cognito. It is no catalog route, so no deployed stage has it; on AWS, Cognito signs
 * people in and API Gateway's authorizer checks their tokens.
 *
 * The token carries the claims the Cognito authorizer would pass (sub, phone_number, name,
 * cognito:groups from the plans) and an HMAC under a secret kept in the data folder, so sign-ins
 * survive a restart of `npm start` and nobody can mint one without the folder.
 */
export class DevelopmentSignIn {
  private readonly secret: Buffer;

  constructor(
    dataDir: string,
    private readonly plans: PlanCatalog,
    private readonly lifetimeMs = 12 * 60 * 60 * 1000,
  ) {
    const file = join(dataDir, 'dev-login.secret');
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
    this.secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  }

  /** A token for the person with this phone in any loaded plan; undefined for anyone else. */
  async signIn(phone: string): Promise<string | undefined> {
    const plans = await this.plans.list();
    const person = plans.flatMap((plan) => plan.people).find((candidate) => candidate.phone === phone);
    if (!person) return undefined;
    const claims: Claims = {
      sub: `dev-${phone.replace(/\D/g, '')}`,
      phone_number: phone,
      name: person.name,
      // As API Gateway's REST Cognito authorizer passes them: one comma-separated string.
      'cognito:groups': groupsForPhone(plans, phone).join(','),
      token_use: 'id',
      // Sessions last in wall-clock time, whatever the runtime's speed.
      exp: Math.floor((Date.now() + this.lifetimeMs) / 1000),
    };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `dev.${payload}.${this.sign(payload)}`;
  }

  /**
   * The claims of a valid token in the `Authorization` header, sent raw as API Gateway's Cognito
   * authorizer documents it (no `Bearer ` prefix); undefined otherwise.
   */
  verify(authorization: string | undefined): Claims | undefined {
    const match = /^dev\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
    if (!match) return undefined;
    const [, payload, signature] = match as unknown as [string, string, string];
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return undefined;
    return claims;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
