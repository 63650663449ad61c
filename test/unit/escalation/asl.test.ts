import { readdirSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { ESCALATION } from '../../../lib/catalog';
import { STATEMACHINES_DIR, definitionText, placeholdersIn, readDefinition } from '../../../lib/definitions';

/**
 * What Step Functions would reject, and the rules of this project that keep a workflow correct
 * under both wirings: JSONPath only, a TimeoutSeconds on every Task (the local engine would
 * otherwise stop a Task at 60 s and AWS never would), deadlines waited for by TimestampPath.
 */

type State = {
  Type: string;
  TimeoutSeconds?: number;
  Resource?: string;
  Branches?: { States: Record<string, State> }[];
  ItemProcessor?: { States: Record<string, State> };
  [key: string]: unknown;
};

/** Every state, including those inside Parallel branches and Map item processors. */
function statesOf(states: Record<string, State>): [string, State][] {
  return Object.entries(states).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...(state.Branches ?? []).flatMap((branch) => statesOf(branch.States)),
    ...(state.ItemProcessor ? statesOf(state.ItemProcessor.States) : []),
  ]);
}

const files = readdirSync(STATEMACHINES_DIR).filter((file) => file.endsWith('.asl.json'));
const sampleArn = (name: string) => `arn:aws:lambda:cn-north-1:123456789012:function:${name}`;
const definitionOf = (file: string) =>
  readDefinition(file, Object.fromEntries(placeholdersIn(definitionText(file)).map((name) => [name, sampleArn(name)])));

describe.each(files)('statemachines/%s', (file) => {
  test('is valid Amazon States Language', () => {
    const { isValid, errors } = aslValidator(definitionOf(file), { checkPaths: true, checkArn: true });
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
  });

  test('uses JSONPath, a TimeoutSeconds on every Task, and absolute timestamps for every Wait', () => {
    const definition = definitionOf(file);
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    const states = statesOf(definition.States);
    for (const [name, state] of states.filter(([, s]) => s.Type === 'Task')) expect({ name, timeout: state.TimeoutSeconds }).toEqual({ name, timeout: expect.any(Number) });
    for (const [name, state] of states.filter(([, s]) => s.Type === 'Wait')) expect({ name, TimestampPath: state.TimestampPath }).toEqual({ name, TimestampPath: expect.stringMatching(/^\$\./) });
    expect(definition.TimeoutSeconds * 1000).toBeLessThan(2 ** 31);
  });
});

test('every Task of the escalation workflow is one of the functions the catalog names', () => {
  const placeholders = placeholdersIn(definitionText(ESCALATION.file));
  expect(placeholders.sort()).toEqual(Object.keys(ESCALATION.functions).sort());
  const tasks = statesOf(definitionOf(ESCALATION.file).States).filter(([, state]) => state.Type === 'Task');
  expect(new Set(tasks.map(([, state]) => state.Resource))).toEqual(new Set(placeholders.map(sampleArn)));
});
