/**
 * The bureau's roll-up alone, without the wave before it (`npm run bench` times it after the whole
 * wave): publishes the 5,000 schools of ./wave.ts, then times `GET /reports` signed in as the
 * bureau's desk, three times: the counts over every school and the first page of rows (100). No
 * school has opened or sent its report, so every school is missing; then every page, to show
 * the pages list each school once.
 * `npx tsx test/bench/roll-up.ts [schools]`
 */
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbPlanCatalog } from '../../functions/adapters/dynamodb-plan-catalog';
import { PROJECT_ROOT } from '../../lib/definitions';
import { readPlanFolder } from '../../lib/local/plans';
import { startTestRuntime } from '../support/runtime';
import { BUREAU, mapLimited, school } from './wave';

process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
const schools = Number(process.argv[2] ?? 5000);
const template = readPlanFolder(join(PROJECT_ROOT, 'plans')).find((plan) => plan.id === 'changping-college')!;
const plans = Array.from({ length: schools }, (_, n) => school(template, n + 1));
const dataDir = mkdtempSync(join(tmpdir(), 'yingji-bench-roll-up-'));
const plansDir = join(PROJECT_ROOT, 'test/fixtures/plans');

const loader = await startTestRuntime({ speed: 1, dataDir, plansDir });
await mapLimited(plans, 32, (plan) => new DynamoDbPlanCatalog(loader.dynamodb.client, loader.dynamodb.tableName).publish(plan));
await loader.close(true);
unlinkSync(join(dataDir, 'clock.json'));
const runtime = await startTestRuntime({ speed: 1, dataDir, plansDir, start: '2014-03-05T18:30:00+08:00' });
try {
  const desk = await runtime.signIn(plans[0]!.people.find((person) => person.unit === BUREAU.id)!.phone!);
  for (let run = 1; run <= 3; run++) {
    const started = performance.now();
    const rollUp = await runtime.get(`/reports?date=2014-03-05&type=zero-report&bureau=${BUREAU.id}`, desk);
    console.log(
      `roll-up ${run}: ${rollUp.body.due} schools, first page ${rollUp.body.schools.length} rows, ${(performance.now() - started).toFixed(0)} ms, ${JSON.stringify(rollUp.body.counts)}`,
    );
  }
  const listed = new Set<string>();
  let pages = 0;
  let cursor: string | undefined;
  const started = performance.now();
  do {
    const page = await runtime.get(`/reports?date=2014-03-05&type=zero-report&bureau=${BUREAU.id}&limit=500${cursor ? `&cursor=${cursor}` : ''}`, desk);
    for (const row of page.body.schools) listed.add(`${row.planId}#${row.reportId}`);
    pages += 1;
    cursor = page.body.nextCursor;
  } while (cursor);
  console.log(`roll-up, every page of 500: ${pages} pages, ${listed.size} schools listed once each, ${(performance.now() - started).toFixed(0)} ms in all`);
} finally {
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
}
