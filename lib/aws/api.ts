import { Aws, Fn, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type * as z from 'zod';
import { API_ROUTES, type ApiFunction } from '../catalog';
import { jsonSchemaOf, REQUESTS, routeKey } from '../requests';
import type { YingjiFunction } from './function';

export const API_STAGE_NAME = 'v1';

/** A route's body model: the JSON Schema of its request schema (lib/requests.ts), named by the schema's title. */
function modelOf(schema: z.ZodType): { modelName: string; schema: apigw.JsonSchema } {
  const generated = jsonSchemaOf(schema, 'api-gateway');
  return { modelName: String(generated.title), schema: generated as apigw.JsonSchema };
}

/**
 * JSON schemas (draft 4, what API Gateway validates against) for every route that takes a body.
 * They reject malformed bodies before a function runs; the handler reads the same schema and
 * gives the field-by-field messages.
 */
export const REQUEST_BODIES: Record<string, { modelName: string; schema: apigw.JsonSchema }> = Object.fromEntries(
  Object.entries(REQUESTS).flatMap(([key, { body }]) => (body ? [[key, modelOf(body)]] : [])),
);

/** Errors API Gateway answers itself, in the same `{"error":{"message","fields"}}` shape as the handlers'. */
const errorBody = (message: string, fields = '{}') => `{"error":{"message":"${message}","fields":${fields}}}`;

export interface YingjiApiProps {
  stageLabel: string;
  throttle: { ratePerSecond: number; burst: number };
  /** A WAF web ACL will sit in front of the stage (lib/aws/firewall.ts). */
  firewalled: boolean;
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
}

/**
 * The public REST API: the report form's endpoint, incident views and action links. It is created
 * before the functions (they need its address for links) and the routes are added once they exist.
 */
export class YingjiApi extends Construct {
  readonly api: apigw.RestApi;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: YingjiApiProps) {
    super(scope, id);
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    this.api = new apigw.RestApi(this, 'Api', {
      restApiName: `yingji-${props.stageLabel}`,
      description: `Yingji ${props.stageLabel}: incident reports, incident views and action links`,
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // Execution logging needs the account's API Gateway CloudWatch role; the stack sets it and
      // keeps it when deleted, because other APIs in the account and region may rely on it.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: API_STAGE_NAME,
        tracingEnabled: true,
        throttlingRateLimit: props.throttle.ratePerSecond,
        throttlingBurstLimit: props.throttle.burst,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields({
          caller: false,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: false,
        }),
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        // Request bodies carry names, phone numbers and descriptions of incidents: never log them.
        dataTraceEnabled: false,
      },
    });

    this.api.addGatewayResponse('InvalidBody', {
      type: apigw.ResponseType.BAD_REQUEST_BODY,
      statusCode: '400',
      templates: { 'application/json': errorBody('The request body is not in the expected form.', '{"body":"$context.error.validationErrorString"}') },
    });
    this.api.addGatewayResponse('Throttled', {
      type: apigw.ResponseType.THROTTLED,
      statusCode: '429',
      responseHeaders: { 'Retry-After': "'1'" },
      templates: { 'application/json': errorBody('Too many requests just now; try again in a moment.') },
    });
    // The console's signed-in routes: no or a bad token is refused by the Cognito authorizer.
    this.api.addGatewayResponse('SignInFirst', {
      type: apigw.ResponseType.UNAUTHORIZED,
      statusCode: '401',
      templates: { 'application/json': errorBody('Sign in first: this needs the ID token in the Authorization header.') },
    });
    // An unknown path is a 403 "Missing Authentication Token" by default, which misleads everyone.
    this.api.addGatewayResponse('UnknownPath', {
      type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
      statusCode: '404',
      templates: { 'application/json': errorBody('There is nothing at this address.') },
    });

    if (!props.firewalled) {
      Validations.of(this.api.deploymentStage).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason:
          'A disposable dev stage runs without the WAF web ACL every other stage gets by default (deployments.yaml waf): it is throttled per stage, every body is schema-checked before a function runs, and a web ACL bills a monthly fee per stage.',
      });
    }
    const cloudWatchRole = this.api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      Validations.of(cloudWatchRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          'The account-level role API Gateway uses for execution logs; AmazonAPIGatewayPushToCloudWatchLogs is the policy AWS documents for it and API Gateway needs to create its own log groups, whose names are not known in advance.',
      });
    }
  }

  /**
   * Serves the API at a short name of the operator's (links at `https://<name>/a/…`); the name's
   * DNS record points at `domainNameAliasDomainName`.
   */
  addDomain(name: string, certificateArn: string): apigw.DomainName {
    return new apigw.DomainName(this, 'Domain', {
      domainName: name,
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', certificateArn),
      endpointType: apigw.EndpointType.REGIONAL,
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
      mapping: this.api,
    });
  }

  /**
   * Where action links point when the stage has no public base URL: the API's own address, built
   * from the RestApi's id. (`api.url` would make every function depend on the deployment, which
   * depends on the methods, which depend on the functions: a cycle.)
   */
  get defaultBaseUrl(): string {
    return Fn.join('', ['https://', this.api.restApiId, '.execute-api.', Aws.REGION, '.', Aws.URL_SUFFIX, `/${API_STAGE_NAME}`]);
  }

  /**
   * One method per catalog route, each with its own narrowly scoped invoke permission; the routes
   * marked `signedIn` are behind the console's Cognito authorizer.
   */
  addRoutes(handlers: Record<ApiFunction, YingjiFunction>, authorizer: apigw.IAuthorizer): void {
    const validator = this.api.addRequestValidator('BodyValidator', {
      requestValidatorName: 'json-body',
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const models = new Map<string, apigw.IModel>();
    for (const route of API_ROUTES) {
      const body = REQUEST_BODIES[routeKey(route)];
      if (route.method !== 'GET' && !body) throw new Error(`${routeKey(route)} takes a body but has no schema in REQUEST_BODIES`);
      let model = body && models.get(body.modelName);
      if (body && !model) {
        model = this.api.addModel(body.modelName, { modelName: body.modelName, contentType: 'application/json', schema: body.schema });
        models.set(body.modelName, model);
      }
      const resource = this.api.root.resourceForPath(route.path);
      const method = resource.addMethod(route.method, new apigw.LambdaIntegration(handlers[route.function].function, { allowTestInvoke: false }), {
        ...(model && { requestValidator: validator, requestModels: { 'application/json': model } }),
        ...(route.signedIn && { authorizer, authorizationType: apigw.AuthorizationType.COGNITO }),
      });
      if (route.signedIn) continue;
      Validations.of(method).acknowledge(
        {
          id: 'AwsSolutions-APIG4',
          reason:
            'Public by design: witnesses and parents report without an account, action links carry their own unguessable token, and the console pages are static files whose data comes from the signed-in routes; the functions decide what each caller may see or do.',
        },
        {
          id: 'AwsSolutions-COG4',
          reason:
            'A public route: the people who report and who act through a texted link have no accounts (see APIG4 on this method); the console routes use the Cognito authorizer.',
        },
      );
    }
  }
}
