import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FUNCTION_ACCESS } from '../../lib/aws/access';
import { YingjiFunction } from '../../lib/aws/function';
import { handlerEntry } from '../../lib/catalog';
import { PROJECT_ROOT } from '../../lib/definitions';

/**
 * The web console's function bundled as `cdk synth` bundles it, its pages beside it, answering in a
 * fresh Node as Lambda would: on API Gateway's own address (stage in the path) and with Cognito.
 */
describe('the web console bundle', () => {
  let bundle = '';
  let outdir = '';
  beforeAll(() => {
    // Inside the project, so the bundle finds the AWS SDK in node_modules as Lambda's runtime provides it.
    mkdirSync(join(PROJECT_ROOT, '.build'), { recursive: true });
    outdir = mkdtempSync(join(PROJECT_ROOT, '.build', 'console-bundle-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const fn = new YingjiFunction(new Stack(app, 'Console'), 'WebConsole', {
      entry: handlerEntry('web-console'),
      description: 'web console',
      timeout: Duration.seconds(10),
      memorySize: 256,
      bundleFolders: FUNCTION_ACCESS['web-console'].files,
      logRetention: RetentionDays.ONE_DAY,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    bundle = join(app.outdir, (fn.function.node.findChild('Code') as Asset).assetPath, 'index.mjs');
    app.synth();
  }, 120_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const invoke = (event: object) => {
    const script = `
      const { handler } = await import(${JSON.stringify(bundle)});
      const context = { functionName: 'web-console', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:web-console', memoryLimitInMB: '256', awsRequestId: 'test', getRemainingTimeInMillis: () => 10000 };
      process.stdout.write(JSON.stringify(await handler(${JSON.stringify(event)}, context)));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        PATH: process.env.PATH,
        LAMBDA_TASK_ROOT: dirname(bundle),
        TABLE_NAME: 'unused',
        PUBLIC_BASE_URL: 'https://yj.example.cn',
        COGNITO_DOMAIN: 'yingji-prod-123.auth.ap-southeast-1.amazoncognito.com',
        COGNITO_CLIENT_ID: 'client123',
        POWERTOOLS_LOG_LEVEL: 'ERROR',
      },
    });
    if (run.status !== 0) throw new Error(`node exited ${run.status}: ${run.stderr}`);
    return JSON.parse(run.stdout.slice(run.stdout.lastIndexOf('{"statusCode"'))) as { statusCode: number; headers: Record<string, string>; body: string };
  };
  const get = (resource: string, path: string, pathParameters: Record<string, string> | null = null, stagePath = path) =>
    invoke({ resource, path, httpMethod: 'GET', headers: {}, body: null, isBase64Encoded: false, pathParameters, requestContext: { path: stagePath } });

  it('serves a page from the files beside it, based at the stage path, allowing only its own scripts and the hosted sign-in', () => {
    const page = get('/sign-in', '/sign-in', null, '/v1/sign-in');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<base href="/v1/">');
    expect(page.headers['Content-Security-Policy']).toContain("script-src 'self'");
    expect(page.headers['Content-Security-Policy']).toContain("connect-src 'self' https://yingji-prod-123.auth.ap-southeast-1.amazoncognito.com");
    expect(get('/assets/{file}', '/assets/app.js', { file: 'app.js' }).headers['Content-Type']).toMatch(/javascript/);
  });

  it('tells the pages to sign in with Cognito, and offers no SMS simulator', () => {
    const config = JSON.parse(get('/console.json', '/console.json').body);
    expect(config).toMatchObject({ signIn: { kind: 'cognito', domain: 'yingji-prod-123.auth.ap-southeast-1.amazoncognito.com', clientId: 'client123' }, smsSimulator: false });
  });
});
