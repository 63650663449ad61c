import { CfnResource, Stack, Validations, type App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { addStages } from '../../lib/aws/app';
import { FUNCTION_ACCESS } from '../../lib/aws/access';
import type { YingjiStack } from '../../lib/aws/yingji-stack';
import type { FunctionName } from '../../lib/catalog';
import { appForTests, fixtureStages, logicalId, resourcesOf } from './support';

const ACKNOWLEDGED = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
const ruleOf = (qualifiedId: string) => qualifiedId.replace(/^annotation::/i, '');

interface Acknowledgement {
  construct: IConstruct;
  path: string;
  rule: string;
  reason: string;
}

function acknowledgementsIn(scope: IConstruct): Acknowledgement[] {
  return scope.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === ACKNOWLEDGED)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ construct, path: construct.node.path, rule: ruleOf(id), reason }))),
    );
}

/**
 * Runs the AwsSolutions pack over the app the way the validation plugin does, and records which
 * acknowledgement (on which construct) silenced each finding.
 */
function runChecks(app: App) {
  const pack = new AwsSolutionsChecks(app);
  const used = new Set<string>();
  (pack as unknown as { isAcknowledged: (node: IConstruct, rule: string) => boolean }).isAcknowledged = (node, rule) => {
    for (let current: IConstruct | undefined = node; current; current = current.node.scope) {
      const here = current.node.metadata.some(
        (entry) =>
          entry.type === ACKNOWLEDGED &&
          Object.keys(entry.data as object)
            .map(ruleOf)
            .includes(rule),
      );
      if (here) {
        used.add(`${current.node.path} ${rule}`);
        return true;
      }
    }
    return false;
  };
  return { result: pack.validateScope(app), used };
}

describe('cdk-nag AwsSolutions', () => {
  let app: App;
  beforeAll(() => {
    app = appForTests();
    addStages(app, fixtureStages(), { nag: true });
  }, 120_000);

  it('synthesizes the stages bin/app.ts builds with the plugin on', () => {
    expect(() => app.synth({ force: true })).not.toThrow();
  });

  it('stops the synth when a finding is not acknowledged (it runs as a validation plugin)', () => {
    const broken = appForTests();
    const [stack] = addStages(broken, fixtureStages().slice(0, 1), { nag: true });
    new sns.Topic(stack!, 'PlainTopic');
    expect(() => broken.synth()).toThrow(/AwsSolutions-SNS3[\s\S]*PlainTopic|PlainTopic[\s\S]*AwsSolutions-SNS3/);
  });

  it('has no unacknowledged finding', () => {
    const { result } = runChecks(app);
    const findings = result.violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}: ${violation.description}`),
    );
    expect(findings).toEqual([]);
  });

  it('gives every acknowledgement a reason a reviewer can weigh', () => {
    const acknowledgements = acknowledgementsIn(app);
    expect(acknowledgements.length).toBeGreaterThan(0);
    const weak = acknowledgements
      .filter(({ reason }) => reason.length < 60 || /\b(todo|n\/a|not needed|ignore|suppress(ed)?)\b/i.test(reason))
      .map(({ path, rule, reason }) => `${rule} on ${path}: "${reason}"`);
    expect(weak).toEqual([]);
  });

  it('has no stale acknowledgement: each one silences a finding that exists', () => {
    const { used } = runChecks(app);
    const stale = acknowledgementsIn(app)
      .filter(({ rule }) => rule.startsWith('AwsSolutions-'))
      .filter(({ path, rule }) => !used.has(`${path} ${rule}`))
      .map(({ path, rule }) => `${rule} on ${path}`);
    expect(stale).toEqual([]);
  });

  describe('each reason says what the template does', () => {
    const FUNCTIONS = Object.keys(FUNCTION_ACCESS) as FunctionName[];
    /** The acknowledged IAM policies, with the statements and the roles CloudFormation will give them. */
    const policies = () =>
      acknowledgementsIn(app)
        .filter(({ construct }) => construct instanceof iam.Policy)
        .map((acknowledgement) => {
          const stack = Stack.of(acknowledgement.construct) as YingjiStack;
          const resource = resourcesOf(Template.fromStack(stack))[stack.getLogicalId(acknowledgement.construct.node.defaultChild as CfnResource)]!;
          return {
            ...acknowledgement,
            stack,
            statements: resource.Properties!.PolicyDocument.Statement as { Effect: string; Action: string | string[]; Resource: unknown }[],
            roles: resource.Properties!.Roles as unknown[],
          };
        });

    it('names exactly the functions a policy is given to, when functions hold it', () => {
      const held = policies().map((policy) => ({
        ...policy,
        holders: FUNCTIONS.filter((name) => policy.roles.some((role) => JSON.stringify(role) === JSON.stringify({ Ref: logicalId(policy.stack.functions[name].role) }))).sort(),
      }));
      const shared = held.filter(({ holders }) => holders.length > 1);
      expect(shared.length).toBeGreaterThan(0);
      for (const { reason, holders, path } of shared) {
        const named = FUNCTIONS.filter((name) => new RegExp(`(^|[^\\w-])${name}([^\\w-]|$)`).test(reason)).sort();
        expect({ path, named }).toEqual({ path, named: holders });
      }
    });

    it('names every action a Resource "*" finding covers', () => {
      for (const { reason, statements, path, rule } of policies().filter(({ rule }) => rule === 'AwsSolutions-IAM5[Resource::*]')) {
        const wildcard = statements.filter((statement) => statement.Effect === 'Allow' && statement.Resource === '*').flatMap((statement) => [statement.Action].flat());
        expect(wildcard.length).toBeGreaterThan(0);
        const unnamed = wildcard.filter((action) => !reason.includes(action.split(':')[1]!));
        expect({ path, rule, unnamed }).toEqual({ path, rule, unnamed: [] });
      }
    });

    it("keeps the SMS '*' off topics with a Deny, as its reason says", () => {
      for (const { statements } of policies().filter(({ reason }) => reason.includes('sns:Publish to a phone number'))) {
        expect(statements).toContainEqual(
          expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:*:*:*']] } }),
        );
      }
    });
  });
});
