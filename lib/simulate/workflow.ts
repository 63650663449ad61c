import { StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineSpec, WorkflowFunction } from '../catalog';
import { readDefinition } from '../definitions';
import type { VirtualTime } from './virtual-time';

type Json = Parameters<StateMachine['run']>[0];
export type SimulatedTask = (input: unknown) => Promise<unknown>;

interface State {
  Type: string;
  Resource?: string;
  Retry?: unknown[];
  TimestampPath?: string;
  Next?: string;
  End?: boolean;
  Comment?: string;
  Branches?: { States: Record<string, State> }[];
  ItemProcessor?: { States: Record<string, State> };
  Iterator?: { States: Record<string, State> };
}

/** Of the things due at one instant, what the workflow waited for goes after what people do then (an acknowledgement at the deadline counts). */
export const WAIT_ORDER = 2;

const localArn = (name: string) => `arn:aws:lambda:local:000000000000:function:${name}`;
const WAIT_TASK = 'simulated-wait';

/**
 * Runs a state machine's ASL file in aws-local-stepfunctions on virtual time: its Choice,
 * Parallel, Retry and Catch are the engine's, its Tasks are the given steps. Only its waits
 * change: each Wait state becomes a Task that waits for its TimestampPath on the virtual clock, as
 * the engine's own Wait would sleep for it on the real one, and a retry follows at once.
 */
export async function runOnVirtualTime(spec: StateMachineSpec, tasks: Partial<Record<WorkflowFunction, SimulatedTask>>, time: VirtualTime, input: unknown): Promise<unknown> {
  const substitutions = Object.fromEntries(Object.entries(spec.functions).map(([key, fn]) => [key, localArn(fn)]));
  const definition = readDefinition(spec.file, substitutions);
  const handlers: Record<string, (input: Json) => Promise<Json>> = {};
  const retryIntervals: Record<string, number> = {};
  const byArn = new Map(Object.values(spec.functions).map((fn) => [localArn(fn), tasks[fn]]));
  visitStates(definition.States as Record<string, State>, (name, state) => {
    if (state.Type === 'Wait') {
      if (!state.TimestampPath) throw new Error(`${spec.file}: Wait state "${name}" has no TimestampPath; the simulation waits only for instants`);
      const path = state.TimestampPath;
      replaceState(state, { Type: 'Task', Resource: localArn(WAIT_TASK), ...(state.Next ? { Next: state.Next } : { End: true }) });
      handlers[name] = async (input) => {
        await time.until(Date.parse(String(valueAt(input, path))), WAIT_ORDER);
        return input;
      };
    } else if (state.Type === 'Task') {
      const task = byArn.get(state.Resource!);
      if (!task) throw new Error(`${spec.file}: state "${name}" names ${state.Resource}, which the simulation does not run`);
      handlers[name] = (input) => time.step(() => task(input)) as Promise<Json>;
      // Retries follow the state's Retry (which errors, how many times) at once: the engine would sleep for the backoff in real time.
      if (state.Retry) retryIntervals[name] = 0;
    }
  });
  const machine = new StateMachine(definition);
  const { result } = machine.run(input as Json, { overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: retryIntervals } });
  return result;
}

function visitStates(states: Record<string, State>, visit: (name: string, state: State) => void): void {
  for (const [name, state] of Object.entries(states)) {
    visit(name, state);
    for (const branch of state.Branches ?? []) visitStates(branch.States, visit);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) visitStates(processor.States, visit);
  }
}

function replaceState(state: State, replacement: State): void {
  for (const key of Object.keys(state)) delete (state as unknown as Record<string, unknown>)[key];
  Object.assign(state, replacement);
}

/** `$.a.b`: the only JSONPath a TimestampPath in our ASL uses. */
function valueAt(input: unknown, path: string): unknown {
  if (!/^\$(\.[A-Za-z0-9_]+)+$/.test(path)) throw new Error(`unsupported TimestampPath ${path}`);
  return path
    .slice(2)
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], input);
}
