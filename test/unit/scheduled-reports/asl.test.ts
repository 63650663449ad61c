import { StateMachine } from 'aws-local-stepfunctions';
import { SCHEDULED_REPORTS } from '../../../lib/catalog';
import { readDefinition } from '../../../lib/definitions';

/**
 * statemachines/scheduled-report.asl.json run by aws-local-stepfunctions with its Tasks recorded:
 * the order of the phases, one call per batch in each, the chase steps numbered, and a phase that
 * fails for a batch not stopping the wave. Instants are in the past, so every Wait passes at once.
 */

const ARNS = Object.fromEntries(Object.keys(SCHEDULED_REPORTS.functions).map((key) => [key, `arn:aws:lambda:local:000000000000:function:${key}`]));
const definition = readDefinition(SCHEDULED_REPORTS.file, ARNS);
const TASKS = ['Open the reports due in this slot', 'Remind a batch of schools', 'Mark a batch of schools late', 'Chase a batch of schools'] as const;

type Call = { state: string; input: any };

async function runWave(wave: { schools: number; batches: number[]; chaseTimes: string[] }, fail?: (call: Call) => boolean) {
  const calls: Call[] = [];
  const handlers = Object.fromEntries(
    TASKS.map((state) => [
      state,
      async (input: any): Promise<any> => {
        const call = { state, input };
        calls.push(call);
        if (fail?.(call)) throw Object.assign(new Error('gone'), { name: 'NotFoundError' });
        if (state === 'Open the reports due in this slot') {
          return { waveId: 'w1', remindAt: '2014-03-05T08:30:00.000Z', dueAt: '2014-03-05T09:00:00.000Z', chaseCount: wave.chaseTimes.length, chasesDone: 0, ...wave };
        }
        return { done: true };
      },
    ]),
  );
  const machine = new StateMachine(definition);
  const { result } = machine.run({ slot: { at: '17:00' }, firedAt: '2014-03-05T08:25:00.000Z' }, { overrides: { taskResourceLocalHandlers: handlers } });
  const output = await result;
  return { calls, output };
}

const phases = (calls: Call[]) => calls.map(({ state, input }) => (state.startsWith('Open') ? 'open' : `${input.phase}${input.step ? `:${input.step}` : ''}#${input.batch}`));

test('a wave opens, reminds every batch, marks late, then chases step by step, each step for every batch', async () => {
  const { calls } = await runWave({ schools: 600, batches: [0, 1, 2], chaseTimes: ['2014-03-05T09:00:00.000Z', '2014-03-05T10:00:00.000Z'] });
  expect(phases(calls)).toEqual([
    'open',
    'remind#0',
    'remind#1',
    'remind#2',
    'due#0',
    'due#1',
    'due#2',
    'chase:1#0',
    'chase:1#1',
    'chase:1#2',
    'chase:2#0',
    'chase:2#1',
    'chase:2#2',
  ]);
  expect(calls[1]!.input).toEqual({ waveId: 'w1', batch: 0, phase: 'remind' });
  expect(calls[0]!.input).toEqual({ slot: { at: '17:00' }, firedAt: '2014-03-05T08:25:00.000Z' });
});

test('a slot with nothing due that day ends after opening', async () => {
  const { calls } = await runWave({ schools: 0, batches: [], chaseTimes: ['2014-03-05T09:00:00.000Z'] });
  expect(phases(calls)).toEqual(['open']);
});

test('a batch that fails in one phase does not stop the wave: the next phases still run for every batch', async () => {
  const { calls } = await runWave({ schools: 300, batches: [0, 1], chaseTimes: ['2014-03-05T10:00:00.000Z'] }, ({ input }) => input.phase === 'remind' && input.batch === 0);
  expect(phases(calls).filter((phase) => !phase.startsWith('remind'))).toEqual(['open', 'due#0', 'due#1', 'chase:1#0', 'chase:1#1']);
});
