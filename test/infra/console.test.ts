import { Match } from 'aws-cdk-lib/assertions';
import { actionsOf } from './support';
import { API_ROUTES } from '../../lib/catalog';
import { logicalId, render, resourcesOf, synthesize, type Synthesized } from './support';

/** The web console on AWS: Cognito users whose schools and bureaus come from the plans, the authorizer, the pages. */

let shipped: Synthesized;
beforeAll(() => {
  shipped = synthesize();
}, 120_000);

const stages = () => Object.values(shipped.stacks);
const methods = (template: Synthesized['stacks'][string]['template']) =>
  Object.entries(resourcesOf(template)).filter(([, resource]) => resource.Type === 'AWS::ApiGateway::Method');

/** `GET /incidents/{id}` for a method, rebuilt from its resource's path parts. */
function routeOf(template: Synthesized['stacks'][string]['template'], method: { Properties?: Record<string, any> }): string {
  const resources = resourcesOf(template);
  const parts: string[] = [];
  let resourceId = method.Properties!.ResourceId;
  while (resourceId?.Ref) {
    const resource = resources[resourceId.Ref]!;
    parts.unshift(resource.Properties!.PathPart);
    resourceId = resource.Properties!.ParentId;
  }
  return `${method.Properties!.HttpMethod} /${parts.join('/')}`;
}

describe('sign-in', () => {
  it('puts exactly the catalog’s signed-in routes behind the Cognito authorizer, and nothing else', () => {
    for (const { stack, template } of stages()) {
      const authorizer = logicalId(stack.consoleSignIn.authorizer as never);
      const signedIn = methods(template)
        .filter(([, method]) => method.Properties!.AuthorizationType === 'COGNITO_USER_POOLS')
        .map(([, method]) => {
          expect(method.Properties!.AuthorizerId).toEqual({ Ref: authorizer });
          return routeOf(template, method);
        });
      expect(signedIn.sort()).toEqual(
        API_ROUTES.filter((route) => route.signedIn)
          .map((route) => `${route.method} ${route.path}`)
          .sort(),
      );
      expect(signedIn).toEqual(expect.arrayContaining(['GET /incidents/{id}', 'GET /incidents', 'POST /incidents/{id}/actions', 'GET /me']));
    }
  });

  it('keeps the report form, the action links and the pages public', () => {
    const { template } = shipped.stacks.dev!;
    const open = methods(template)
      .filter(([, method]) => method.Properties!.AuthorizationType === 'NONE')
      .map(([, method]) => routeOf(template, method));
    expect(open).toEqual(expect.arrayContaining(['POST /incidents', 'GET /a/{token}', 'POST /a/{token}', 'GET /report/{planId}', 'GET /incident/{id}', 'GET /']));
  });

  it('deploys no development sign-in and no SMS simulator', () => {
    expect(API_ROUTES.filter((route) => route.path.startsWith('/auth') || route.path.startsWith('/sms'))).toEqual([]);
    for (const { template } of stages()) {
      const parts = Object.values(resourcesOf(template)).flatMap((resource) => (resource.Type === 'AWS::ApiGateway::Resource' ? [resource.Properties!.PathPart] : []));
      expect(parts).not.toContain('auth');
      expect(parts).not.toContain('dev-login');
    }
  });

  // "Include the token in the Authorization header": the raw ID token is the documented form
  // (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-invoke-api-integrated-with-cognito-user-pool.html).
  it('reads the raw ID token from the Authorization header, which is what the console sends', () => {
    for (const { template } of stages()) {
      template.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'COGNITO_USER_POOLS', IdentitySource: 'method.request.header.Authorization' });
    }
  });

  it('answers a missing or bad token with a 401 in the handlers’ error shape', () => {
    shipped.stacks.dev!.template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      StatusCode: '401',
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('"error":\\{"message":"Sign in first') },
    });
  });
});

describe('console users', () => {
  it('are made by an administrator, sign in by phone with a strong password and an authenticator app', () => {
    for (const { template } of stages()) {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UsernameAttributes: ['phone_number'],
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true, RequireUppercase: true, RequireNumbers: true }) },
      });
    }
  });

  it('keep a production pool when the stack goes; a dev pool goes with it', () => {
    shipped.stacks['prod-gx']!.template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }) });
    shipped.stacks.dev!.template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete' });
  });

  it('get their schools and bureaus from the published plans at sign-in, with no Cognito group per school', () => {
    for (const { stack, template } of stages()) {
      template.resourceCountIs('AWS::Cognito::UserPoolGroup', 0);
      // V1 of the trigger shapes the ID token, the one the REST authorizer reads; it is offered on every feature plan
      // (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html).
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        LambdaConfig: { PreTokenGeneration: { 'Fn::GetAtt': [logicalId(stack.consoleSignIn.claims.function), 'Arn'] } },
      });
      const actions = actionsOf(template, logicalId(stack.consoleSignIn.claims.role));
      expect(actions.has('dynamodb:GetItem')).toBe(true);
      expect(actions.has('dynamodb:PutItem')).toBe(false);
      const timeout = resourcesOf(template)[logicalId(stack.consoleSignIn.claims.function)]!.Properties!.Timeout as number;
      expect(timeout).toBeLessThanOrEqual(5);
    }
  });

  // "When you don't specify the WriteAttributes for your app client, your app can write the values of the
  // Standard attributes" (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html);
  // administrators still can, with AdminUpdateUserAttributes.
  it('cannot change their own phone number, which says who they are on the plans', () => {
    for (const { template } of stages()) {
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', { WriteAttributes: ['name'] });
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        Schema: Match.arrayWith([Match.objectLike({ Name: 'phone_number', Required: true })]),
        UsernameAttributes: ['phone_number'],
      });
    }
  });

  it('sign in through the hosted sign-in by code and PKCE, back to the console’s sign-in page, with no client secret', () => {
    const { stack, template } = shipped.stacks['prod-gx']!;
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: ['https://yj.example.cn/sign-in'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
    });
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    const variables = resourcesOf(template)[logicalId(stack.functions['web-console'].function)]!.Properties!.Environment.Variables;
    expect(render(variables.COGNITO_DOMAIN)).toBe('yingji-prod-gx-<AWS::AccountId>.auth.<AWS::Region>.amazoncognito.com');
    expect(variables.COGNITO_CLIENT_ID).toEqual({ Ref: logicalId(stack.consoleSignIn.client) });
    const others = resourcesOf(template)[logicalId(stack.functions['notify-level'].function)]!.Properties!.Environment.Variables;
    expect(others.COGNITO_CLIENT_ID).toBeUndefined();
  });
});
