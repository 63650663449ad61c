import { appendFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';

type Json = Parameters<StateMachine['run']>[0];
import type { StateMachineSpec, WorkflowFunction } from '../catalog';
import { readDefinition } from '../definitions';
import type { SpeedClock } from './clock';

/**
 * How many steps of one state machine run at once; the rest wait their turn, in order, before they
 * start (and before their time starts, as Lambda's concurrency limit holds an invocation back).
 * With every step started at once, a thousand chains reaching their deadlines together shared two
 * cores and the store, each step slower than the last, until hundreds ran out of their time and ran
 * again; in turn, each finishes in its own time and the earliest deadlines go first.
 */
export const STEPS_AT_ONCE = 16;

/** A workflow step as the runtime invokes it: the same handler Lambda would run. */
export type LocalTask = (input: unknown) => Promise<unknown>;

interface ExecutionRecord {
  input: unknown;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  startedAt: string;
  stoppedAt?: string;
  error?: string;
}

interface TaskState {
  Type: string;
  Resource?: string;
  Branches?: { States: Record<string, TaskState> }[];
  ItemProcessor?: { States: Record<string, TaskState> };
  Iterator?: { States: Record<string, TaskState> };
}

/** What an execution's history holds so far: Step Functions bills the transitions and caps the events at 25,000. */
export interface ExecutionHistory {
  transitions: number;
  events: number;
}

/**
 * Runs a state machine's ASL file with aws-local-stepfunctions, its Tasks invoking the same
 * handlers Lambda runs. Like Step Functions it keeps its executions (in the data folder): an
 * execution name is used once, and executions still running when the runtime stopped are resumed
 * at the next start. The steps are idempotent and every deadline is an absolute instant, so a
 * resumed execution replays what was done without repeating it and waits for the same instants.
 * The executions are a journal, a line appended per start and per end: rewriting the whole record
 * at each start grew with every execution, and was 9 % of an intake's CPU in the bench.
 */
export class LocalStateMachine {
  private readonly machine: StateMachine;
  private readonly taskHandlers: Record<string, (input: Json) => Promise<Json>>;
  private readonly file: string;
  private readonly executions: Record<string, ExecutionRecord>;
  private readonly running = new Map<string, { abort: () => void; result: Promise<unknown> }>();
  private readonly histories = new Map<string, ExecutionHistory>();
  /** Steps under way; stopping waits for them, as a Lambda invocation runs to its end. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopping = false;
  private readonly slots = new StepSlots(STEPS_AT_ONCE);

  constructor(
    spec: StateMachineSpec,
    tasks: Record<WorkflowFunction, LocalTask>,
    private readonly clock: SpeedClock,
    dataDir: string,
    private readonly log: (line: string) => void = console.log,
  ) {
    const localArn = (name: string) => `arn:aws:lambda:local:000000000000:function:${name}`;
    const substitutions = Object.fromEntries(Object.entries(spec.functions).map(([key, fn]) => [key, localArn(fn)]));
    const definition = readDefinition(spec.file, substitutions);
    // Every ASL file is validated in npm test (test/unit/escalation/asl.test.ts); compiling the
    // validator's schema again at each start was an eighth of `npm start`'s CPU time.
    this.machine = new StateMachine(definition, { validationOptions: { noValidate: true } });
    this.taskHandlers = {};
    const byArn = new Map(Object.values(spec.functions).map((fn) => [localArn(fn), tasks[fn]]));
    forEachTask(definition.States as Record<string, TaskState>, (stateName, resource) => {
      const task = byArn.get(resource);
      if (!task) throw new Error(`${spec.file}: state "${stateName}" names ${resource}, which no local function serves`);
      this.taskHandlers[stateName] = (input) =>
        this.slots.run(() => {
          // The engine's abort does not reach into Parallel and Map branches: once stopping, a step
          // that would start never does (the execution stays RUNNING, and the next start resumes it).
          if (this.stopping) return new Promise<Json>(() => undefined);
          const output = task(this.clock.fromEngine(input)).then((result) => this.clock.toEngine(result) as Json);
          this.inFlight.add(output);
          return output.finally(() => this.inFlight.delete(output));
        });
    });
    const name = spec.file.replace(/\.asl\.json$/, '');
    this.file = join(dataDir, `executions-${name}.jsonl`);
    this.executions = readJournal(this.file, join(dataDir, `executions-${name}.json`));
  }

  /** Starts an execution; a name already used is not started again (as StartExecution). */
  start(name: string, input: unknown): void {
    if (this.executions[name]) return;
    this.executions[name] = { input, status: 'RUNNING', startedAt: this.clock.now().toISOString() };
    this.save(name);
    this.run(name);
  }

  /** Resumes what was running when the runtime last stopped. */
  resume(): number {
    const pending = Object.entries(this.executions).filter(([, execution]) => execution.status === 'RUNNING');
    for (const [name] of pending) this.run(name);
    return pending.length;
  }

  status(name: string): ExecutionRecord['status'] | undefined {
    return this.executions[name]?.status;
  }

  /** The history of an execution since this runtime started it (or resumed it). */
  history(name: string): ExecutionHistory | undefined {
    const history = this.histories.get(name);
    return history && { ...history };
  }

  names(): string[] {
    return Object.keys(this.executions);
  }

  /** Stops every execution where it is, leaving it RUNNING so the next start resumes it. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const { abort } of this.running.values()) abort();
    await Promise.allSettled([...this.running.values()].map(({ result }) => result));
    // Steps under way end as a Lambda invocation would, writing what they write before the store closes.
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private run(name: string): void {
    const execution = this.executions[name]!;
    const { result, abort, eventLogs } = this.machine.run(this.clock.toEngine(execution.input) as Json, {
      overrides: { taskResourceLocalHandlers: this.taskHandlers },
      noThrowOnAbort: true,
    });
    const history: ExecutionHistory = { transitions: 0, events: 0 };
    this.histories.set(name, history);
    // Reading the events also drains them: the engine keeps every event until someone does.
    void (async () => {
      for await (const event of eventLogs) {
        history.events += 1;
        if (event.type === 'StateEntered') history.transitions += 1;
      }
    })();
    const settled = result.then(
      () => this.finish(name, 'SUCCEEDED'),
      (error: Error) => {
        this.log(`execution ${name} failed: ${error.name}: ${error.message}`);
        this.finish(name, 'FAILED', `${error.name}: ${error.message}`);
      },
    );
    this.running.set(name, { abort, result: settled });
  }

  private finish(name: string, status: 'SUCCEEDED' | 'FAILED', error?: string): void {
    this.running.delete(name);
    if (this.stopping) return;
    Object.assign(this.executions[name]!, { status, stoppedAt: this.clock.now().toISOString(), error });
    this.save(name);
  }

  private save(name: string): void {
    appendFileSync(this.file, `${JSON.stringify({ name, ...this.executions[name] })}\n`);
  }
}

/**
 * The executions a journal records, the last line of each name winning; written back compacted
 * (one line an execution) so that it grows with the executions, not with every start and end.
 * `formerFile` is the single JSON document earlier versions kept, taken over once.
 */
function readJournal(file: string, formerFile: string): Record<string, ExecutionRecord> {
  const executions: Record<string, ExecutionRecord> = existsSync(formerFile) ? JSON.parse(readFileSync(formerFile, 'utf8')) : {};
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  for (const [index, line] of lines.entries()) {
    if (line === '') continue;
    try {
      const { name, ...execution } = JSON.parse(line) as ExecutionRecord & { name: string };
      executions[name] = execution;
    } catch (error) {
      // Only the last line can be cut short: the process was killed while appending it.
      if (index < lines.length - 1) throw new Error(`${file}, line ${index + 1}: ${(error as Error).message}`, { cause: error });
    }
  }
  const compacted = `${file}.new`;
  writeFileSync(
    compacted,
    Object.entries(executions)
      .map(([name, execution]) => `${JSON.stringify({ name, ...execution })}\n`)
      .join(''),
  );
  renameSync(compacted, file);
  rmSync(formerFile, { force: true });
  return executions;
}

function forEachTask(states: Record<string, TaskState>, visit: (stateName: string, resource: string) => void): void {
  for (const [stateName, state] of Object.entries(states)) {
    if (state.Type === 'Task' && state.Resource) visit(stateName, state.Resource);
    for (const branch of state.Branches ?? []) forEachTask(branch.States, visit);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) forEachTask(processor.States, visit);
  }
}

/** At most `limit` calls run at once; the others wait, first come first served. */
export class StepSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running += 1;
    // A call that ends hands its slot to the first waiting one.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await call();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
