import { loadavg } from 'node:os';
import fc from 'fast-check';
import { ENTRIES, entryName, requestFor, requestRunner, type Entry, type GeneratedRequest, type RequestOutcome } from '../support/generated';
import { LIFTED_REPORT_LIMITS, startTestRuntime } from '../support/runtime';

const DROPPED = 0;

/**
 * Generated input on every entry of the API, `runs` per entry: 5xx, dropped connections, writes by
 * refusals, 4xx latency. Inputs are generated one at a time as they are sent (`fc.check`), never all
 * at once: generating an entry's 10,000 up front held this process, which also serves, for seconds.
 */
export async function generatedInputs(runs: number, seed: number, progress: (line: string) => void = () => undefined): Promise<string[]> {
  const runtime = await startTestRuntime({ speed: 1, start: '2026-03-10T03:00:00+08:00', reportLimits: LIFTED_REPORT_LIMITS });
  const lines: string[] = [];
  const load = () =>
    loadavg()
      .map((value) => value.toFixed(2))
      .join(' ');
  const loadAtStart = load();
  const started = performance.now();
  try {
    const { Authorization } = await runtime.signIn('+8613800000101');
    const run = requestRunner(runtime.url, runtime.dynamodb.client, Authorization, () => runtime.outbox.settle());
    const sendCounted = async (entry: Entry, request: GeneratedRequest): Promise<RequestOutcome> => {
      try {
        return await run(entry, request);
      } catch (error) {
        // A connection that closed without an answer: counted and named, never the end of the run.
        progress(`  dropped connection on ${entryName(entry)}: ${(error as Error).message} ${JSON.stringify(request).slice(0, 500)}`);
        return { status: DROPPED, writes: 0, storeCalls: 0, ms: 0, cpuMs: 0 };
      }
    };
    let total = 0;
    let errors = 0;
    let dropped = 0;
    let refusedWrites = 0;
    const latencies: number[] = [];
    const slow: RequestOutcome[] = [];
    for (const entry of ENTRIES) {
      const outcomes: RequestOutcome[] = [];
      const entryStarted = performance.now();
      await fc.check(
        fc.asyncProperty(requestFor(entry), async (request) => {
          const outcome = await sendCounted(entry, request);
          outcomes.push(outcome);
          if (outcome.status >= 500) progress(`  ${outcome.status} on ${entryName(entry)}: ${JSON.stringify(request).slice(0, 500)}`);
          return true;
        }),
        { numRuns: runs, seed },
      );
      const fiveHundreds = outcomes.filter((outcome) => outcome.status >= 500).length;
      const drops = outcomes.filter((outcome) => outcome.status === DROPPED).length;
      const writes = outcomes.filter((outcome) => outcome.status >= 400 && outcome.writes > 0).length;
      const refused = outcomes.filter((outcome) => outcome.status >= 400 && outcome.status < 500);
      const badRequestsThatRead = outcomes.filter((outcome) => outcome.status === 400 && outcome.storeCalls > 0).length;
      const slowest = refused.reduce<RequestOutcome | undefined>((worst, outcome) => (worst && worst.ms >= outcome.ms ? worst : outcome), undefined);
      const max = slowest?.ms ?? 0;
      total += outcomes.length;
      errors += fiveHundreds;
      dropped += drops;
      refusedWrites += writes;
      latencies.push(...refused.map((outcome) => outcome.ms));
      slow.push(...refused.filter((outcome) => outcome.ms >= 100));
      const seconds = (performance.now() - entryStarted) / 1000;
      lines.push(
        `  ${entryName(entry).padEnd(48)} ${outcomes.length} inputs, ${refused.length} 4xx, ${fiveHundreds} 5xx, ${drops} dropped, ${writes} refusals that wrote, ` +
          `${badRequestsThatRead} 400s after a store read, slowest 4xx ${max.toFixed(0)} ms with ${(slowest?.cpuMs ?? 0).toFixed(0)} ms of CPU (${(outcomes.length / seconds).toFixed(0)}/s, load ${load()})`,
      );
      // Entry by entry as they finish: a full run takes most of an hour.
      progress(lines[lines.length - 1]!);
    }
    latencies.sort((a, b) => a - b);
    const at = (quantile: number) => (latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * quantile))] ?? 0).toFixed(0);
    const seconds = (performance.now() - started) / 1000;
    const slowCpu = slow.map((outcome) => outcome.cpuMs).sort((a, b) => a - b);
    lines.unshift(
      `generated inputs: ${total} over ${ENTRIES.length} entries (${runs} each, seed ${seed}) in ${seconds.toFixed(0)} s (${(total / seconds).toFixed(0)}/s; load average ${loadAtStart} at the start, ${load()} at the end): ` +
        `${errors} 5xx, ${dropped} dropped connections, ${refusedWrites} refusals that wrote; 4xx p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms, ${slow.length} at or over 100 ms` +
        (slow.length > 0
          ? ` (the CPU time this process spent while each was under way: at most ${slowCpu.at(-1)!.toFixed(0)} ms, median ${slowCpu[Math.floor(slowCpu.length / 2)]!.toFixed(0)} ms)`
          : ''),
    );
  } finally {
    await runtime.close();
  }
  return lines;
}
