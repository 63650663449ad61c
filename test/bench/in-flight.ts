/**
 * Deadline → text with 1,000 incidents in flight at 60× (`npm run bench` runs it after the
 * 20-incident case): plan 1's chain for each, reported by 20 clients at once, nobody answering.
 * Each text's lag is how long after its absolute deadline (level 2, level 3, the bureau's late
 * notice) it went out, in wall-clock time: its lag in runtime time divided by the speed.
 */
import type { Incident } from '../../functions/core/incident';
import { eventually, LIFTED_REPORT_LIMITS, startTestRuntime, type TestRuntime } from '../support/runtime';
import { figure } from './figures';
import { mapLimited } from './wave';

export const benchReport = (n: number) => ({ planId: 'huapu-primary', category: 'fire', place: `${n}号楼`, description: '基准测试', reporter: {} });

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

export const LAGS = ['level 2 (10 min)', 'level 3 (20 min)', 'bureau, late (2 h)'] as const;

/** The wall-clock lag of every text after its deadline, by deadline, read from the incidents' timelines. */
export async function deadlineLags(runtime: TestRuntime, incidents: Incident[], speed: number): Promise<Record<(typeof LAGS)[number], number[]>> {
  const lags: Record<(typeof LAGS)[number], number[]> = { 'level 2 (10 min)': [], 'level 3 (20 min)': [], 'bureau, late (2 h)': [] };
  await mapLimited(incidents, 8, async (incident) => {
    const { timeline } = (await runtime.record(incident.id))!;
    const deadlines = [
      ['level 2 (10 min)', 2, incident.deadlines.levels[0]!.at],
      ['level 3 (20 min)', 3, incident.deadlines.levels[1]!.at],
      ['bureau, late (2 h)', 'report', incident.deadlines.report],
    ] as const;
    for (const event of timeline) {
      if (event.type !== 'notified') continue;
      const deadline = deadlines.find(([, level]) => level === event.level);
      if (deadline) lags[deadline[0]].push((Date.parse(event.at) - Date.parse(deadline[2])) / speed);
    }
  });
  return lags;
}

/**
 * The outbox's texts against the units the timelines record (a `notified` event per incident, level
 * and person): a text published twice shows as more texts than units, a lost one as an incident
 * with fewer units than the others.
 */
async function textsSent(runtime: TestRuntime, incidents: Incident[]): Promise<{ texts: number; units: number; doubled: number; fewest: number; most: number }> {
  const perIncident: { texts: number; units: number }[] = [];
  await mapLimited(incidents, 8, async (incident) => {
    const { timeline } = (await runtime.record(incident.id))!;
    const units = new Set(timeline.filter((event) => event.type === 'notified').map((event) => `${event.level}#${event.personId}`));
    perIncident.push({ texts: runtime.textsFor(incident.id).length, units: units.size });
  });
  const texts = perIncident.reduce((sum, { texts }) => sum + texts, 0);
  const units = perIncident.reduce((sum, { units }) => sum + units, 0);
  const counts = perIncident.map(({ units }) => units);
  return { texts, units, doubled: perIncident.reduce((sum, one) => sum + Math.max(0, one.texts - one.units), 0), fewest: Math.min(...counts), most: Math.max(...counts) };
}

export function printLags(title: string, lags: Record<string, number[]>, name: (label: string) => string): void {
  const all = Object.values(lags).flat();
  for (const [label, values] of Object.entries(lags)) {
    console.log(
      `${title}, ${label}, ${values.length} texts: p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (wall clock)`,
    );
    figure(name(label), percentile(values, 99), 'ms');
  }
  console.log(`${title}, all ${all.length} texts: p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms`);
  figure(name('all'), percentile(all, 99), 'ms');
}

export async function incidentsInFlight(count = 1000, speed = 60, clients = 20): Promise<void> {
  const runtime = await startTestRuntime({ speed, reportLimits: LIFTED_REPORT_LIMITS });
  try {
    const incidents: Incident[] = [];
    let retried = 0;
    const started = performance.now();
    await mapLimited(
      Array.from({ length: count }, (_, n) => n),
      clients,
      async (n) => {
        // As a client does: a 5xx (a step out of time on an overloaded machine) is sent again with the same Idempotency-Key.
        for (let attempt = 0; ; attempt++) {
          const { status, body } = await runtime.post('/incidents', benchReport(n), { 'Idempotency-Key': `bench-in-flight-${n}` });
          if (status === 200 || status === 201) return void incidents.push(body);
          if (status < 500 || attempt >= 5) throw new Error(`intake answered ${status}`);
          retried += 1;
        }
      },
    );
    console.log(
      `in flight: ${count} incidents reported by ${clients} clients in ${((performance.now() - started) / 1000).toFixed(1)} s wall clock, ${retried} request(s) sent again after a 5xx`,
    );
    figure(`intake requests sent again after a 5xx, ${count} in flight`, retried, 'requests');
    await eventually(() => incidents.every((incident) => runtime.escalation.status(incident.id) === 'SUCCEEDED'), 1_200_000);
    console.log(`in flight: every chain ran to its end ${((performance.now() - started) / 1000).toFixed(1)} s after the first report`);
    const { texts, units, doubled, fewest, most } = await textsSent(runtime, incidents);
    console.log(`in flight: ${texts} texts for ${units} (incident, level, person) units, ${doubled} sent twice; ${fewest}–${most} units an incident`);
    figure(`texts sent twice, ${count} in flight`, doubled, 'texts');
    printLags(
      `deadline → text, ${count} incidents in flight at ${speed}×`,
      await deadlineLags(runtime, incidents, speed),
      (label) => `deadline → text p99, ${count} in flight at ${speed}×, ${label}`,
    );
  } finally {
    await runtime.close();
  }
}
