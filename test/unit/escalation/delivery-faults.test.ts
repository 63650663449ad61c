import { jest } from '@jest/globals';
import { DynamoDbIncidentStore } from '../../../functions/adapters/dynamodb-incident-store';
import { DynamoDbPhoneStore } from '../../../functions/adapters/dynamodb-phone-store';
import { DynamoDbCalendarStore } from '../../../functions/adapters/dynamodb-calendar-store';
import { DynamoDbPlanCatalog } from '../../../functions/adapters/dynamodb-plan-catalog';
import { withCalendar } from '../../../functions/core/periods';
import { randomIds, type Clock } from '../../../functions/core/base';
import { checkAcknowledgement, checkBureauReport, notifyLevel, reportLateToBureau, type EscalationDependencies, type NotifiedLevel } from '../../../functions/core/escalation';
import { submitIncident, type Incident, type TimelineEvent } from '../../../functions/core/incident';
import { chainOf, type Plan } from '../../../functions/core/plan';
import type { LocalDynamoDb } from '../../../lib/local/dynamodb';
import { FaultySms, seeded, tapStore, type StoreTap } from '../../support/faults';
import { seedPlan } from '../../support/plans';
import { scratchDynamoDb } from '../../support/dynamodb';

/**
 * Each text at most once, none lost, none skipped in silence (issue 10), and two store operations
 * per text (issue 14), on one-way stages and on two-way ones (texts offering reply numbers): the
 * escalation's steps on dynalite, driven as the state machine drives them
 * (a failed step is tried again, a `retryAt` is waited for), with DynamoDB throttling and SNS
 * failing as a seeded generator decides. Time is simulated; nothing here depends on the machine's speed.
 */

const huapu = seedPlan('huapu-primary.yaml');
/** Plan 1 with 40 people at level 2: what a level's size costs. */
const wide: Plan = {
  ...huapu,
  id: 'huapu-wide',
  people: [
    ...huapu.people,
    ...Array.from({ length: 38 }, (_, n) => ({ id: `teacher-${n}`, name: `老师${n}`, phone: `+86139000${String(n).padStart(5, '0')}`, roles: ['command-office-director'] })),
  ],
};

// dynalite on a busy machine: slow, never wrong.
jest.setTimeout(180_000);

let db: LocalDynamoDb;
let tap: StoreTap;
beforeAll(async () => {
  db = await scratchDynamoDb('yingji-faults-');
  tap = tapStore(db.client);
  const catalog = new DynamoDbPlanCatalog(db.client, db.tableName);
  for (const plan of [huapu, wide]) await catalog.publish(plan);
});
afterAll(() => db.stop());
afterEach(() => {
  tap.throttle = undefined;
});

/** `twoWay`: texts offer reply numbers ("回1确认"), as on stages where carriers deliver replies. */
function world(sms: FaultySms, twoWay = false) {
  let now = Date.parse('2026-03-05T08:00:00Z');
  let wall = 1_000_000;
  const clock: Clock & { set(iso: string): void } = { now: () => new Date(now), set: (iso) => void (now = Math.max(now, Date.parse(iso))) };
  const deps: EscalationDependencies & { escalations: { start: () => Promise<void> } } = {
    incidents: new DynamoDbIncidentStore(db.client, db.tableName),
    // As the functions read plans: through the bureau's calendar (functions/adapters/aws.ts).
    plans: withCalendar(new DynamoDbPlanCatalog(db.client, db.tableName), new DynamoDbCalendarStore(db.client, db.tableName)),
    phones: new DynamoDbPhoneStore(db.client, db.tableName),
    sms,
    clock,
    // Each try after a failure comes after the Task's backoff: long enough for a dead attempt's lease to run out.
    wallClock: { now: () => new Date(wall) },
    ids: randomIds,
    links: { actionLink: (token) => `https://yj.example.cn/a/${token}` },
    escalations: { start: async () => undefined },
    smsReplyCodes: twoWay,
  };
  const advanceWall = () => void (wall += 61_000);
  return { deps, clock, advanceWall };
}

/** A step as the Task state runs it: tried again after any error, as its Retry does. */
async function task<T>(advanceWall: () => void, step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= 60) throw error;
      advanceWall();
    }
  }
}

/** The escalation ASL for one incident, nobody acknowledging: the chain, then the bureau's late notice. */
async function runChain({ deps, clock, advanceWall }: ReturnType<typeof world>, incident: Incident, perStep?: (step: string) => void) {
  let level = 1;
  for (;;) {
    let notified: NotifiedLevel = await task(advanceWall, () => notifyLevel(deps, { incidentId: incident.id, level }));
    perStep?.(`notify ${level}`);
    while (notified.retryAt) {
      clock.set(notified.retryAt);
      notified = await task(advanceWall, () => notifyLevel(deps, { incidentId: incident.id, level }));
      perStep?.(`notify ${level}`);
    }
    clock.set(notified.deadline);
    const checked = await task(advanceWall, () => checkAcknowledgement(deps, { incidentId: incident.id, level }));
    perStep?.(`check ${level}`);
    if (checked.outcome !== 'escalate') break;
    level = checked.level;
  }
  clock.set(incident.deadlines.report);
  const { outcome } = await task(advanceWall, () => checkBureauReport(deps, { incidentId: incident.id }));
  perStep?.('check report');
  if (outcome === 'late') {
    let told = await task(advanceWall, () => reportLateToBureau(deps, { incidentId: incident.id }));
    perStep?.('tell the bureau');
    while (told.retryAt) {
      clock.set(told.retryAt);
      told = await task(advanceWall, () => reportLateToBureau(deps, { incidentId: incident.id }));
      perStep?.('tell the bureau');
    }
  }
}

async function report(deps: EscalationDependencies & { escalations: { start: () => Promise<void> } }, planId = 'huapu-primary') {
  const { record } = await submitIncident(deps, {
    plan: (await deps.plans.get(planId))!,
    report: { planId, category: 'fire', place: '3号楼', description: '冒烟', reporter: {} },
    channel: 'web',
  });
  return record.incident;
}

/** Who each level (and the bureau) must reach: plan 1's chain for a fire. */
function expectedTexts(plan: Plan): string[] {
  const chain = chainOf(plan, 'fire');
  const holders = (roles: string[]) => plan.people.filter((person) => person.roles.some((role) => roles.includes(role))).map((person) => person.id);
  return [
    ...chain.levels.flatMap((level, index) => holders(level.notify).map((id) => `${index + 1}:${id}`)),
    ...holders(chain.reportToSuperior.to).map((id) => `report:${id}`),
  ].sort();
}

const notifiedKeys = (timeline: TimelineEvent[]) => timeline.flatMap((event) => (event.type === 'notified' ? [`${event.level}:${event.personId}`] : [])).sort();

test.each([
  ['one-way: the claim (with its link) and the record', false],
  ['two-way: the claim (with its reply number, taken in the same write) and the record (with its link)', true],
])('two store operations per text, %s; a level costs a fixed few more, whatever its size', async (_, twoWay) => {
  const sms = new FaultySms();
  const run = world(sms, twoWay);
  const incident = await report(run.deps);
  tap.reset();
  const perStep: { step: string; ops: number; texts: number }[] = [];
  let texts = 0;
  await runChain(run, incident, (step) => {
    perStep.push({ step, ops: tap.count(), texts: sms.accepted.length - texts });
    texts = sms.accepted.length;
    tap.reset();
  });
  const texting = perStep.filter(({ texts: sent }) => sent > 0);
  expect(texting.map(({ texts: sent }) => sent)).toEqual([1, 2, 6, 1]);
  for (const { step, ops, texts: sent } of texting) {
    // Per text: one conditional write (the claim: a PutItem with the link, or an UpdateItem of the
    // phone's alerts with the reply number) and one BatchWriteItem (event, message id, and the
    // link where the claim was kept with the number).
    // Per step: the incident's Query, the claims' and phones' BatchGetItems, the escalated event, the board's summary.
    expect({ step, extra: ops - 2 * sent }).toEqual({ step, extra: expect.any(Number) });
    expect(ops - 2 * sent).toBeLessThanOrEqual(5);
  }
  const total = perStep.reduce((sum, { ops }) => sum + ops, 0);
  // The whole unanswered chain (steps that text and steps that only check): README's figure.
  if (process.env.YINGJI_PRINT_FIGURES) console.log(JSON.stringify({ twoWay, perStep, total, texts: sms.accepted.length }));
  expect(total / sms.accepted.length).toBeLessThan(5);
  if (twoWay) {
    // Each phone keeps one number for the incident, on every text about it.
    const numbers = new Map<string, Set<string>>();
    for (const { to, body } of sms.accepted) {
      const reply = /回(\d+)确认/.exec(body)?.[1];
      if (reply) numbers.set(to, new Set([...(numbers.get(to) ?? []), reply]));
    }
    expect(numbers.size).toBeGreaterThan(1);
    expect([...numbers.values()].every((held) => held.size === 1)).toBe(true);
  }

  const wideSms = new FaultySms();
  const wideRun = world(wideSms, twoWay);
  const wideIncident = await report(wideRun.deps, 'huapu-wide');
  await notifyLevel(wideRun.deps, { incidentId: wideIncident.id, level: 1 });
  tap.reset();
  await notifyLevel(wideRun.deps, { incidentId: wideIncident.id, level: 2 });
  expect(wideSms.accepted.length - 1).toBe(40);
  expect(tap.count('BatchWriteItemCommand')).toBe(40);
  expect(tap.count() - 2 * 40).toBeLessThanOrEqual(5);
});

test('two-way: incidents texting one phone at once each get their own reply number on it, each text once', async () => {
  const sms = new FaultySms();
  const run = world(sms, true);
  const incidents = await Promise.all(Array.from({ length: 6 }, () => report(run.deps)));
  await Promise.all(incidents.map((incident) => task(run.advanceWall, () => notifyLevel(run.deps, { incidentId: incident.id, level: 1 }))));
  expect(sms.doubles()).toEqual([]);
  const principal = sms.accepted[0]!.to;
  const texts = sms.accepted.filter((text) => text.to === principal);
  expect(texts).toHaveLength(incidents.length);
  const offered = new Map(texts.map((text) => [text.incidentId, Number(/回(\d+)确认/.exec(text.body)![1])]));
  expect(new Set(offered.values()).size).toBe(incidents.length);
  // A reply of that number reaches that incident.
  const alerts = (await run.deps.phones.openAlerts(principal)).filter((alert) => offered.has(alert.incidentId));
  expect(new Map(alerts.map((alert) => [alert.incidentId, alert.number]))).toEqual(offered);
});

test.each([
  [11, false],
  [23, false],
  [47, false],
  [31, true],
])('SNS throttled or down for 30%% of sends (seed %i, two-way %p): every text goes out once, each failure is on the timeline', async (seed, twoWay) => {
  const random = seeded(seed);
  const sms = new FaultySms(() => (random() < 0.3 ? 'unavailable' : undefined));
  const run = world(sms, twoWay);
  const incident = await report(run.deps);
  await runChain(run, incident);
  const timeline = (await run.deps.incidents.get(incident.id))!.timeline;
  expect(notifiedKeys(timeline)).toEqual(expectedTexts(huapu));
  expect(sms.accepted).toHaveLength(expectedTexts(huapu).length);
  expect(sms.doubles()).toEqual([]);
  expect(sms.failures.length).toBeGreaterThan(0);
  // No silent skip: every phone the provider failed for has notify-failed with the reason.
  const failedPhones = new Set(timeline.flatMap((event) => (event.type === 'notify-failed' && event.retryUntil ? [event.phone] : [])));
  for (const { to } of sms.failures) expect(failedPhones).toContain(to);
  expect(timeline.filter((event) => event.type === 'notify-failed').every((event) => event.type === 'notify-failed' && /Rate exceeded/.test(event.reason))).toBe(true);
});

/** An SMS provider down from `from` to `to` minutes after the report, on the simulated clock. */
function outage(run: ReturnType<typeof world>, incident: Incident, from: number, to: number) {
  return () => {
    const minutes = (run.clock.now().getTime() - Date.parse(incident.reportedAt)) / 60_000;
    return minutes >= from && minutes < to ? ('unavailable' as const) : undefined;
  };
}

test.each([
  ['a five-minute outage at level 2: retried within its window', 10, 15, 2],
  ["an outage past level 2's deadline: its texts go out with level 3's", 10, 21, 3],
  ["an outage past the last level's deadline: it keeps trying until the report deadline", 20, 35, 4],
])('%s, each text once', async (_, from, to, sentWith) => {
  let fault: () => 'unavailable' | undefined = () => undefined;
  const sms = new FaultySms(() => fault());
  const run = world(sms);
  const incident = await report(run.deps);
  fault = outage(run, incident, from, to);
  await runChain(run, incident);
  const timeline = (await run.deps.incidents.get(incident.id))!.timeline;
  expect(notifiedKeys(timeline)).toEqual(expectedTexts(huapu));
  expect(sms.doubles()).toEqual([]);
  const back = new Date(Date.parse(incident.reportedAt) + to * 60_000).toISOString();
  const afterOutage = timeline.filter((event) => event.type === 'notified' && event.at >= back && event.level !== 'report');
  expect(afterOutage.length).toBeGreaterThan(0);
  const failed = timeline.filter((event) => event.type === 'notify-failed');
  expect(failed.length).toBeGreaterThan(0);
  if (sentWith === 3) {
    // Level 2's texts went out in level 3's step, after level 2's deadline, as level 2's texts.
    expect(timeline.filter((event) => event.type === 'notified' && event.level === 2).every((event) => event.at >= incident.deadlines.levels[1]!.at)).toBe(true);
    expect(
      failed
        .filter((event) => event.type === 'notify-failed' && event.level === 2)
        .every((event) => event.type === 'notify-failed' && event.retryUntil === incident.deadlines.levels[1]!.at),
    ).toBe(true);
  }
  if (sentWith === 4) expect(failed.every((event) => event.type === 'notify-failed' && event.retryUntil === incident.deadlines.report)).toBe(true);
});

test.each([
  [5, false],
  [17, false],
  [29, false],
  [41, true],
])('DynamoDB throttling 20%% of requests (seed %i, two-way %p): every text goes out once, none skipped', async (seed, twoWay) => {
  const random = seeded(seed);
  const sms = new FaultySms();
  const run = world(sms, twoWay);
  const incident = await report(run.deps);
  tap.throttle = () => random() < 0.2;
  await runChain(run, incident);
  tap.throttle = undefined;
  expect(tap.throttled).toBeGreaterThan(0);
  const timeline = (await run.deps.incidents.get(incident.id))!.timeline;
  expect(notifiedKeys(timeline)).toEqual(expectedTexts(huapu));
  expect(sms.accepted).toHaveLength(expectedTexts(huapu).length);
  expect(sms.doubles()).toEqual([]);
});

test.each([false, true])('both at once, on a level of 40 (two-way %p): 0 lost, 0 doubled', async (twoWay) => {
  const random = seeded(99);
  const sms = new FaultySms(() => (random() < 0.2 ? 'unavailable' : undefined));
  const run = world(sms, twoWay);
  const incident = await report(run.deps, 'huapu-wide');
  tap.throttle = () => random() < 0.1;
  await runChain(run, incident);
  tap.throttle = undefined;
  const timeline = (await run.deps.incidents.get(incident.id))!.timeline;
  expect(notifiedKeys(timeline)).toEqual(expectedTexts(wide));
  expect(sms.doubles()).toEqual([]);
});
