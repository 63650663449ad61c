import { MemoryIncidentStore, MemoryPhoneStore, MemoryPlanCatalog } from '../../../functions/adapters/memory';
import { checkAcknowledgement, checkBureauReport, notifyLevel, reportLateToBureau, type EscalationDependencies } from '../../../functions/core/escalation/escalation';
import { randomIds } from '../../../functions/core/base/ids';
import { stateOf } from '../../../functions/core/incident/model';
import { submitIncident } from '../../../functions/core/incident/intake';
import { SmsRejectedError, type OutgoingSms } from '../../../functions/core/sms/ports';
import { seedPlan } from '../../support/plans';

/** The workflow's steps on in-memory stores: what a retry, a bad number or an outage does. */

const huapu = seedPlan('huapu-primary.yaml');
const PRINCIPAL = '+8613800000101';
const DEPUTIES = ['+8613800000102', '+8613800000103'];

function world(sendFails: (message: OutgoingSms) => Error | undefined = () => undefined) {
  let now = new Date('2026-03-05T08:00:00Z');
  const sent: OutgoingSms[] = [];
  const deps: EscalationDependencies & { escalations: { start: () => Promise<void> } } = {
    incidents: new MemoryIncidentStore(),
    plans: new MemoryPlanCatalog([huapu]),
    sms: {
      send: async (message) => {
        const failure = sendFails(message);
        if (failure) throw failure;
        sent.push(message);
        return { messageId: `m${sent.length}` };
      },
    },
    clock: { now: () => now },
    ids: randomIds,
    phones: new MemoryPhoneStore(),
    links: { actionLink: (token) => `https://yj.example.cn/a/${token}` },
    escalations: { start: async () => undefined },
  };
  const report = async (category = 'fire') => {
    const { record } = await submitIncident(deps, {
      report: { planId: 'huapu-primary', category, place: '3号楼', description: '冒烟', reporter: {} },
      channel: 'web',
    });
    return record.incident;
  };
  const timeline = async (id: string) => (await deps.incidents.get(id))!.timeline;
  return { deps, sent, report, timeline, advanceTo: (iso: string) => (now = new Date(iso)) };
}

test('a retried notification step texts nobody twice', async () => {
  const { deps, sent, report } = world();
  const incident = await report();
  const first = await notifyLevel(deps, { incidentId: incident.id, level: 1 });
  await notifyLevel(deps, { incidentId: incident.id, level: 1 });
  expect(sent.map((m) => m.to)).toEqual([PRINCIPAL]);
  expect(first.deadline).toBe(incident.deadlines.levels[0]!.at);
});

test('a number that cannot be texted is recorded and the rest of the level still gets theirs', async () => {
  const { deps, sent, report, timeline } = world((message) =>
    message.to === DEPUTIES[0] ? new SmsRejectedError('InvalidParameterException: invalid phone number') : undefined,
  );
  const incident = await report();
  await notifyLevel(deps, { incidentId: incident.id, level: 2 });
  expect(sent.map((m) => m.to)).toEqual([DEPUTIES[1]]);
  const failed = (await timeline(incident.id)).find((event) => event.type === 'notify-failed');
  expect(failed).toMatchObject({ level: 2, phone: DEPUTIES[0], reason: expect.stringContaining('invalid phone number') });
});

test('an outage fails the step so the workflow retries it, and the retry texts only who was missed', async () => {
  let outage = true;
  const { deps, sent, report } = world((message) => (outage && message.to === DEPUTIES[1] ? Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }) : undefined));
  const incident = await report();
  await expect(notifyLevel(deps, { incidentId: incident.id, level: 2 })).rejects.toThrow('Rate exceeded');
  outage = false;
  await notifyLevel(deps, { incidentId: incident.id, level: 2 });
  expect(sent.map((m) => m.to)).toEqual(DEPUTIES);
});

test('each text carries a link of its own that stays the same for that person', async () => {
  const { deps, sent, report } = world();
  const incident = await report();
  await notifyLevel(deps, { incidentId: incident.id, level: 1 });
  await notifyLevel(deps, { incidentId: incident.id, level: 3 });
  const links = sent.map((m) => ({ to: m.to, link: /\/a\/([\w-]+)/.exec(m.body)![1] }));
  const principalLinks = links.filter((l) => l.to === PRINCIPAL).map((l) => l.link);
  expect(new Set(principalLinks).size).toBe(1);
  expect(new Set(links.map((l) => l.link)).size).toBe(new Set(links.map((l) => l.to)).size);
  for (const { link } of links) expect(Buffer.from(link, 'base64url').length * 8).toBeGreaterThanOrEqual(64);
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
    await deps.incidents.append(incident.id, action === 'ack'
      ? { type: 'acknowledged', key: 'acknowledged:ye-yuanxin', at: incident.reportedAt, personId: 'ye-yuanxin', name: '叶远新' }
      : { type: 'closed', key: 'closed', at: incident.reportedAt, personId: 'ye-yuanxin', name: '叶远新', resolution: '误报' });
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
  expect(toPrincipal[1]).toMatch(/^(再次提醒·已升级至第3级|再次提醒·第3级) 火灾/);
  // Someone texted first at level 3 gets the first alert's wording.
  const firstTimers = sent.filter((message, index) => index > 2 && ![PRINCIPAL, ...DEPUTIES].includes(message.to));
  expect(firstTimers.length).toBeGreaterThan(0);
  for (const message of firstTimers) expect(message.body).toMatch(/^火灾/);
});
