import { TAG_SHARDS } from '../../../functions/adapters/tag-shards';
import { jest } from '@jest/globals';
import { join } from 'node:path';
import { DynamoDbPhoneStore } from '../../../functions/adapters/dynamodb-phone-store';
import { DynamoDbCalendarStore } from '../../../functions/adapters/dynamodb-calendar-store';
import { DynamoDbPlanCatalog } from '../../../functions/adapters/dynamodb-plan-catalog';
import { withCalendar } from '../../../functions/core/periods';
import { DynamoDbDutyStore, DynamoDbReportStore } from '../../../functions/adapters/dynamodb-report-store';
import { randomIds } from '../../../functions/core/base';
import type { Plan } from '../../../functions/core/plan';
import { zonedInstant } from '../../../functions/core/plan';
import type { ScheduledReportDependencies } from '../../../functions/core/scheduled-reports/ports';
import { reportSlots } from '../../../functions/core/scheduled-reports/slots';
import { actOnBatch, openWave, type BatchStep } from '../../../functions/core/scheduled-reports/wave';
import { readPlanFolder } from '../../../lib/local/plans';
import type { LocalDynamoDb } from '../../../lib/local/dynamodb';
import { FaultySms, seeded, tapStore, type StoreTap } from '../../support/faults';
import { ROOT } from '../plans/support';
import { scratchDynamoDb } from '../../support/dynamodb';

/**
 * A bureau's zero-report wave on dynalite, its batches run as the Map's Tasks run them (tried again
 * after any error), with SNS and DynamoDB failing as a seeded generator decides: every duty officer
 * reminded once, every chased person chased once per step, and two store operations per text.
 */

const SCHOOLS = 30;
const college = readPlanFolder(join(ROOT, 'plans')).find((plan) => plan.id === 'changping-college')!;
const BUREAU = { id: 'test-bureau', name: '测试区教育局', kind: 'education-bureau' as const };
const schools: Plan[] = Array.from({ length: SCHOOLS }, (_, index) => {
  const n = index + 1;
  const id = `school-${String(n).padStart(4, '0')}`;
  return {
    ...college,
    id,
    version: `v${n}`,
    organisation: { id, name: `第${n}学校`, superior: BUREAU.name, superiors: [BUREAU] },
    people: college.people.map((person, p) => ({ ...person, phone: `+8613${String(n * 10 + p).padStart(9, '0')}`, ...(person.unit && { unit: BUREAU.id }) })),
  };
});
const at = (day: string, time: string) => {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return zonedInstant(day, hour, minute, 'Asia/Shanghai');
};

// dynalite on a busy machine: slow, never wrong.
jest.setTimeout(180_000);

let db: LocalDynamoDb;
let tap: StoreTap;
beforeAll(async () => {
  db = await scratchDynamoDb('yingji-wave-faults-');
  tap = tapStore(db.client);
  const catalog = new DynamoDbPlanCatalog(db.client, db.tableName);
  for (const plan of schools) await catalog.publish(plan);
}, 120_000);
afterAll(() => db.stop());

/** A Task as the Map runs it: tried again after any error, after its backoff. */
async function retried<T>(step: () => Promise<T>, backoff: () => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= 60) throw error;
      backoff();
    }
  }
}

/** The day's wave; each test runs its own day. */
async function runWave(day: string, sms: FaultySms, onPhase?: (phase: string) => void) {
  let now = at(day, '16:25');
  let wall = 1_000_000;
  const deps: ScheduledReportDependencies = {
    // As the functions read plans: through the bureau's calendar (functions/adapters/aws.ts).
    plans: withCalendar(new DynamoDbPlanCatalog(db.client, db.tableName), new DynamoDbCalendarStore(db.client, db.tableName)),
    reports: new DynamoDbReportStore(db.client, db.tableName),
    duty: new DynamoDbDutyStore(db.client, db.tableName),
    phones: new DynamoDbPhoneStore(db.client, db.tableName),
    sms,
    clock: { now: () => now },
    wallClock: { now: () => new Date(wall) },
    ids: randomIds,
    links: { reportLink: (token) => `https://yj.example.cn/r/${token}` },
  };
  const [{ slot }] = reportSlots([college]);
  const wave = await retried(
    () => openWave(deps, { slot: slot!, firedAt: now.toISOString() }),
    () => (wall += 61_000),
  );
  onPhase?.('open');
  const phases: [string, Omit<BatchStep, 'waveId' | 'batch'>][] = [
    [wave.remindAt, { phase: 'remind' }],
    [wave.dueAt, { phase: 'due' }],
    [wave.chaseTimes[0]!, { phase: 'chase', step: 1 }],
    [wave.chaseTimes[1]!, { phase: 'chase', step: 2 }],
  ];
  for (const [instant, phase] of phases) {
    now = new Date(instant);
    for (const batch of wave.batches)
      await retried(
        () => actOnBatch(deps, { waveId: wave.waveId, batch, ...phase }),
        () => (wall += 61_000),
      );
    onPhase?.(`${phase.phase}${phase.step ?? ''}`);
  }
  return { wave, events: await deps.reports.eventsOfDay(BUREAU.id, 'zero-report', day) };
}

test('a wave costs two store operations per text, and a fixed few per batch', async () => {
  const sms = new FaultySms();
  tap.reset();
  const perPhase: { phase: string; ops: number; texts: number }[] = [];
  let texts = 0;
  await runWave('2014-03-05', sms, (phase) => {
    perPhase.push({ phase, ops: tap.count(), texts: sms.accepted.length - texts });
    texts = sms.accepted.length;
    tap.reset();
  });
  for (const { phase, ops, texts: sent } of perPhase.filter(({ texts: sent }) => sent > 0)) {
    // Per batch: the wave, the batch, its plans, the day's Query, the overrides' markers, the claims'
    // and the opt-outs' reads (100 keys a request), and at the reminder its schools opened (25 a request)
    // and counted in the day's tally (one update per shard of tags, functions/adapters/tag-shards.ts).
    expect({ phase, extra: ops - 2 * sent }).toEqual({ phase, extra: expect.any(Number) });
    expect(ops - 2 * sent).toBeLessThanOrEqual(7 + Math.ceil(SCHOOLS / 25) + TAG_SHARDS);
  }
  if (process.env.YINGJI_PRINT_FIGURES) console.log(JSON.stringify(perPhase));
});

test('with SNS failing 20% of sends and DynamoDB throttling 3% of requests, every person gets exactly one text per step', async () => {
  const random = seeded(7);
  const sms = new FaultySms(() => (random() < 0.2 ? 'unavailable' : undefined));
  tap.throttle = () => random() < 0.03;
  const { events } = await runWave('2014-03-06', sms);
  tap.throttle = undefined;
  expect(tap.throttled).toBeGreaterThan(0);
  expect(sms.failures.length).toBeGreaterThan(0);
  const texts = events.filter(({ event }) => event.type === 'reminded' || event.type === 'chased');
  const perSchool = new Map<string, string[]>();
  for (const { planId, event } of texts) perSchool.set(planId, [...(perSchool.get(planId) ?? []), event.key]);
  // Each school: its duty officer reminded, then the two chase steps' people.
  const shapes = new Set(
    [...perSchool.values()].map((keys) =>
      keys
        .map((key) => key.split(':').slice(0, -1).join(':'))
        .sort()
        .join(','),
    ),
  );
  expect(perSchool.size).toBe(SCHOOLS);
  expect(shapes.size).toBe(1);
  expect(sms.accepted).toHaveLength(texts.length);
  expect(sms.doubles()).toEqual([]);
});
