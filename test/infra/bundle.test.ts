import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { handlerEntry, type FunctionName } from '../../lib/catalog';
import { PROJECT_ROOT } from '../../lib/definitions';
import { NODE_RUNTIME, YingjiFunction } from '../../lib/aws/function';

/**
 * Bundles real functions the way `cdk synth` does (local esbuild, no Docker) and loads the
 * bundles in a fresh Node of the Lambda runtime's version, as Lambda would.
 */
describe('function bundles', () => {
  const bundles = {} as Record<FunctionName, string>;
  beforeAll(() => {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Bundles');
    for (const name of ['health', 'list-plans'] as const) {
      const fn = new YingjiFunction(stack, name, {
        entry: handlerEntry(name),
        description: name,
        timeout: Duration.seconds(10),
        memorySize: 256,
        ...(name === 'health' ? { bundleFolders: ['statemachines'] } : {}),
        logRetention: RetentionDays.ONE_DAY,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const code = fn.function.node.findChild('Code') as Asset;
      bundles[name] = join(app.outdir, code.assetPath, 'index.mjs');
    }
    app.synth();
  }, 120_000);

  const runInNode = (script: string) => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 30_000 });
    if (run.status !== 0) throw new Error(`node exited ${run.status}: ${run.stderr}`);
    return run.stdout;
  };

  it('are ES modules that start with a require() of their own', () => {
    for (const bundle of Object.values(bundles)) {
      expect(existsSync(bundle)).toBe(true);
      expect(readFileSync(bundle, 'utf8')).toMatch(/^import \{ createRequire \} from 'node:module'; const require = createRequire\(import\.meta\.url\);/);
    }
  });

  it('carry the folders a function reads at run time beside the bundle', () => {
    const copied = join(bundles.health, '..', 'statemachines', 'escalation.asl.json');
    expect(readFileSync(copied, 'utf8')).toBe(readFileSync(join(PROJECT_ROOT, 'statemachines', 'escalation.asl.json'), 'utf8'));
    expect(existsSync(join(bundles['list-plans'], '..', 'statemachines'))).toBe(false);
  });

  it('run on the Node version of the Lambda runtime', () => {
    expect(`nodejs${process.versions.node.split('.')[0]}.x`).toBe(NODE_RUNTIME.name);
    const out = runInNode(`
      const { handler } = await import(${JSON.stringify(bundles.health)});
      const event = { httpMethod: 'GET', path: '/health', headers: {}, body: null, isBase64Encoded: false, pathParameters: null };
      const context = { functionName: 'health', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:health', memoryLimitInMB: '256', awsRequestId: 'test', getRemainingTimeInMillis: () => 10000 };
      process.stdout.write(JSON.stringify(await handler(event, context)));
    `);
    const response = JSON.parse(out.slice(out.lastIndexOf('{"statusCode"')));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ ok: true });
  });

  it('carry the AWS SDK they were tested with and load without an AWS environment', () => {
    const out = runInNode(`
      const module = await import(${JSON.stringify(bundles['list-plans'])});
      process.stdout.write(typeof module.handler);
    `);
    expect(out.endsWith('function')).toBe(true);
    expect(readFileSync(bundles['list-plans'], 'utf8')).toContain('DynamoDBClient');
  });
});
