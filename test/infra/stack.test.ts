import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../functions/core/base/errors';
import { validateReport } from '../../functions/core/incident/intake';
import {
  API_FUNCTIONS,
  API_ROUTES,
  ESCALATION,
  EXPIRES_AT,
  OPEN_INCIDENTS_INDEX,
  SCHEDULED_FUNCTIONS,
  WORKFLOW_FUNCTIONS,
  type ApiRoute,
  type FunctionName,
  EVENT_FUNCTIONS,
} from '../../lib/catalog';
import { PROJECT_ROOT, readDefinition } from '../../lib/definitions';
import { REQUEST_BODIES } from '../../lib/aws/api';
import { routeKey } from '../../lib/requests';
import { SPEND_WARNING_SHARE } from '../../lib/aws/monitoring';
import { readStagePlans } from '../../lib/aws/plans';
import { environmentOf, type AdapterName } from '../../functions/adapters/environment';
import { FUNCTION_ADAPTERS } from '../../functions/adapters/function-adapters';
import { FUNCTION_ACCESS } from '../../lib/aws/access';
import { plansDigest } from '../../functions/core/plan';
import { actionsOf, logicalId, render, resourcesOf, stagesFrom, synthesize, type Synthesized } from './support';

let shipped: Synthesized;
beforeAll(() => {
  shipped = synthesize();
}, 120_000);

const dev = () => shipped.stacks.dev!;
const prod = () => shipped.stacks['prod-gx']!;
const adaptersOf = (name: FunctionName): readonly AdapterName[] => (name in FUNCTION_ADAPTERS ? FUNCTION_ADAPTERS[name as keyof typeof FUNCTION_ADAPTERS] : []);
const ALL_FUNCTIONS: FunctionName[] = [...API_FUNCTIONS, ...WORKFLOW_FUNCTIONS, ...SCHEDULED_FUNCTIONS, ...EVENT_FUNCTIONS];

describe('one stack per stage', () => {
  it('names each stack after its stage and puts it in the stage region', () => {
    expect(Object.keys(shipped.stacks)).toEqual(['dev', 'prod-gx']);
    expect(dev().stack.region).toBe('ap-northeast-1');
    expect(prod().stack.region).toBe('ap-southeast-1');
    expect(prod().stack.stackName).toBe('yingji-prod-gx');
  });

  it('protects a production stack from deletion, not dev', () => {
    expect(prod().stack.terminationProtection).toBe(true);
    expect(dev().stack.terminationProtection).toBe(false);
  });
});

describe('data', () => {
  it('keys the table as the adapters expect, encrypted, with point-in-time recovery', () => {
    for (const { template } of [dev(), prod()]) {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
    }
  });

  it('lets DynamoDB delete the transient items the adapters give an expiry (test/unit/adapters/store-contract.test.ts)', () => {
    for (const { template } of [dev(), prod()]) {
      template.hasResourceProperties('AWS::DynamoDB::Table', { TimeToLiveSpecification: { AttributeName: EXPIRES_AT, Enabled: true } });
    }
  });

  it('has the open-incidents index the store queries, keyed as the local table is', () => {
    prod().template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        {
          IndexName: OPEN_INCIDENTS_INDEX.name,
          KeySchema: [
            { AttributeName: OPEN_INCIDENTS_INDEX.partitionKey, KeyType: 'HASH' },
            { AttributeName: OPEN_INCIDENTS_INDEX.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    });
  });

  it('keeps a production table when the stack goes and refuses to delete it; dev tables go', () => {
    prod().template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    dev().template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });
});

describe('functions', () => {
  const pinnedNode = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).devDependencies.node as string;
  const pinnedMajor = /\d+/.exec(pinnedNode)![0];

  it.each(ALL_FUNCTIONS)('%s runs on the pinned Node, arm64, traced, with its own log group and explicit limits', (name) => {
    const { stack, template } = prod();
    const fn = stack.functions[name];
    const props = resourcesOf(template)[logicalId(fn.function)]!.Properties!;
    expect(props.Runtime).toBe(`nodejs${pinnedMajor}.x`);
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.TracingConfig).toEqual({ Mode: 'Active' });
    expect(props.Timeout).toBeGreaterThan(0);
    expect(props.MemorySize).toBeGreaterThanOrEqual(256);
    expect(props.LoggingConfig).toEqual({ LogGroup: { Ref: logicalId(fn.logGroup) } });
    expect(props.Environment.Variables).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'yingji' });
    if (environmentOf(adaptersOf(name)).includes('TABLE_NAME')) expect(props.Environment.Variables.TABLE_NAME).toEqual({ Ref: logicalId(stack.data.table) });
    const logGroup = resourcesOf(template)[logicalId(fn.logGroup)]!;
    expect(logGroup.Properties!.RetentionInDays).toBe(180);
    expect(logGroup.DeletionPolicy).toBe('Retain');
  });

  // The adapters read these with requireEnv: one missing fails the function's first invocation. A state
  // machine's ARN goes with the grant to start it (FUNCTION_ACCESS), since several handlers' dependency
  // types carry a starter they never call.
  const REQUIRED = ['TABLE_NAME', 'PUBLIC_BASE_URL', 'COGNITO_DOMAIN', 'COGNITO_CLIENT_ID'];
  it.each(ALL_FUNCTIONS)('%s gets the variables of the adapters its handler builds, and no others', (name) => {
    for (const { stack, template } of [dev(), prod()]) {
      const variables = Object.keys(resourcesOf(template)[logicalId(stack.functions[name].function)]!.Properties!.Environment.Variables);
      const contract: string[] = environmentOf(adaptersOf(name));
      const own = variables.filter((variable) => !variable.startsWith('POWERTOOLS_') && variable !== 'NODE_OPTIONS');
      expect(own.filter((variable) => !contract.includes(variable))).toEqual([]);
      expect(contract.filter((variable) => REQUIRED.includes(variable) && !own.includes(variable))).toEqual([]);
      if (FUNCTION_ACCESS[name].startsEscalation) expect(own).toContain('ESCALATION_STATE_MACHINE_ARN');
      if (FUNCTION_ACCESS[name].startsWrittenReportWatch) expect(own).toContain('WRITTEN_REPORT_STATE_MACHINE_ARN');
    }
    if (!environmentOf(adaptersOf(name)).includes('SMS_SIGNATURE')) {
      expect(resourcesOf(prod().template)[logicalId(prod().stack.functions[name].function)]!.Properties!.Environment.Variables.SMS_SIGNATURE).toBeUndefined();
    }
  });

  it('gives every workflow step less time than the ASL task timeout that waits for it, so a slow step is never run twice at once', () => {
    const { stack, template } = prod();
    const states: Record<string, any>[] = [];
    const walk = (node: any) => {
      for (const state of Object.values(node.States ?? {}) as any[]) {
        states.push(state);
        for (const branch of state.Branches ?? []) walk(branch);
      }
    };
    walk(readDefinition(ESCALATION.file, Object.fromEntries(Object.keys(ESCALATION.functions).map((key) => [key, key]))));
    for (const [placeholder, name] of Object.entries(ESCALATION.functions)) {
      const taskTimeouts = states.filter((state) => state.Resource === placeholder).map((state) => state.TimeoutSeconds as number);
      expect(taskTimeouts.length).toBeGreaterThan(0);
      const lambdaTimeout = resourcesOf(template)[logicalId(stack.functions[name].function)]!.Properties!.Timeout as number;
      expect(lambdaTimeout).toBeLessThan(Math.min(...taskTimeouts));
    }
  });

  it('tells the functions that take reports which state machine to start, and no other function', () => {
    const { stack, template } = prod();
    for (const name of ALL_FUNCTIONS) {
      const variables = resourcesOf(template)[logicalId(stack.functions[name].function)]!.Properties!.Environment.Variables;
      if (['submit-incident', 'scheduled-reports', 'report-link', 'sms-inbound', 'cases', 'risks', 'start-stranded-escalations'].includes(name))
        expect(variables.ESCALATION_STATE_MACHINE_ARN).toEqual({ Ref: logicalId(stack.escalation.stateMachine) });
      else expect(variables.ESCALATION_STATE_MACHINE_ARN).toBeUndefined();
    }
  });

  it('links to the API itself when the stage has neither domain nor public base URL, built from the RestApi id so nothing waits on the deployment', () => {
    const { stack, template } = dev();
    const url = resourcesOf(template)[logicalId(stack.functions['notify-level'].function)]!.Properties!.Environment.Variables.PUBLIC_BASE_URL;
    expect(render(url)).toBe(`https://<${logicalId(stack.api.api)}>.execute-api.<AWS::Region>.<AWS::URLSuffix>/v1`);
  });

  it('serves a production stage at its short domain and links there, so alerts fit one SMS segment', () => {
    const { stack, template } = prod();
    const variables = resourcesOf(template)[logicalId(stack.functions['notify-level'].function)]!.Properties!.Environment.Variables;
    expect(variables.PUBLIC_BASE_URL).toBe('https://yj.example.cn');
    template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'yj.example.cn',
      RegionalCertificateArn: Match.stringLikeRegexp('^arn:aws:acm:ap-southeast-1:'),
      EndpointConfiguration: { Types: ['REGIONAL'] },
      SecurityPolicy: 'TLS_1_2',
    });
    template.hasResourceProperties('AWS::ApiGateway::BasePathMapping', { RestApiId: { Ref: logicalId(stack.api.api) }, Stage: Match.anyValue() });
  });

  it('warns when a production stage would text raw API Gateway links', () => {
    const [stage] = stagesFrom(`
stages:
  - name: prod-x
    region: eu-west-1
    plans: [huapu-primary.yaml]
    sms: { signature: 【银海区教育局】, monthlySpendLimitUsd: 10, china: { senderId: YINGJI, registrationId: registration-0123456789abcdef, templatesCase: "1234567890" } }
    alarmEmail: duty@example.org
`);
    const { stack } = synthesize([stage!]).stacks['prod-x']!;
    Annotations.fromStack(stack).hasWarning('/prod-x', Match.stringLikeRegexp('raw API Gateway URL.*one SMS segment'));
    Annotations.fromStack(dev().stack).hasNoWarning('*', Match.stringLikeRegexp('raw API Gateway URL'));
  });

  it("links to the stage's public base URL when it has one", () => {
    const stages = stagesFrom(`
stages:
  - name: prod-x
    region: eu-west-1
    plans: [huapu-primary.yaml]
    sms: { signature: 【银海区教育局】, monthlySpendLimitUsd: 10, senderId: YINGJI, china: { senderId: YJCN, registrationId: registration-0123456789abcdef, templatesCase: "1234567890" } }
    publicBaseUrl: https://yingji.example.org/
    alarmEmail: duty@example.org
`);
    const { stack, template } = synthesize(stages).stacks['prod-x']!;
    const variables = resourcesOf(template)[logicalId(stack.functions['notify-level'].function)]!.Properties!.Environment.Variables;
    expect(variables).toMatchObject({ PUBLIC_BASE_URL: 'https://yingji.example.org', SMS_SENDER_ID: 'YINGJI', SMS_SIGNATURE: '【银海区教育局】' });
  });
});

describe('firewall', () => {
  const rules = (template: ReturnType<typeof prod>['template']) =>
    Object.values(resourcesOf(template))
      .filter((r) => r.Type === 'AWS::WAFv2::WebACL')
      .flatMap((r) => r.Properties!.Rules as any[]);

  it('puts a WAF web ACL in front of a production API: POSTs and all requests limited per source address, answered 429', () => {
    const { stack, template } = prod();
    const [posts, all] = rules(template);
    expect(posts.Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: 'IP', Limit: 100, EvaluationWindowSec: 300 });
    expect(posts.Statement.RateBasedStatement.ScopeDownStatement.ByteMatchStatement).toMatchObject({ FieldToMatch: { Method: {} }, SearchString: 'POST' });
    expect(all.Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: 'IP', Limit: 2000 });
    for (const rule of [posts, all]) expect(rule.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429 } } });
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
    const [association] = Object.values(resourcesOf(template)).filter((r) => r.Type === 'AWS::WAFv2::WebACLAssociation');
    expect(render(association!.Properties!.ResourceArn)).toContain(`/restapis/<${logicalId(stack.api.api)}>/stages/`);
  });

  it('leaves a dev stage without one unless asked, and takes the limits from deployments.yaml', () => {
    expect(rules(dev().template)).toEqual([]);
    const [stage] = stagesFrom(`
stages:
  - name: dev
    region: ap-southeast-1
    plans: [huapu-primary.yaml]
    sms: { signature: 【应急演练】, monthlySpendLimitUsd: 1 }
    alarmEmail: ops@example.org
    waf: { enabled: true, postsPerFiveMinutes: 20 }
`);
    const [posts] = rules(synthesize([stage!]).stacks.dev!.template);
    expect(posts.Statement.RateBasedStatement.Limit).toBe(20);
  });
});

describe('least privilege', () => {
  const roleOf = (name: FunctionName) => logicalId(prod().stack.functions[name].role);
  const can = (name: FunctionName, action: string) => actionsOf(prod().template, roleOf(name)).has(action);

  /** Whether a function's role may start executions of this state machine. */
  const starts = (name: FunctionName, machine: Parameters<typeof logicalId>[0]) => {
    const target = `<${logicalId(machine)}>`;
    return Object.values(resourcesOf(prod().template)).some(
      (resource) =>
        resource.Type === 'AWS::IAM::Policy' &&
        (resource.Properties!.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleOf(name) })) &&
        (resource.Properties!.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).some(
          (statement) => [statement.Action].flat().includes('states:StartExecution') && [statement.Resource].flat().some((arn) => render(arn) === target),
        ),
    );
  };

  it('lets only the functions that take reports start an escalation (a scheduled report with something to say is one, a texted report another, a risk or a 包案 case escalated another), and the sweep for stranded incidents', () => {
    expect(ALL_FUNCTIONS.filter((name) => starts(name, prod().stack.escalation.stateMachine)).sort()).toEqual([
      'cases',
      'report-link',
      'risks',
      'scheduled-reports',
      'sms-inbound',
      'start-stranded-escalations',
      'submit-incident',
    ]);
    expect(ALL_FUNCTIONS.filter((name) => can(name, 'states:DescribeExecution'))).toEqual(['start-stranded-escalations']);
  });

  it('lets only the functions that close incidents start the written report’s deadline, and nothing else start any workflow', () => {
    expect(ALL_FUNCTIONS.filter((name) => starts(name, prod().stack.writtenReports.stateMachine)).sort()).toEqual(['action-link', 'incident-action', 'sms-inbound']);
    expect(ALL_FUNCTIONS.filter((name) => can(name, 'states:StartExecution')).sort()).toEqual([
      'action-link',
      'cases',
      'incident-action',
      'report-link',
      'risks',
      'scheduled-reports',
      'sms-inbound',
      'start-stranded-escalations',
      'submit-incident',
    ]);
  });

  it('lets only the functions that text people publish SMS', () => {
    expect(ALL_FUNCTIONS.filter((name) => can(name, 'sns:Publish')).sort()).toEqual([
      'act-on-scheduled-reports',
      'check-written-report',
      'notify-level',
      'remind-case-visits',
      'remind-unconfirmed',
      'report-late-to-bureau',
      'sms-inbound',
    ]);
  });

  it('gives functions that only look things up no write access, and the health check no data at all', () => {
    for (const name of ['list-plans', 'get-incident', 'check-acknowledgement', 'check-bureau-report'] as const) {
      expect(can(name, 'dynamodb:Query')).toBe(true);
      expect(can(name, 'dynamodb:PutItem')).toBe(false);
    }
    expect([...actionsOf(prod().template, roleOf('health'))].filter((action) => !action.startsWith('logs:') && !action.startsWith('xray:'))).toEqual([]);
  });

  it('lets the escalation invoke exactly its four workflow functions', () => {
    const { stack, template } = prod();
    const invoked = new Set<string>();
    for (const resource of Object.values(resourcesOf(template))) {
      if (resource.Type !== 'AWS::IAM::Policy') continue;
      if (!JSON.stringify(resource.Properties!.Roles).includes(logicalId(stack.escalation.stateMachine.role))) continue;
      for (const statement of resource.Properties!.PolicyDocument.Statement) {
        if ([statement.Action].flat().includes('lambda:InvokeFunction')) {
          for (const arn of [statement.Resource].flat()) invoked.add(render(arn).replace(/:\*$/, ''));
        }
      }
    }
    expect([...invoked].sort()).toEqual(
      Object.values(ESCALATION.functions)
        .map((name) => `<${logicalId(stack.functions[name].function)}.Arn>`)
        .sort(),
    );
  });
});

describe('api', () => {
  /** `/a/{token}` for each API Gateway resource, by logical id. */
  const pathsOf = (resources: ReturnType<typeof resourcesOf>) => {
    const pathOf = (id: string): string => {
      const props = resources[id]!.Properties!;
      return `${props.ParentId.Ref ? pathOf(props.ParentId.Ref) : ''}/${props.PathPart}`;
    };
    return new Map(
      Object.entries(resources)
        .filter(([, r]) => r.Type === 'AWS::ApiGateway::Resource')
        .map(([id]) => [id, pathOf(id)]),
    );
  };
  /** The API Gateway methods that serve a route. */
  const methodsOf = (resources: ReturnType<typeof resourcesOf>, route: Pick<ApiRoute, 'method' | 'path'>) => {
    const paths = pathsOf(resources);
    return Object.values(resources).filter(
      // The root resource is the RestApi's own (`GetAtt RootResourceId`), not an AWS::ApiGateway::Resource.
      (r) =>
        r.Type === 'AWS::ApiGateway::Method' &&
        r.Properties!.HttpMethod === route.method &&
        (r.Properties!.ResourceId.Ref ? paths.get(r.Properties!.ResourceId.Ref) : '/') === route.path,
    );
  };

  it.each(API_ROUTES.map((route) => [routeKey(route), route] as const))('routes %s to its function through a Lambda proxy', (_, route) => {
    const { stack, template } = prod();
    const methods = methodsOf(resourcesOf(template), route);
    expect(methods).toHaveLength(1);
    const integration = methods[0]!.Properties!.Integration;
    expect(integration.Type).toBe('AWS_PROXY');
    expect(render(integration.Uri)).toContain(`<${logicalId(stack.functions[route.function].function)}.Arn>`);
  });

  it.each(API_ROUTES.filter((route) => route.method === 'POST').map((route) => [routeKey(route), route] as const))(
    'validates the JSON body of %s before any function runs',
    (key, route) => {
      const { template } = prod();
      const resources = resourcesOf(template);
      const method = methodsOf(resources, route)[0]!;
      const validator = resources[method.Properties!.RequestValidatorId.Ref]!;
      expect(validator.Properties).toMatchObject({ ValidateRequestBody: true });
      const model = resources[method.Properties!.RequestModels['application/json'].Ref]!;
      expect(model.Properties).toMatchObject({ ContentType: 'application/json', Name: REQUEST_BODIES[key]!.modelName });
      expect(model.Properties!.Schema.type).toBe('object');
    },
  );

  it('requires at the gateway exactly the report fields the handler requires', () => {
    let fields: Record<string, string> = {};
    try {
      validateReport({}, []);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      fields = (error as ValidationError & { fields: Record<string, string> }).fields;
    }
    expect([...(REQUEST_BODIES['POST /incidents']!.schema.required ?? [])].sort()).toEqual(Object.keys(fields).sort());
  });

  it('throttles, traces and access-logs the stage without logging request bodies', () => {
    const { stack, template } = prod();
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [logicalId(stack.api.accessLogs), 'Arn'] }, Format: Match.stringLikeRegexp('"status"') },
      MethodSettings: [
        Match.objectLike({ HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100, LoggingLevel: 'ERROR', DataTraceEnabled: false }),
      ],
    });
    dev().template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 })],
    });
  });

  it("answers a rejected body in the handlers' error shape, with what was wrong", () => {
    prod().template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'BAD_REQUEST_BODY',
      StatusCode: '400',
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('^\\{"error":\\{"message":".+","fields":\\{"body":"\\$context.error.validationErrorString"\\}\\}\\}$') },
    });
  });
});

describe('sms', () => {
  it("sets the region's SMS preferences from the stage: type, spend limit, delivery-status logging", () => {
    const { stack, template } = prod();
    const [preferences] = Object.values(resourcesOf(template)).filter((r) => r.Type === 'Custom::SmsPreferences');
    const call = JSON.parse(render(preferences!.Properties!.Create).replace(/<([A-Za-z0-9]+)\.Arn>/g, 'ARN($1)'));
    expect(call).toMatchObject({
      service: 'SNS',
      action: 'SetSMSAttributes',
      parameters: {
        attributes: {
          DefaultSMSType: 'Transactional',
          MonthlySpendLimit: '200',
          DeliveryStatusSuccessSamplingRate: '100',
          DeliveryStatusIAMRole: `ARN(${logicalId(stack.sms.deliveryStatusRole)})`,
        },
      },
    });
    expect(resourcesOf(template)[logicalId(stack.sms.deliveryStatusRole)]!.Properties).toMatchObject({
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' } }] },
    });
  });

  it('prefixes texts with the registered signature', () => {
    const { stack, template } = prod();
    const variables = resourcesOf(template)[logicalId(stack.functions['notify-level'].function)]!.Properties!.Environment.Variables;
    expect(variables).toMatchObject({ SMS_SIGNATURE: '【银海区教育局】', SMS_TYPE: 'Transactional' });
  });

  it('refuses a production stage that texts +86 numbers without a signature', () => {
    const stages = stagesFrom(`
stages:
  - name: prod-x
    region: ap-southeast-1
    plans: [huapu-primary.yaml]
    sms: { monthlySpendLimitUsd: 10 }
    alarmEmail: duty@example.org
`);
    expect(() => synthesize(stages)).toThrow(/texts \+86 numbers .* sms\.signature is not set/);
  });

  it.each([
    ['no China registration', '', /sms\.china is not set: AWS texts China only from a sender ID registered for China/],
    ['a long code to send from', ', originationNumber: "+12065550100"', /sms\.originationNumber is a long code, and AWS sends no SMS to China from a long code/],
  ])('refuses a production stage that texts +86 numbers with %s; a dev stage gets a warning', (_, extra, message) => {
    const china = extra ? ', china: { senderId: YJCN, registrationId: registration-0123456789abcdef, templatesCase: "1234567890" }' : '';
    const yaml = (name: string) => `
stages:
  - name: ${name}
    region: ap-southeast-1
    plans: [huapu-primary.yaml]
    sms: { signature: 【银海区教育局】, monthlySpendLimitUsd: 10${china}${extra} }
    alarmEmail: duty@example.org
`;
    expect(() => synthesize(stagesFrom(yaml('prod-x')))).toThrow(message);
    Annotations.fromStack(synthesize(stagesFrom(yaml('dev'))).stacks.dev!.stack).hasWarning('/dev', Match.stringLikeRegexp(message.source.replace(/\\/g, '')));
  });

  it('gives the functions that text the sender ID registered for China', () => {
    const { stack, template } = prod();
    for (const name of ['notify-level', 'report-late-to-bureau'] as const) {
      expect(resourcesOf(template)[logicalId(stack.functions[name].function)]!.Properties!.Environment.Variables.SMS_CHINA_SENDER_ID).toBe('YINGJI');
    }
  });
});

describe('plans', () => {
  it("publishes exactly the stage's plans, named by their count and a digest of their ids and versions, from an asset holding them", () => {
    const { stack, template, stage } = prod();
    const plans = readStagePlans(stage.plans);
    const [published] = Object.values(resourcesOf(template)).filter((r) => r.Type === 'Custom::YingjiPlans');
    expect(published!.Properties).toMatchObject({ PlanCount: String(plans.length), PlansDigest: plansDigest(plans) });
    expect(published!.Properties!.Key).toBe(stack.planPublication.asset.s3ObjectKey);
    const staged = readFileSync(join(shipped.app.outdir, stack.planPublication.asset.assetPath), 'utf8');
    expect(JSON.parse(staged)).toEqual(plans);
  });

  it('lets the publisher read that one object and read and write the table (a publish reads the version it replaces for the roll-up index), nothing else', () => {
    const { stack, template } = prod();
    const actions = actionsOf(template, logicalId(stack.planPublication.publisher.role));
    expect(actions.has('s3:GetObject')).toBe(true);
    expect([...actions].filter((action) => action.startsWith('s3:'))).toEqual(['s3:GetObject']);
    for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:Query']) expect(actions.has(action)).toBe(true);
    const statement = Object.values(resourcesOf(template))
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => r.Properties!.PolicyDocument.Statement as any[])
      .find((s) => s.Action === 's3:GetObject');
    expect(render(statement.Resource)).toMatch(new RegExp(`/${stack.planPublication.asset.s3ObjectKey.replace('.', '\\.')}$`));
  });
});

describe('monitoring', () => {
  const alarms = () => Object.values(resourcesOf(prod().template)).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
  const topic = () => ({ Ref: logicalId(prod().stack.monitoring.topic) });

  it("counts the texts the provider would not take from the texting steps' logs", () => {
    const filters = Object.values(resourcesOf(prod().template)).filter((r) => r.Type === 'AWS::Logs::MetricFilter');
    expect(filters.length).toBeGreaterThanOrEqual(3);
    for (const filter of filters) expect(filter.Properties!.MetricTransformations).toEqual([expect.objectContaining({ MetricName: 'TextsNotSent', MetricValue: '$.textsFailed' })]);
  });

  it('e-mails the stage alarm address from an encrypted topic', () => {
    prod().template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'yingji-duty@example.org', TopicArn: topic() });
    prod().template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  it.each([
    ['failed escalations', 'AWS/States', 'ExecutionsFailed'],
    ['timed-out escalations', 'AWS/States', 'ExecutionsTimedOut'],
    ['texts SNS failed to deliver', 'AWS/SNS', 'NumberOfNotificationsFailed'],
    ['SMS spend', 'AWS/SNS', 'SMSMonthToDateSpentUSD'],
    ['API 5xx', 'AWS/ApiGateway', '5XXError'],
    ['texts of an escalation or a wave the provider would not take (notify-failed)', 'Yingji', 'TextsNotSent'],
  ])('alarms on %s and tells the duty desk', (_, namespace, metric) => {
    const alarm = alarms().find((a) => a.Properties!.Namespace === namespace && a.Properties!.MetricName === metric);
    expect(alarm).toBeDefined();
    expect(alarm!.Properties!.AlarmActions).toEqual([topic()]);
    expect(alarm!.Properties!.TreatMissingData).toBe('notBreaching');
  });

  it('warns before SNS stops texting at the spend limit', () => {
    const alarm = alarms().find((a) => a.Properties!.MetricName === 'SMSMonthToDateSpentUSD')!;
    expect(alarm.Properties!.Threshold).toBe(SPEND_WARNING_SHARE * 200);
  });

  it('watches SMS sent straight to phone numbers, the way Yingji sends them', () => {
    const alarm = alarms().find((a) => a.Properties!.MetricName === 'NumberOfNotificationsFailed')!;
    expect(alarm.Properties!.Dimensions).toEqual([{ Name: 'PhoneNumber', Value: 'PhoneNumberDirect' }]);
  });

  it('alarms on errors of every function and on Lambda throttling of any of them', () => {
    const { stack } = prod();
    for (const name of ALL_FUNCTIONS) {
      const alarm = alarms().find((a) => a.Properties!.MetricName === 'Errors' && JSON.stringify(a.Properties!.Dimensions).includes(logicalId(stack.functions[name].function)));
      expect(alarm).toBeDefined();
    }
    // An alarm's math takes at most 10 metrics, so the functions are watched ten to an alarm.
    const throttles = alarms().filter((a) => (a.Properties!.Metrics ?? []).some((m: any) => m.MetricStat?.Metric.MetricName === 'Throttles'));
    const watched = throttles.flatMap((a) => a.Properties!.Metrics.filter((m: any) => m.MetricStat).map((m: any) => JSON.stringify(m.MetricStat.Metric.Dimensions)));
    expect(new Set(watched).size).toBe(ALL_FUNCTIONS.length);
    expect(throttles.every((a) => a.Properties!.Metrics.filter((m: any) => m.MetricStat).length <= 10)).toBe(true);
  });

  it('has one dashboard per stage', () => {
    prod().template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    prod().template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'yingji-prod-gx' });
    dev().template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'yingji-dev' });
  });
});
