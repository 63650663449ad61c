import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESCALATION } from '../../lib/catalog';
import { STATEMACHINES_DIR, definitionText, placeholdersIn, substitute } from '../../lib/definitions';
import { logicalId, render, resourcesOf, synthesize, type Synthesized } from './support';

/**
 * The definition Step Functions will run, as CloudFormation will hand it over: the template's
 * DefinitionString (Fn::Join resolved), or the asset behind DefinitionS3Location (read from the
 * cloud assembly), with DefinitionSubstitutions applied. References come out as `<LogicalId.Arn>`.
 */
function deployedDefinition(
  synthesized: Synthesized,
  stackId: string,
  properties: Record<string, any>,
): { source: string; substitutions: Record<string, string>; deployed: string } {
  let source: string;
  if (properties.DefinitionString !== undefined) {
    source = render(properties.DefinitionString);
  } else {
    const { stack } = synthesized.stacks[stackId]!;
    const key = properties.DefinitionS3Location.Key as string;
    const manifest = JSON.parse(readFileSync(join(synthesized.app.outdir, `${stack.artifactId}.assets.json`), 'utf8'));
    const [asset] = Object.values(manifest.files as Record<string, any>).filter((file) => Object.values(file.destinations).some((d: any) => d.objectKey === key));
    source = readFileSync(join(synthesized.app.outdir, asset.source.path), 'utf8');
  }
  const substitutions = Object.fromEntries(Object.entries((properties.DefinitionSubstitutions ?? {}) as Record<string, unknown>).map(([name, value]) => [name, render(value)]));
  return { source, substitutions, deployed: substitute(source, substitutions) };
}

let shipped: Synthesized;
beforeAll(() => {
  shipped = synthesize();
}, 120_000);

const stateMachinesOf = (stackId: string) =>
  Object.entries(resourcesOf(shipped.stacks[stackId]!.template))
    .filter(([, resource]) => resource.Type === 'AWS::StepFunctions::StateMachine')
    .map(([id, resource]) => ({ id, ...deployedDefinition(shipped, stackId, resource.Properties!) }));

const aslFiles = readdirSync(STATEMACHINES_DIR).filter((file) => file.endsWith('.asl.json'));

describe.each(['dev', 'prod-gx'])('state machines of %s', (stackId) => {
  it.each(aslFiles)('deploys statemachines/%s unchanged, with a value for every ${Substitution} and no value left over', (file) => {
    const text = definitionText(file);
    const deployedFromFile = stateMachinesOf(stackId).filter((machine) => machine.source === text);
    expect(deployedFromFile.map((machine) => machine.id)).toHaveLength(1);
    const [machine] = deployedFromFile;
    expect(Object.keys(machine!.substitutions).sort()).toEqual(placeholdersIn(text).sort());
  });

  it('runs, byte for byte, the escalation file with each task pointing at the function the catalog names', () => {
    const { stack } = shipped.stacks[stackId]!;
    const [machine] = stateMachinesOf(stackId).filter((candidate) => candidate.id === logicalId(stack.escalation.stateMachine));
    const expected = substitute(
      definitionText(ESCALATION.file),
      Object.fromEntries(Object.entries(ESCALATION.functions).map(([placeholder, name]) => [placeholder, `<${logicalId(stack.functions[name].function)}.Arn>`])),
    );
    expect(machine!.deployed).toBe(expected);
  });

  it('is a standard workflow that logs every event and traces with X-Ray', () => {
    const { stack, template } = shipped.stacks[stackId]!;
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: {
        Level: 'ALL',
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logicalId(stack.escalation.logGroup), 'Arn'] } } }],
      },
    });
  });
});
