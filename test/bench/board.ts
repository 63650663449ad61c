/**
 * The bureau's board with 5,000 schools and 2,000 open incidents on one local runtime (`npm run
 * bench`, or alone: `npx tsx test/bench/board.ts`). The schools are plan 1 under 5,000 names, all
 * under one bureau; the incidents are stored as intake stores them (the incident, its listing,
 * `reported`, the texts of their first levels, a third acknowledged, a tenth late), without
 * running their escalations, which the board does not read. Prints the latency of the board's
 * first page (`GET /incidents?open=1`, signed in as the bureau's desk) and of a filtered search,
 * and how long chromium takes from navigation until the first page's cards are drawn.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbIncidentStore } from '../../functions/adapters/dynamodb-incident-store';
import { DynamoDbPlanCatalog } from '../../functions/adapters/dynamodb-plan-catalog';
import { listingOf } from '../../functions/core/incident/board';
import { deadlinesFor } from '../../functions/core/incident/deadlines';
import { eventKey, type Incident } from '../../functions/core/incident/model';
import { chainOf, type Plan } from '../../functions/core/plan/model';
import { PROJECT_ROOT } from '../../lib/definitions';
import { readPlanFolder } from '../../lib/local/plans';
import { DESKTOP, launchChromium } from '../support/browser';
import { startTestRuntime } from '../support/runtime';
import { BUREAU, mapLimited, school } from './wave';

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;

function incidentAt(plan: Plan, n: number, reportedAt: Date): Incident {
  const category = plan.categories[n % plan.categories.length]!;
  return {
    id: `bench-${String(n).padStart(5, '0')}`,
    code: `B${String(n).padStart(5, '0')}`,
    planId: plan.id,
    planVersion: plan.version,
    orgId: plan.organisation.id,
    category: category.id,
    kind: category.kind,
    severity: 'general',
    place: `${(n % 9) + 1}号楼`,
    description: '基准测试',
    reporter: {},
    reportedAt: reportedAt.toISOString(),
    deadlines: deadlinesFor(chainOf(plan, category.id, 'general'), reportedAt),
  };
}

export async function boardAtScale(schools = 5000, open = 2000): Promise<void> {
  const template = readPlanFolder(join(PROJECT_ROOT, 'plans')).find((plan) => plan.id === 'huapu-primary')!;
  const plans = Array.from({ length: schools }, (_, n) => school(template, n + 1));
  const dataDir = mkdtempSync(join(tmpdir(), 'yingji-bench-board-'));
  const runtime = await startTestRuntime({ speed: 1, dataDir, plansDir: join(PROJECT_ROOT, 'test/fixtures/plans') });
  const browser = await launchChromium();
  try {
    const catalog = new DynamoDbPlanCatalog(runtime.dynamodb.client, runtime.dynamodb.tableName);
    const store = new DynamoDbIncidentStore(runtime.dynamodb.client, runtime.dynamodb.tableName);
    let started = performance.now();
    await mapLimited(plans, 32, (plan) => catalog.publish(plan));
    const now = runtime.clock.now().getTime();
    await mapLimited(
      Array.from({ length: open }, (_, n) => n),
      32,
      async (n) => {
        const plan = plans[Math.floor((n * schools) / open)]!;
        // Reported over the last three hours, so some are past their report deadline.
        const incident = incidentAt(plan, n, new Date(now - ((n * 7919) % (3 * 3600)) * 1000));
        await store.create(incident, listingOf(plan, incident));
        await store.append(incident.id, { type: 'reported', key: eventKey.reported(), at: incident.reportedAt, channel: 'web', reporter: {} });
        const first = plan.people[0]!;
        await store.append(incident.id, {
          type: 'notified',
          key: eventKey.notified(1, first.id),
          at: incident.reportedAt,
          level: 1,
          personId: first.id,
          name: first.name,
          phone: first.phone!,
          messageId: `bench-${n}`,
        });
        if (n % 3 === 0)
          await store.append(incident.id, { type: 'acknowledged', key: eventKey.acknowledged(first.id), at: incident.reportedAt, personId: first.id, name: first.name });
        if (n % 10 === 0) await store.append(incident.id, { type: 'late', key: eventKey.late(), at: incident.deadlines.report, deadline: incident.deadlines.report });
      },
    );
    console.log(
      `board: load average ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}; stored ${schools} schools' plans and ${open} open incidents in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const desk = await runtime.signIn(plans[0]!.people.find((person) => person.unit === BUREAU.id)!.phone!);
    for (const [label, path] of [
      ['first page', '/incidents?open=1'],
      ['search and status filter', '/incidents?open=1&status=open&q=%E7%81%AB%E7%81%BE%203%E5%8F%B7%E6%A5%BC'],
    ] as const) {
      const latencies: number[] = [];
      let body: any;
      for (let n = 0; n < 21; n++) {
        started = performance.now();
        ({ body } = await runtime.get(path, desk));
        if (n > 0) latencies.push(performance.now() - started);
      }
      console.log(
        `board: ${label}, GET ${path} (${body.incidents.length} of ${body.total}, counts ${JSON.stringify(body.counts)}): p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms (20 requests)`,
      );
    }

    const token = desk.Authorization;
    const renders: number[] = [];
    for (let n = 0; n < 6; n++) {
      const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      await context.addInitScript((value) => localStorage.setItem('yingji.token', value), token);
      const page = await context.newPage();
      // The case strip asks for its cases once the board is drawn; its answer is awaited (not timed) so it does not run into the next load.
      const cases = page.waitForResponse((response) => new URL(response.url()).pathname === '/cases', { timeout: 120_000 });
      started = performance.now();
      await page.goto(`${runtime.url}/`);
      await page.locator('.incident-card').nth(99).waitFor({ timeout: 30_000 });
      if (n > 0) renders.push(performance.now() - started);
      await cases;
      await context.close();
    }
    console.log(
      `board: chromium, navigation → first 100 of ${open} cards drawn: p50 ${percentile(renders, 50).toFixed(0)} ms, max ${Math.max(...renders).toFixed(0)} ms (5 loads after one warm-up)`,
    );
  } finally {
    await browser.close();
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('board.ts')) await boardAtScale(Number(process.env.BENCH_SCHOOLS ?? 5000), Number(process.env.BENCH_OPEN ?? 2000));
