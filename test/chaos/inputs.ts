import fc from 'fast-check';
import { ENTRIES, entryName, requestFor, requestRunner, type RequestOutcome } from '../support/generated';
import { LIFTED_REPORT_LIMITS, startTestRuntime } from '../support/runtime';

/** Generated input on every entry of the API, `runs` per entry: 5xx, writes by refusals, latency. */
export async function generatedInputs(runs: number, seed: number, progress: (line: string) => void = () => undefined): Promise<string[]> {
  const runtime = await startTestRuntime({ speed: 1, start: '2026-03-10T03:00:00+08:00', reportLimits: LIFTED_REPORT_LIMITS });
  const lines: string[] = [];
  try {
    const { Authorization } = await runtime.signIn('+8613800000101');
    const run = requestRunner(runtime.url, runtime.dynamodb.client, Authorization, () => runtime.outbox.settle());
    let total = 0;
    let errors = 0;
    let refusedWrites = 0;
    let slowest = 0;
    const latencies: number[] = [];
    for (const entry of ENTRIES) {
      const outcomes: RequestOutcome[] = [];
      for (const request of fc.sample(requestFor(entry), { numRuns: runs, seed })) outcomes.push(await run(entry, request));
      const fiveHundreds = outcomes.filter((outcome) => outcome.status >= 500).length;
      const writes = outcomes.filter((outcome) => outcome.status >= 400 && outcome.writes > 0).length;
      const refused = outcomes.filter((outcome) => outcome.status >= 400 && outcome.status < 500);
      const max = Math.max(...refused.map((outcome) => outcome.ms));
      total += outcomes.length;
      errors += fiveHundreds;
      refusedWrites += writes;
      slowest = Math.max(slowest, max);
      latencies.push(...refused.map((outcome) => outcome.ms));
      lines.push(`  ${entryName(entry).padEnd(48)} ${outcomes.length} inputs, ${refused.length} 4xx, ${fiveHundreds} 5xx, ${writes} refusals that wrote, slowest 4xx ${max.toFixed(0)} ms`);
      // Entry by entry as they finish: a full run takes most of an hour.
      progress(lines[lines.length - 1]!);
    }
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.floor(latencies.length * 0.99)] ?? 0;
    lines.unshift(`generated inputs: ${total} over ${ENTRIES.length} entries (${runs} each, seed ${seed}): ${errors} 5xx, ${refusedWrites} refusals that wrote; 4xx p99 ${p99.toFixed(0)} ms, slowest ${slowest.toFixed(0)} ms, ${latencies.filter((ms) => ms >= 100).length} at or over 100 ms`);
  } finally {
    await runtime.close();
  }
  return lines;
}
