import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { API_FUNCTIONS, EVENT_FUNCTIONS, handlerEntry, SCHEDULED_FUNCTIONS, WORKFLOW_FUNCTIONS } from '../../lib/catalog';
import { PROJECT_ROOT } from '../../lib/definitions';
import { MAX_BUNDLE_BYTES, NODE_RUNTIME, YingjiFunction } from '../../lib/aws/function';

/**
 * Bundles every function the way `cdk synth` does (local esbuild, no Docker) and loads bundles
 * in a fresh Node of the Lambda runtime's version, as Lambda would. Besides the catalog's, the
 * stack deploys the plan publisher and the console's sign-in trigger.
 */
const ENTRIES = [
  ...[...API_FUNCTIONS, ...WORKFLOW_FUNCTIONS, ...SCHEDULED_FUNCTIONS, ...EVENT_FUNCTIONS].map(handlerEntry),
  'functions/publish-plans/handler.ts',
  'functions/console-claims/handler.ts',
];

describe('function bundles', () => {
  const bundles: Record<string, string> = {};
  beforeAll(() => {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Bundles');
    for (const entry of ENTRIES) {
      const fn = new YingjiFunction(stack, entry.split('/')[1]!, {
        entry,
        description: entry,
        timeout: Duration.seconds(10),
        memorySize: 256,
        ...(entry === handlerEntry('health') ? { bundleFolders: ['statemachines'] } : {}),
        logRetention: RetentionDays.ONE_DAY,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const code = fn.function.node.findChild('Code') as Asset;
      bundles[entry] = join(app.outdir, code.assetPath, 'index.mjs');
    }
    app.synth();
  }, 300_000);

  const runInNode = (script: string) => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 30_000 });
    if (run.status !== 0) throw new Error(`node exited ${run.status}: ${run.stderr}`);
    return run.stdout;
  };

  it.each(ENTRIES)('%s is an ES module of at most 300 KB that starts with a require() of its own', (entry) => {
    const bundle = bundles[entry]!;
    expect(existsSync(bundle)).toBe(true);
    expect(statSync(bundle).size).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
    expect(readFileSync(bundle, 'utf8')).toMatch(/^import \{ createRequire \} from 'node:module'; const require = createRequire\(import\.meta\.url\);/);
  });

  it('carry the folders a function reads at run time beside the bundle', () => {
    const health = bundles[handlerEntry('health')]!;
    const copied = join(health, '..', 'statemachines', 'escalation.asl.json');
    expect(readFileSync(copied, 'utf8')).toBe(readFileSync(join(PROJECT_ROOT, 'statemachines', 'escalation.asl.json'), 'utf8'));
    expect(existsSync(join(bundles[handlerEntry('list-plans')]!, '..', 'statemachines'))).toBe(false);
  });

  it('run on the Node version of the Lambda runtime', () => {
    expect(`nodejs${process.versions.node.split('.')[0]}.x`).toBe(NODE_RUNTIME.name);
    const out = runInNode(`
      const { handler } = await import(${JSON.stringify(bundles[handlerEntry('health')])});
      const event = { httpMethod: 'GET', path: '/health', headers: {}, body: null, isBase64Encoded: false, pathParameters: null };
      const context = { functionName: 'health', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:health', memoryLimitInMB: '256', awsRequestId: 'test', getRemainingTimeInMillis: () => 10000 };
      process.stdout.write(JSON.stringify(await handler(event, context)));
    `);
    const response = JSON.parse(out.slice(out.lastIndexOf('{"statusCode"')));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ ok: true });
  });

  it('take the AWS SDK from the runtime, and load without an AWS environment where it is installed', () => {
    const bundle = bundles[handlerEntry('list-plans')]!;
    const code = readFileSync(bundle, 'utf8');
    expect(code).toMatch(/from\s*"@aws-sdk\/client-dynamodb"/);
    // Placed under the project, the bundle's `@aws-sdk/*` imports resolve to node_modules as the runtime's would.
    const placed = join(PROJECT_ROOT, 'test-output', 'bundles', 'list-plans');
    rmSync(placed, { recursive: true, force: true });
    mkdirSync(placed, { recursive: true });
    cpSync(join(bundle, '..'), placed, { recursive: true });
    const out = runInNode(`
      const module = await import(${JSON.stringify(join(placed, 'index.mjs'))});
      process.stdout.write(typeof module.handler);
    `);
    expect(out.endsWith('function')).toBe(true);
  });
});
