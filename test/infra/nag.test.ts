import { Validations, type App } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { addStages } from '../../lib/aws/app';
import { appForTests, fixtureStages } from './support';

const ACKNOWLEDGED = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
const ruleOf = (qualifiedId: string) => qualifiedId.replace(/^annotation::/i, '');

interface Acknowledgement {
  path: string;
  rule: string;
  reason: string;
}

function acknowledgementsIn(scope: IConstruct): Acknowledgement[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === ACKNOWLEDGED)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({ path: construct.node.path, rule: ruleOf(id), reason }))),
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
      const here = current.node.metadata.some((entry) => entry.type === ACKNOWLEDGED && Object.keys(entry.data as object).map(ruleOf).includes(rule));
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
    const findings = result.violations.flatMap((violation) => violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}: ${violation.description}`));
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
});
