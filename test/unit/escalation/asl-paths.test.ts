import { ESCALATION, type WorkflowFunction } from '../../../lib/catalog';
import { VirtualTime } from '../../../lib/simulate/virtual-time';
import { runOnVirtualTime, type SimulatedTask } from '../../../lib/simulate/workflow';

/**
 * statemachines/escalation.asl.json run by aws-local-stepfunctions with its Tasks stubbed: what the
 * workflow does when a step fails for good. Its Retry and Catch are the engine's; the steps' own
 * behaviour is tested in steps.test.ts.
 */

const REPORTED = Date.parse('2014-03-04T01:00:00Z');
const minutes = (n: number) => new Date(REPORTED + n * 60_000).toISOString();
const INPUT = { incidentId: 'incident-1', reportDeadline: minutes(120) };

class Failure extends Error {
  constructor(name: string) {
    super(`${name} from a stub`);
    this.name = name;
  }
}

const unexpected = (name: string) => () => {
  throw new Error(`${name} was not expected to run`);
};

/** Runs the workflow with stubs, recording each call as `task@minutes after the report`. */
async function run(given: Partial<Record<WorkflowFunction, (input: Record<string, unknown>) => unknown>>) {
  const stubs = Object.fromEntries(Object.values(ESCALATION.functions).map((name) => [name, given[name] ?? unexpected(name)]));
  const time = new VirtualTime(new Date(REPORTED));
  const calls: string[] = [];
  const tasks = Object.fromEntries(
    Object.entries(stubs).map(([name, stub]) => [
      name,
      (async (input) => {
        calls.push(`${name}@${(time.now().getTime() - REPORTED) / 60_000}`);
        return stub(input as Record<string, unknown>);
      }) satisfies SimulatedTask,
    ]),
  );
  const outcome = await time.run(runOnVirtualTime(ESCALATION, tasks, time, INPUT)).then(
    () => 'succeeded',
    (error: Error) => `failed: ${error.name}`,
  );
  return { calls, outcome };
}

const levelTexted = (input: Record<string, unknown>) => ({ ...input, deadline: minutes(10 * Number(input.level)) });
const fails = (name: string) => () => {
  throw new Failure(name);
};
const answer = (outcome: string) => (input: Record<string, unknown>) => ({ ...input, outcome });
const stopsAfter = (lastLevel: number) => (input: Record<string, unknown>) =>
  Number(input.level) < lastLevel ? { ...input, level: Number(input.level) + 1, outcome: 'escalate' } : { ...input, outcome: 'unanswered' };

test('the chain texts each level, waits for its deadline and escalates; the bureau deadline runs beside it', async () => {
  const { calls, outcome } = await run({
    'notify-level': levelTexted,
    'check-acknowledgement': stopsAfter(2),
    'check-bureau-report': answer('late'),
    'report-late-to-bureau': (input) => input,
  });
  expect(outcome).toBe('succeeded');
  expect(calls).toEqual(['notify-level@0', 'check-acknowledgement@10', 'notify-level@10', 'check-acknowledgement@20', 'check-bureau-report@120', 'report-late-to-bureau@120']);
});

test('a level that cannot be texted after its retries goes straight to the acknowledgement check, without waiting for the deadline', async () => {
  const { calls, outcome } = await run({
    'notify-level': fails('Error'),
    'check-acknowledgement': answer('acknowledged'),
    'check-bureau-report': answer('reported'),
  });
  expect(outcome).toBe('succeeded');
  // The first attempt and the 8 retries of States.ALL, then the Catch.
  expect(calls.filter((call) => call === 'notify-level@0')).toHaveLength(9);
  expect(calls.slice(9)).toEqual(['check-acknowledgement@0', 'check-bureau-report@120']);
});

test('an incident that is not found is not retried: NotFoundError goes to the Catch at once', async () => {
  const { calls } = await run({
    'notify-level': fails('NotFoundError'),
    'check-acknowledgement': answer('acknowledged'),
    'check-bureau-report': answer('reported'),
  });
  expect(calls).toEqual(['notify-level@0', 'check-acknowledgement@0', 'check-bureau-report@120']);
});

test('a failing acknowledgement check stops the chain, and the bureau is still told at the report deadline', async () => {
  const { calls, outcome } = await run({
    'notify-level': levelTexted,
    'check-acknowledgement': fails('Error'),
    'check-bureau-report': answer('late'),
    'report-late-to-bureau': (input) => input,
  });
  expect(outcome).toBe('succeeded');
  expect(calls.filter((call) => call.startsWith('check-acknowledgement'))).toEqual(Array(9).fill('check-acknowledgement@10'));
  expect(calls.filter((call) => !call.startsWith('check-acknowledgement'))).toEqual(['notify-level@0', 'check-bureau-report@120', 'report-late-to-bureau@120']);
});

test('when the report check fails for good, the bureau is told the report is late rather than nothing', async () => {
  const { calls, outcome } = await run({
    'notify-level': levelTexted,
    'check-acknowledgement': answer('acknowledged'),
    'check-bureau-report': fails('Error'),
    'report-late-to-bureau': (input) => input,
  });
  expect(outcome).toBe('succeeded');
  expect(calls.filter((call) => call.startsWith('check-bureau-report'))).toHaveLength(5);
  expect(calls.at(-1)).toBe('report-late-to-bureau@120');
});

test('a late notice that cannot go out after its 20 retries fails the execution, where the operator alarm sees it', async () => {
  const { calls, outcome } = await run({
    'notify-level': levelTexted,
    'check-acknowledgement': answer('acknowledged'),
    'check-bureau-report': answer('late'),
    'report-late-to-bureau': fails('Error'),
  });
  expect(calls.filter((call) => call === 'report-late-to-bureau@120')).toHaveLength(21);
  expect(outcome).toMatch(/^failed/);
});
