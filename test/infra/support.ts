import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { addStages } from '../../lib/aws/app';
import { join } from 'node:path';
import { loadDeployments, parseDeployments, type StageConfig } from '../../lib/aws/deployments';
import { PROJECT_ROOT } from '../../lib/definitions';
import type { YingjiStack } from '../../lib/aws/yingji-stack';

/** Assertion tests skip esbuild (CDK's own switch) and CDK's template linter; the synth run keeps both. */
export function appForTests(): App {
  return new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
}

export interface Synthesized {
  app: App;
  stacks: Record<string, { stack: YingjiStack; template: Template; stage: StageConfig }>;
}

/** The infra tests' own deployments file: never the operator's deployments.yaml, which they may edit at will. */
export const FIXTURE_DEPLOYMENTS = join(PROJECT_ROOT, 'test', 'fixtures', 'deployments.yaml');
export const fixtureStages = () => loadDeployments(FIXTURE_DEPLOYMENTS);

/** The fixture's stages, or the ones given, synthesized once. */
export function synthesize(stages: StageConfig[] = fixtureStages(), options: { nag?: boolean } = {}): Synthesized {
  const app = appForTests();
  const built = addStages(app, stages, options);
  return {
    app,
    stacks: Object.fromEntries(built.map((stack, index) => [stack.node.id, { stack, template: Template.fromStack(stack), stage: stages[index]! }])),
  };
}

/** A deployments file in a test, from YAML text. */
export const stagesFrom = (yaml: string) => parseDeployments(yaml, 'test deployments');

export function logicalId(construct: IConstruct): string {
  const resource = (CfnResource.isCfnResource(construct) ? construct : construct.node.defaultChild) as CfnResource;
  return Stack.of(resource).getLogicalId(resource);
}

type Resources = Record<string, { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string; Metadata?: Record<string, unknown> }>;

export const resourcesOf = (template: Template): Resources => template.toJSON().Resources as Resources;

/** Every IAM action granted to a role, by any policy attached to it. */
export function actionsOf(template: Template, roleLogicalId: string): Set<string> {
  const actions = new Set<string>();
  for (const resource of Object.values(resourcesOf(template))) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const roles = (resource.Properties!.Roles as unknown[]).map((role) => JSON.stringify(role));
    if (!roles.includes(JSON.stringify({ Ref: roleLogicalId }))) continue;
    for (const statement of resource.Properties!.PolicyDocument.Statement as { Effect: string; Action: string | string[] }[]) {
      if (statement.Effect !== 'Allow') continue;
      for (const action of [statement.Action].flat()) actions.add(action);
    }
  }
  return actions;
}

/**
 * Renders a CloudFormation value that is made of strings, `Ref`s and `Fn::GetAtt`s into one
 * string, writing each reference as `<LogicalId>` or `<LogicalId.Attribute>`.
 */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const object = value as Record<string, any>;
  if ('Ref' in object) return `<${object.Ref}>`;
  if ('Fn::GetAtt' in object) return `<${object['Fn::GetAtt'].join('.')}>`;
  if ('Fn::Join' in object) return (object['Fn::Join'][1] as unknown[]).map(render).join(object['Fn::Join'][0]);
  if ('Fn::Sub' in object && typeof object['Fn::Sub'] === 'string') return object['Fn::Sub'].replace(/\$\{([^}]+)\}/g, '<$1>');
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}
