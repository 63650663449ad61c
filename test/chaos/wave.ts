import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbPlanCatalog } from '../../functions/adapters/dynamodb-plan-catalog';
import { reportSlots } from '../../functions/core/scheduled-reports/slots';
import { PROJECT_ROOT } from '../../lib/definitions';
import { readPlanFolder } from '../../lib/local/plans';
import { waveName } from '../../lib/local/runtime';
import { mapLimited, school } from '../bench/wave';
import { eventually, startTestRuntime } from '../support/runtime';

/**
 * The 5,000-school zero-report wave (the bench's, test/bench/wave.ts: plan 3 under 5,000 names, every
 * school silent, reminded at 16:30 and chased at 17:00 and 18:00), counted for "exactly one text per
 * person per step". A text's link is its unit's (school's report, step, person), so one (phone, body)
 * is one unit: a phone with the same body twice got that step twice, and a school with fewer units
 * than the others missed one.
 */
export async function scheduledReportWaveTexts(schools = 5000, speed = 120): Promise<string[]> {
  const template = readPlanFolder(join(PROJECT_ROOT, 'plans')).find((plan) => plan.id === 'changping-college')!;
  const plans = Array.from({ length: schools }, (_, n) => school(template, n + 1));
  const dataDir = mkdtempSync(join(tmpdir(), 'yingji-chaos-wave-'));
  const plansDir = join(PROJECT_ROOT, 'test/fixtures/plans');
  try {
    const loader = await startTestRuntime({ speed: 1, dataDir, plansDir });
    const catalog = new DynamoDbPlanCatalog(loader.dynamodb.client, loader.dynamodb.tableName);
    await mapLimited(plans, 32, (plan) => catalog.publish(plan));
    await loader.close(true);

    unlinkSync(join(dataDir, 'clock.json'));
    const runtime = await startTestRuntime({ speed, dataDir, plansDir, start: '2014-03-05T16:24:00+08:00' });
    const started = performance.now();
    try {
      const [{ key, slot }] = reportSlots([template]);
      const firedAt = new Date('2014-03-05T16:25:00+08:00');
      const name = waveName(key!, firedAt);
      runtime.scheduledReports.start(name, { slot, firedAt: firedAt.toISOString() });
      await eventually(() => runtime.scheduledReports.status(name) !== 'RUNNING', 3_600_000);
      await runtime.outbox.settle();
      const status = runtime.scheduledReports.status(name);
      const texts = runtime.outbox.list();
      const perUnit = new Map<string, number>();
      for (const text of texts) perUnit.set(`${text.to}\u0000${text.body}`, (perUnit.get(`${text.to}\u0000${text.body}`) ?? 0) + 1);
      const twice = [...perUnit.values()].filter((count) => count > 1).length;
      // Each school's phones are its own block of ten (school(), test/bench/wave.ts).
      const schoolOf = (phone: string) => Math.floor(Number(phone.slice(5)) / 10);
      const unitsPerSchool = new Map<number, { remind: number; chase: number }>();
      for (const unit of perUnit.keys()) {
        const [phone, body] = unit.split('\u0000') as [string, string];
        const counts = unitsPerSchool.get(schoolOf(phone)) ?? { remind: 0, chase: 0 };
        if (body.includes('前请报送')) counts.remind += 1;
        else counts.chase += 1;
        unitsPerSchool.set(schoolOf(phone), counts);
      }
      const shapes = new Map<string, number>();
      for (const counts of unitsPerSchool.values())
        shapes.set(`${counts.remind} reminder and ${counts.chase} chase units`, (shapes.get(`${counts.remind} reminder and ${counts.chase} chase units`) ?? 0) + 1);
      return [
        `scheduled-report wave (${schools.toLocaleString('en')} schools at ${speed}×, execution ${status} after ${((performance.now() - started) / 1000).toFixed(0)} s): ${texts.length} texts for ${perUnit.size} units (person, step), ` +
          `${twice} units texted more than once (${texts.length - perUnit.size} extra texts); ${unitsPerSchool.size} schools texted, ${schools - unitsPerSchool.size} not; ` +
          `per school: ${[...shapes].map(([shape, count]) => `${count} × ${shape}`).join(', ')}`,
      ];
    } finally {
      await runtime.close(true);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
