/**
 * The daily zero-report wave of a bureau with 5,000 schools on one local runtime (`npm run bench`
 * runs it after the escalation figures). Each school is plan 3 (the college: a day and a night
 * shift, a zero report at 17:00 chased at 17:00 and 18:00) under its own ids and phones. Prints the
 * wall-clock time of the reminder wave (from the reminder instant until the last school's duty
 * officer has been texted), of the whole wave, the state transitions and history events of its
 * one execution, per school and what they cost at $0.025 per 1,000 transitions.
 */
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbPlanCatalog } from '../../functions/adapters/dynamodb-plan-catalog';
import type { Plan } from '../../functions/core/plan/model';
import { reportSlots } from '../../functions/core/scheduled-reports/slots';
import { PROJECT_ROOT } from '../../lib/definitions';
import { readPlanFolder } from '../../lib/local/plans';
import { waveName } from '../../lib/local/runtime';
import { eventually, startTestRuntime } from '../support/runtime';
import { figure } from './figures';
import { profiled } from './profiled';
import { topFrames } from './top-frames';

const TRANSITION_USD = 0.025 / 1000;
export const BUREAU = { id: 'bench-bureau', name: '基准区教育局', kind: 'education-bureau' as const };

export function school(template: Plan, n: number): Plan {
  const id = `school-${String(n).padStart(4, '0')}`;
  // Phones +86 13x xxxx xxxx: a block of 10 per school, so no two schools share a number.
  const phone = (index: number) => `+8613${String(n * 10 + index).padStart(9, '0')}`;
  return {
    ...template,
    id,
    version: `bench${n}`,
    name: `${id} 安全稳定工作预案`,
    organisation: { id, name: `第${n}学校`, superior: BUREAU.name, superiors: [BUREAU] },
    people: template.people.map((person, index) => ({ ...person, phone: phone(index), ...(person.unit && { unit: BUREAU.id }) })),
  };
}

export async function mapLimited<T>(items: T[], limit: number, run: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

export async function scheduledReportWave(schools = 5000, speed = 120): Promise<void> {
  const template = readPlanFolder(join(PROJECT_ROOT, 'plans')).find((plan) => plan.id === 'changping-college')!;
  const plans = Array.from({ length: schools }, (_, n) => school(template, n + 1));
  const dataDir = mkdtempSync(join(tmpdir(), 'yingji-bench-wave-'));
  // The plans folder holds only the smallest plan, with no scheduled reports: the bench starts the wave itself.
  const plansDir = join(PROJECT_ROOT, 'test/fixtures/plans');

  // First run: publish the schools' plans into the table (not timed).
  const loader = await startTestRuntime({ speed: 1, dataDir, plansDir });
  const catalog = new DynamoDbPlanCatalog(loader.dynamodb.client, loader.dynamodb.tableName);
  let started = performance.now();
  await mapLimited(plans, 32, (plan) => catalog.publish(plan));
  console.log(`wave: published ${schools} schools' plans in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await loader.close(true);

  // Second run, on a fresh clock at 16:24 Beijing time on 5 March 2014, sped up.
  unlinkSync(join(dataDir, 'clock.json'));
  const runtime = await startTestRuntime({ speed, dataDir, plansDir, start: '2014-03-05T16:24:00+08:00' });
  try {
    const [{ key, slot }] = reportSlots([template]);
    const firedAt = new Date('2014-03-05T16:25:00+08:00');
    const name = waveName(key!, firedAt);
    const remindAt = Date.parse('2014-03-05T16:30:00+08:00');
    runtime.scheduledReports.start(name, { slot, firedAt: firedAt.toISOString() });

    const reminders = () => runtime.outbox.list().filter((text) => text.body.includes('前请报送')).length;
    await eventually(() => runtime.clock.now().getTime() >= remindAt, 120_000);
    started = performance.now();
    await eventually(() => reminders() >= schools, 300_000);
    const reminderWave = (performance.now() - started) / 1000;
    console.log(`wave: reminder wave, ${schools} schools: ${reminderWave.toFixed(1)} s wall clock (from 16:30 to the last duty officer's reminder)`);
    figure('reminder wave, 5,000 schools', reminderWave, 's');

    await eventually(() => runtime.scheduledReports.status(name) === 'SUCCEEDED', 900_000);
    const wholeWave = (performance.now() - started) / 1000;
    const history = runtime.scheduledReports.history(name)!;
    const outbox = runtime.outbox.list();
    const texts = outbox.length;
    // Each text carries its own link, so the same body to the same phone is the same text twice.
    const doubled = texts - new Set(outbox.map((text) => `${text.to}\u0000${text.body}`)).size;
    console.log(`wave: whole wave (remind 16:30, late 17:00, chase 17:00 and 18:00 at ${speed}×): ${wholeWave.toFixed(1)} s wall clock, ${texts} texts, ${doubled} sent twice`);
    figure('whole wave, 5,000 schools', wholeWave, 's');
    figure('wave texts', texts, 'texts');
    figure('wave texts sent twice', doubled, 'texts');
    console.log(
      `wave: one execution, ${history.transitions} state transitions and ${history.events} history events (limit 25,000); ` +
        `${(history.transitions / schools).toFixed(4)} transitions per school per day; ` +
        `$${(history.transitions * TRANSITION_USD).toFixed(4)} a day, $${(history.transitions * TRANSITION_USD * 30).toFixed(3)} a month for the bureau`,
    );

    // The bureau's duty desk, signed in: the counts over every school and the first page of rows.
    const desk = await runtime.signIn(plans[0]!.people.find((person) => person.unit === BUREAU.id)!.phone!);
    started = performance.now();
    const rollUp = await runtime.get('/reports?date=2014-03-05&type=zero-report&bureau=bench-bureau', desk);
    const rollUpMs = performance.now() - started;
    console.log(`wave: roll-up of ${rollUp.body.due} schools (first page: ${rollUp.body.schools.length} rows): ${rollUpMs.toFixed(0)} ms, ${JSON.stringify(rollUp.body.counts)}`);
    figure('roll-up, 5,000 schools', rollUpMs, 'ms');
    // `--profile`: the same request again under V8's CPU profiler, after the timed one.
    if (process.argv.includes('--profile')) {
      const file = await profiled('roll-up', () => runtime.get('/reports?date=2014-03-05&type=zero-report&bureau=bench-bureau', desk));
      console.log(`wave: roll-up profile ${file}, top frames by self time:\n${topFrames(file, 12).join('\n')}\nby package:\n${topFrames(file, 8, true).join('\n')}`);
    }
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
