/**
 * `npm run bench`: the local runtime driven over HTTP, timings on this machine's wall clock.
 *  1. intake latency (POST /incidents) p50/p99 with 1 and with 20 concurrent clients;
 *  2. report → first text (the principal's), wall-clock;
 *  3. deadline → text lag: how late after each absolute deadline its text went out, with 20
 *     incidents sharing their deadlines at 600× and with 1,000 in flight at 60× (./in-flight.ts);
 *  4. the daily zero-report wave of a bureau with 5,000 schools (./wave.ts): reminder wave time,
 *     state transitions per school per day and what they cost, the bureau's roll-up;
 *  5. `npm start` to a healthy /health in a fresh clone and warm (./start.ts).
 * Not part of `npm test`: timing belongs here, not in assertions.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { clockPasses, eventually, LIFTED_REPORT_LIMITS, startTestRuntime, type TestRuntime } from '../support/runtime';
import { figure, writeFigures } from './figures';
import { benchReport as report, deadlineLags, incidentsInFlight, percentile, printLags } from './in-flight';
import { profiled } from './profiled';
import { startFigures } from './start';
import { topFrames } from './top-frames';
import { scheduledReportWave } from './wave';

process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
const PROFILE = process.argv.includes('--profile');
const printProfile = (file: string) =>
  console.log(`profile ${file}, top frames by self time:\n${topFrames(file, 12).join('\n')}\nby package:\n${topFrames(file, 8, true).join('\n')}`);

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function intakeLatency(runtime: TestRuntime, clients: number, perClient: number): Promise<number[]> {
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 0; n < perClient; n++) {
        const started = performance.now();
        const { status } = await runtime.post('/incidents', report(client * 1000 + n));
        latencies.push(performance.now() - started);
        if (status !== 201) throw new Error(`intake answered ${status}`);
      }
    }),
  );
  return latencies;
}

async function main() {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);
  console.log(`load at the start: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
  figure('load average (1 min) at the start', loadavg()[0]!, '');

  const realTime = await startTestRuntime({ speed: 1, reportLimits: LIFTED_REPORT_LIMITS });
  try {
    await intakeLatency(realTime, 1, 20); // warm-up
    for (const [clients, perClient] of [
      [1, 200],
      [20, 20],
    ] as const) {
      const latencies = await intakeLatency(realTime, clients, perClient);
      console.log(`intake, ${clients} client(s), ${latencies.length} reports: p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`);
      figure(`intake p99, ${clients} client(s)`, percentile(latencies, 99), 'ms');
    }
    if (PROFILE) printProfile(await profiled('intake-20-clients', () => intakeLatency(realTime, 20, 20)));

    const firstText: number[] = [];
    for (let n = 0; n < 50; n++) {
      const started = performance.now();
      const { body } = await realTime.post('/incidents', report(n));
      await eventually(() => realTime.textsFor(body.id).length > 0, 10_000);
      firstText.push(performance.now() - started);
    }
    console.log(`report → first text (50 reports): p50 ${ms(percentile(firstText, 50))}, p99 ${ms(percentile(firstText, 99))}`);
    figure('report → first text p99', percentile(firstText, 99), 'ms');
  } finally {
    await realTime.close();
  }

  await sharedDeadlines();
  // `--profile`: the same case again under V8's CPU profiler, after the timed one.
  if (PROFILE) printProfile(await profiled('deadlines-600x', () => sharedDeadlines(false)));
}

/** 20 incidents reported at once at 600× (2 h pass in 12 s), nobody answering: how late each text is after its deadline. */
async function sharedDeadlines(record = true) {
  // A text's lag in runtime time divided by the speed is its wall-clock lag.
  const speed = 600;
  const sped = await startTestRuntime({ speed, reportLimits: LIFTED_REPORT_LIMITS });
  try {
    const incidents = await Promise.all(Array.from({ length: 20 }, async (_, n) => (await sped.post('/incidents', report(n))).body));
    const last = incidents
      .map((incident) => incident.deadlines.report)
      .sort()
      .at(-1)!;
    await clockPasses(sped, last);
    await eventually(() => incidents.every((incident) => sped.escalation.status(incident.id) === 'SUCCEEDED'), 60_000);
    if (!record) return;
    printLags('deadline → text, 20 incidents sharing their deadlines', await deadlineLags(sped, incidents, speed), (label) => `deadline → text p99, ${label}`);
    // What an unanswered incident costs: its execution's state transitions (as Step Functions bills them) and its texts.
    const transitions = incidents.map((incident) => sped.escalation.history(incident.id)!.transitions);
    const texts = incidents.map((incident) => sped.textsFor(incident.id).length);
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    console.log(`an unanswered incident (plan 1, fire): ${mean(transitions)} state transitions (${Math.min(...transitions)}–${Math.max(...transitions)}), ${mean(texts)} texts`);
    figure('state transitions per unanswered incident', mean(transitions), 'transitions');
    figure('texts per unanswered incident', mean(texts), 'texts');
  } finally {
    await sped.close();
  }
}

await main();
await incidentsInFlight(1000, 60);
await scheduledReportWave(5000);
await startFigures();
console.log(`load at the end: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
figure('load average (1 min) at the end', loadavg()[0]!, '');
writeFigures();
