import { checkAcknowledgement, checkBureauReport, notifyLevel, reportLateToBureau } from '../../../functions/core/escalation/escalation';
import { incidentView } from '../../../functions/core/incident/view';
import { stateOf } from '../../../functions/core/incident/model';
import { SmsRejectedError, SmsUnavailableError, type OutgoingSms } from '../../../functions/core/sms/ports';
import { CLAIM_LEASE_MS, TextsPendingError } from '../../../functions/core/base/claims';
import { seedPlan } from '../../support/plans';
import { world as sharedWorld } from '../../support/world';

/** The workflow's steps on in-memory stores: what a retry, a bad number or an outage does. */

const huapu = seedPlan('huapu-primary.yaml');
const PRINCIPAL = '+8613800000101';
const DEPUTIES = ['+8613800000102', '+8613800000103'];

const world = (sendFails?: (message: OutgoingSms) => Error | undefined) => sharedWorld({ plans: [huapu], sendFails });

test('a retried notification step texts nobody twice', async () => {
  const { deps, sent, report } = world();
  const incident = await report();
  const first = await notifyLevel(deps, { incidentId: incident.id, level: 1 });
  await notifyLevel(deps, { incidentId: incident.id, level: 1 });
  expect(sent.map((m) => m.to)).toEqual([PRINCIPAL]);
  expect(first.deadline).toBe(incident.deadlines.levels[0]!.at);
});

test('a number that cannot be texted is recorded and the rest of the level still gets theirs', async () => {
  const { deps, sent, report, timeline } = world((message) => (message.to === DEPUTIES[0] ? new SmsRejectedError('InvalidParameterException: invalid phone number') : undefined));
  const incident = await report();
  await notifyLevel(deps, { incidentId: incident.id, level: 1 });
  await notifyLevel(deps, { incidentId: incident.id, level: 2 });
  expect(sent.map((m) => m.to)).toEqual([PRINCIPAL, DEPUTIES[1]]);
  const failed = (await timeline(incident.id)).find((event) => event.type === 'notify-failed');
  expect(failed).toMatchObject({ level: 2, phone: DEPUTIES[0], reason: expect.stringContaining('invalid phone number') });
});

test('a provider outage is on the timeline with its reason, the level is texted again until its deadline, and only who was missed', async () => {
  let outage = true;
  const { deps, sent, report, timeline } = world((message) => (outage && message.to === DEPUTIES[1] ? new SmsUnavailableError('ThrottlingException: Rate exceeded') : undefined));
  const incident = await report();
  await notifyLevel(deps, { incidentId: incident.id, level: 1 });
  const failing = await notifyLevel(deps, { incidentId: incident.id, level: 2 });
  expect(failing.retryAt).toBeDefined();
  expect(failing.deadline).toBe(incident.deadlines.levels[1]!.at);
  expect((await timeline(incident.id)).find((event) => event.type === 'notify-failed')).toMatchObject({
    level: 2,
    phone: DEPUTIES[1],
    reason: expect.stringContaining('Rate exceeded'),
    retryUntil: incident.deadlines.levels[1]!.at,
  });
  outage = false;
  const retried = await notifyLevel(deps, { incidentId: incident.id, level: 2 });
  expect(retried.retryAt).toBeUndefined();
  expect(sent.map((m) => m.to)).toEqual([PRINCIPAL, ...DEPUTIES]);
});

test("past its deadline, a level's missed text goes out with the next level's, as that level's text", async () => {
  let outage = true;
  const { deps, sent, report, timeline, advanceTo } = world((message) =>
    outage && message.to === DEPUTIES[0] ? new SmsUnavailableError('InternalErrorException: failing') : undefined,
  );
  const incident = await report();
  await notifyLevel(deps, { incidentId: incident.id, level: 1 });
  await notifyLevel(deps, { incidentId: incident.id, level: 2 });
  advanceTo(incident.deadlines.levels[1]!.at);
  const last = await notifyLevel(deps, { incidentId: incident.id, level: 2 });
  expect(last.retryAt).toBeUndefined();
  outage = false;
  await notifyLevel(deps, { incidentId: incident.id, level: 3 });
  const level2 = (await timeline(incident.id)).filter((event) => event.type === 'notified' && event.level === 2 && event.phone === DEPUTIES[0]);
  expect(level2).toHaveLength(1);
  expect(level2[0]!.at >= incident.deadlines.levels[1]!.at).toBe(true);
  expect(sent.filter((m) => m.to === DEPUTIES[0]).length).toBe((await timeline(incident.id)).filter((event) => event.type === 'notified' && event.phone === DEPUTIES[0]).length);
});

test('an error that leaves it unknown whether the text went out: no retry sends it while its claim is live; after the lease it is sent again, marked and counted', async () => {
  let failing = true;
  let wall = 1_000_000;
  const { deps, sent, report, timeline } = world((message) =>
    failing && message.to === DEPUTIES[1] ? Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }) : undefined,
  );
  deps.wallClock = { now: () => new Date(wall) };
  const incident = await report();
  await notifyLevel(deps, { incidentId: incident.id, level: 1 });
  await expect(notifyLevel(deps, { incidentId: incident.id, level: 2 })).rejects.toThrow('socket hang up');
  failing = false;
  await expect(notifyLevel(deps, { incidentId: incident.id, level: 2 })).rejects.toBeInstanceOf(TextsPendingError);
  expect(sent.filter((m) => m.to === DEPUTIES[1])).toHaveLength(0);
  wall += CLAIM_LEASE_MS;
  await notifyLevel(deps, { incidentId: incident.id, level: 2 });
  expect(sent.filter((m) => m.to === DEPUTIES[1])).toHaveLength(1);
  expect((await timeline(incident.id)).find((event) => event.type === 'notified' && event.phone === DEPUTIES[1])).toMatchObject({ resent: true });
});

test('two attempts at the same level at the same moment send each text once', async () => {
  const { deps, sent, report } = world();
  const incident = await report();
  await notifyLevel(deps, { incidentId: incident.id, level: 1 });
  const attempts = await Promise.allSettled([notifyLevel(deps, { incidentId: incident.id, level: 3 }), notifyLevel(deps, { incidentId: incident.id, level: 3 })]);
  expect(attempts.filter((attempt) => attempt.status === 'rejected').every((attempt) => (attempt as PromiseRejectedResult).reason instanceof TextsPendingError)).toBe(true);
  await notifyLevel(deps, { incidentId: incident.id, level: 3 });
  const notified = (await deps.incidents.get(incident.id))!.timeline.filter((event) => event.type === 'notified');
  expect(notified.some((event) => event.level === 3)).toBe(true);
  expect(sent).toHaveLength(notified.length);
});

test('each text carries a link of its own that leads back to its person', async () => {
  const { deps, sent, report } = world();
  const incident = await report();
  await notifyLevel(deps, { incidentId: incident.id, level: 1 });
  await notifyLevel(deps, { incidentId: incident.id, level: 3 });
  const links = sent.map((m) => ({ to: m.to, link: /\/a\/([\w-]+)/.exec(m.body)![1]! }));
  expect(new Set(links.map((l) => l.link)).size).toBe(links.length);
  for (const { to, link } of links) {
    expect(Buffer.from(link, 'base64url').length * 8).toBeGreaterThanOrEqual(64);
    const grant = await deps.incidents.findGrant(link);
    expect(huapu.people.find((person) => person.id === grant!.personId)!.phone).toBe(to);
  }
});

test.each([
  ['nobody acknowledged, a level remains', 1, [], { outcome: 'escalate', level: 2 }],
  ['nobody acknowledged at the top level', 3, [], { outcome: 'unanswered', level: 3 }],
  ['someone acknowledged', 1, ['ack'], { outcome: 'acknowledged', level: 1 }],
  ['the incident was closed', 2, ['close'], { outcome: 'closed', level: 2 }],
] as const)('after a deadline, when %s', async (_, level, actions, expected) => {
  const { deps, report, timeline } = world();
  const incident = await report();
  for (const action of actions) {
    await deps.incidents.append(
      incident.id,
      action === 'ack'
        ? { type: 'acknowledged', key: 'acknowledged:ye-yuanxin', at: incident.reportedAt, personId: 'ye-yuanxin', name: '叶远新' }
        : { type: 'closed', key: 'closed', at: incident.reportedAt, personId: 'ye-yuanxin', name: '叶远新', resolution: '误报' },
    );
  }
  expect(await checkAcknowledgement(deps, { incidentId: incident.id, level })).toMatchObject(expected);
  const unanswered = (await timeline(incident.id)).filter((event) => event.type === 'unanswered');
  expect(unanswered).toHaveLength(expected.outcome === 'unanswered' ? 1 : 0);
});

test('a late report flags the incident once and texts the bureau once, even when the step runs twice', async () => {
  const { deps, sent, report, timeline, advanceTo } = world();
  const incident = await report();
  advanceTo(incident.deadlines.report);
  expect(await checkBureauReport(deps, { incidentId: incident.id })).toMatchObject({ outcome: 'late' });
  await reportLateToBureau(deps, { incidentId: incident.id });
  await reportLateToBureau(deps, { incidentId: incident.id });
  expect(sent.map((m) => m.to)).toEqual(['+8613800000110']);
  expect(sent[0]!.body).toContain('缓报');
  const events = await timeline(incident.id);
  expect(events.filter((event) => event.type === 'late')).toEqual([expect.objectContaining({ at: incident.deadlines.report })]);
  expect(stateOf(events).late).toBe(true);
});

test('a report marked as made before the deadline is not late', async () => {
  const { deps, report } = world();
  const incident = await report();
  await deps.incidents.append(incident.id, { type: 'reported-to-bureau', key: 'reported-to-bureau:ye-yuanxin', at: incident.reportedAt, personId: 'ye-yuanxin', name: '叶远新' });
  expect(await checkBureauReport(deps, { incidentId: incident.id })).toMatchObject({ outcome: 'reported' });
});

test('someone texted at an earlier level is told the level-3 text is a repeat and which level the chain reached', async () => {
  const { deps, sent, report } = world();
  const incident = await report();
  await notifyLevel(deps, { incidentId: incident.id, level: 1 });
  await notifyLevel(deps, { incidentId: incident.id, level: 2 });
  await notifyLevel(deps, { incidentId: incident.id, level: 3 });
  const toPrincipal = sent.filter((message) => message.to === PRINCIPAL).map((message) => message.body);
  expect(toPrincipal).toHaveLength(2);
  expect(toPrincipal[0]).not.toMatch(/提醒/);
  expect(toPrincipal[1]).toMatch(/^(再次提醒·已升级至第3级|再次提醒·第3级) (福成镇)?花铺小学火灾/);
  // Someone texted first at level 3 gets the first alert's wording.
  const firstTimers = sent.filter((message, index) => index > 2 && ![PRINCIPAL, ...DEPUTIES].includes(message.to));
  expect(firstTimers.length).toBeGreaterThan(0);
  for (const message of firstTimers) expect(message.body).toMatch(/^(福成镇)?花铺小学火灾/);
});

test("the incident as the API shows it leaves out the key its texts' links derive from", async () => {
  const { deps, report } = world();
  const incident = await report();
  const record = (await deps.incidents.get(incident.id))!;
  expect(record.incident.linkKey).toBeDefined();
  expect(JSON.stringify(incidentView(record))).not.toContain(record.incident.linkKey!);
});
