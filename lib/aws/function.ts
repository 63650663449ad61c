import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Charset, LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../definitions';

/** The Lambda runtime matches the Node that package.json pins for tests and the local runtime. */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_22_X;
const ESBUILD_TARGET = 'node22';

/** Powertools reads these; the service name groups every function's logs and traces. */
const POWERTOOLS_ENVIRONMENT = {
  POWERTOOLS_SERVICE_NAME: 'yingji',
  POWERTOOLS_METRICS_NAMESPACE: 'Yingji',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  POWERTOOLS_LOGGER_LOG_EVENT: 'false',
  NODE_OPTIONS: '--enable-source-maps',
};

export interface YingjiFunctionProps {
  /** The handler file, relative to the project root (`handlerEntry(name)` for catalog functions). */
  entry: string;
  description: string;
  timeout: Duration;
  memorySize: number;
  environment?: Record<string, string>;
  /** Folders (relative to the project root) a function reads at run time, copied beside its bundle under the same name. */
  bundleFolders?: string[];
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
}

/** The most any function's index.mjs may weigh: a small bundle starts fast (test/infra/bundle.test.ts). */
export const MAX_BUNDLE_BYTES = 300 * 1024;

/**
 * A Yingji Lambda function with the defaults every one of them shares: Node 22 on arm64, bundled
 * locally by esbuild as ESM, Powertools settings, X-Ray tracing, its own log group with a
 * retention, and its own role that may write to that log group and nothing else until a grant says
 * otherwise.
 */
export class YingjiFunction extends Construct implements iam.IGrantable {
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: YingjiFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    // A role of our own instead of AWSLambdaBasicExecutionRole: that policy may write to any log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (Yingji)`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize,
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: { ...POWERTOOLS_ENVIRONMENT, ...props.environment },
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        target: ESBUILD_TARGET,
        mainFields: ['module', 'main'],
        // Some dependencies still call require(); ESM has none, so the bundle makes one.
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        // The AWS SDK v3 the Node.js runtime carries (https://aws.amazon.com/blogs/developer/why-and-how-you-should-use-aws-sdk-for-javascript-v3-on-node-js-18/):
        // bundled, the SDK's shared core alone is 350 KB minified and every function would pass 300 KB.
        // The price is that Lambda's SDK release, not the lock file's, answers in production.
        bundleAwsSDK: false,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        charset: Charset.UTF8,
        logLevel: LogLevel.WARNING,
        forceDockerBundling: false,
        ...(props.bundleFolders?.length
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => props.bundleFolders!.map((folder) => `cp -R "${join(inputDir, folder)}" "${join(outputDir, folder)}"`),
              },
            }
          : {}),
      },
    });

    const tracingPolicy = this.role.node.tryFindChild('DefaultPolicy');
    if (tracingPolicy) {
      Validations.of(tracingPolicy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions, so AWS documents Resource "*" for them (added by Tracing.ACTIVE).',
      });
    }
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 on purpose: the runtime matches the Node that package.json pins and that the unit, e2e and local runs use; moving to a newer runtime is a deliberate upgrade of both together.',
    });
  }

  get grantPrincipal(): iam.IPrincipal {
    return this.role;
  }

  get functionArn(): string {
    return this.function.functionArn;
  }
}
