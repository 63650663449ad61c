import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESCALATION, type WorkflowFunction } from '../../lib/catalog';
import { SpeedClock } from '../../lib/local/clock';
import { LocalStateMachine, type LocalTask, StepSlots } from '../../lib/local/stepfunctions';

/**
 * The local engine keeps its executions as Step Functions does: a name is used once, and what was
 * running when the runtime stopped is resumed at the next start, even after a kill -9.
 */

let folder: string;
let machines: LocalStateMachine[];
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'yingji-executions-'));
  machines = [];
});
afterEach(async () => {
  await Promise.all(machines.map(stop));
  rmSync(folder, { recursive: true, force: true });
});

// Steps that end only when the runtime stops: these tests are about what the engine records, not what the steps do.
const pending: (() => void)[] = [];
const stalled = new Proxy({} as Record<WorkflowFunction, LocalTask>, { get: () => () => new Promise<void>((resolve) => pending.push(resolve)) });
/** Stops as the runtime does, which waits for the steps under way to end. */
async function stop(machine: LocalStateMachine): Promise<void> {
  const stopped = machine.stop();
  for (const resolve of pending.splice(0)) resolve();
  await stopped;
}
const escalation = () => {
  const machine = new LocalStateMachine(ESCALATION, stalled, SpeedClock.start(folder, 1), folder, () => undefined);
  machines.push(machine);
  return machine;
};
const journal = () => join(folder, 'executions-escalation.jsonl');
const input = (incidentId: string) => ({ incidentId, reportDeadline: new Date(Date.now() + 3_600_000).toISOString() });

test('an execution running at a stop is running after the restart, and its name is not started twice', async () => {
  const first = escalation();
  first.start('FIRE-1', input('FIRE-1'));
  first.start('FIRE-1', input('FIRE-1'));
  first.start('FIRE-2', input('FIRE-2'));
  await stop(first);

  const second = escalation();
  expect(second.names().sort()).toEqual(['FIRE-1', 'FIRE-2']);
  expect(second.status('FIRE-1')).toBe('RUNNING');
  expect(second.resume()).toBe(2);
  // The journal is written back one line an execution: it does not grow with each restart.
  expect(readFileSync(journal(), 'utf8').trim().split('\n')).toHaveLength(2);
});

test('a journal whose last line a kill cut short still loads what was written whole', async () => {
  const first = escalation();
  first.start('FIRE-1', input('FIRE-1'));
  await stop(first);
  appendFileSync(journal(), '{"name":"FIRE-2","input":{"incidentId":"FI');

  const second = escalation();
  expect(second.names()).toEqual(['FIRE-1']);
  second.start('FIRE-2', input('FIRE-2'));
  expect(escalation().names().sort()).toEqual(['FIRE-1', 'FIRE-2']);
});

test('a line cut short before the last one is refused, naming the file and line', () => {
  writeFileSync(journal(), '{"name":"FIRE-1"\n{"name":"FIRE-2","status":"RUNNING"}\n');
  expect(() => escalation()).toThrow(/executions-escalation\.jsonl, line 1/);
});

test('the executions an earlier version kept in one JSON file are taken over', () => {
  const former = join(folder, 'executions-escalation.json');
  writeFileSync(former, JSON.stringify({ 'FIRE-9': { input: input('FIRE-9'), status: 'SUCCEEDED', startedAt: '2026-11-29T08:00:00.000Z' } }));

  const machine = escalation();
  expect(machine.status('FIRE-9')).toBe('SUCCEEDED');
  expect(existsSync(former)).toBe(false);
  expect(escalation().status('FIRE-9')).toBe('SUCCEEDED');
});

test('steps beyond the slots wait their turn, first come first served, and a failed step frees its slot', async () => {
  const slots = new StepSlots(2);
  const started: number[] = [];
  const finish = new Map<number, (failed?: boolean) => void>();
  const step = (n: number) =>
    slots.run(
      () =>
        new Promise<number>((resolve, reject) => {
          started.push(n);
          finish.set(n, (failed) => (failed ? reject(new Error(`step ${n} failed`)) : resolve(n)));
        }),
    );
  const settled = [1, 2, 3, 4].map((n) => step(n).catch((error: Error) => error.message));
  await new Promise((resolve) => setImmediate(resolve));
  expect(started).toEqual([1, 2]);
  finish.get(2)!(true);
  await expect(settled[1]).resolves.toBe('step 2 failed');
  expect(started).toEqual([1, 2, 3]);
  finish.get(1)!();
  await settled[0];
  expect(started).toEqual([1, 2, 3, 4]);
  finish.get(3)!();
  finish.get(4)!();
  await expect(Promise.all(settled)).resolves.toEqual([1, 'step 2 failed', 3, 4]);
});
