import { readdirSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { ESCALATION } from '../../../lib/catalog';
import { STATEMACHINES_DIR, definitionText, placeholdersIn, readDefinition } from '../../../lib/definitions';
import { CLAIM_LEASE_MS, RECORD_RESERVE_MS } from '../../../functions/core/base/claims';
import { MIDDY_TIMEOUT_EARLY_MS, STEP_BUDGET_MS, TASK_TIMEOUT_SECONDS, WORKFLOW_LAMBDA_TIMEOUT_SECONDS, stepBudget } from '../../../functions/shared/step-budget';

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
const definitionOf = (file: string) => readDefinition(file, Object.fromEntries(placeholdersIn(definitionText(file)).map((name) => [name, sampleArn(name)])));

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
    for (const [name, state] of states.filter(([, s]) => s.Type === 'Wait'))
      expect({ name, TimestampPath: state.TimestampPath }).toEqual({ name, TimestampPath: expect.stringMatching(/^\$\./) });
    expect(definition.TimeoutSeconds * 1000).toBeLessThan(2 ** 31);
  });
});

test('every Task of the escalation workflow is one of the functions the catalog names', () => {
  const placeholders = placeholdersIn(definitionText(ESCALATION.file));
  expect(placeholders.sort()).toEqual(Object.keys(ESCALATION.functions).sort());
  const tasks = statesOf(definitionOf(ESCALATION.file).States).filter(([, state]) => state.Type === 'Task');
  expect(new Set(tasks.map(([, state]) => state.Resource))).toEqual(new Set(placeholders.map(sampleArn)));
});

test("a step's budget ends before middy's early timeout, which comes before Lambda's, which comes before every Task's TimeoutSeconds: no step is retried while it runs", () => {
  const middyFiresAt = WORKFLOW_LAMBDA_TIMEOUT_SECONDS * 1000 - MIDDY_TIMEOUT_EARLY_MS;
  expect(STEP_BUDGET_MS + RECORD_RESERVE_MS).toBeLessThan(middyFiresAt);
  expect(middyFiresAt).toBeLessThan(WORKFLOW_LAMBDA_TIMEOUT_SECONDS * 1000);
  expect(CLAIM_LEASE_MS).toBeGreaterThanOrEqual(TASK_TIMEOUT_SECONDS * 1000);
  for (const file of files) {
    for (const [name, state] of statesOf(definitionOf(file).States as Record<string, State>)) {
      if (state.Type === 'Task') expect([name, state.TimeoutSeconds]).toEqual([name, TASK_TIMEOUT_SECONDS]);
    }
  }
  expect(WORKFLOW_LAMBDA_TIMEOUT_SECONDS).toBeLessThan(TASK_TIMEOUT_SECONDS);
  // A budget built from a Lambda context with less time left keeps the same distance to the end.
  expect(stepBudget({ getRemainingTimeInMillis: () => 15_000 }, () => 0).left()).toBe(5_000);
  expect(stepBudget({ getRemainingTimeInMillis: () => 30_000 }, () => 0).left()).toBe(STEP_BUDGET_MS);
});

test('backoff never holds the bureau branch more than a minute past its deadline', () => {
  const branches = (definitionOf(ESCALATION.file).States as Record<string, State>)['Run the chain and the bureau deadline side by side']!.Branches!;
  const bureau = branches.find((branch) => 'Wait for the bureau report deadline' in branch.States)!.States;
  type Retrier = { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number; MaxDelaySeconds?: number };
  const waits = (retrier: Retrier) =>
    Array.from({ length: retrier.MaxAttempts ?? 3 }, (_, n) => Math.min((retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** n, retrier.MaxDelaySeconds ?? Infinity));
  // Checking the report: all of its retries together, before the Catch tells the bureau anyway.
  const check = (bureau['Check the report reached the bureau']!.Retry as Retrier[]).find((retrier) => retrier.ErrorEquals.includes('States.ALL'))!;
  expect(waits(check).reduce((sum, wait) => sum + wait, 0)).toBeLessThanOrEqual(30);
  // Telling it: once the provider or the store answers again, the next try is at most 30 s away.
  for (const retrier of bureau['Tell the bureau the report is late']!.Retry as Retrier[]) expect(Math.max(0, ...waits(retrier))).toBeLessThanOrEqual(30);
});
