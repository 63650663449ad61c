import { CLAIM_LEASE_MS, ConflictError, ForbiddenError, TooManyRequestsError } from '../../../functions/core/base';
import { checkAcknowledgement, notifyLevel, remindAgain } from '../../../functions/core/escalation';
import { confirmationBoard, type TimelineEvent } from '../../../functions/core/incident';
import { chainOf, type Caller } from '../../../functions/core/plan';
import type { OutgoingCall } from '../../../functions/core/voice';
import { seedPlan } from '../../support/plans';
import { world } from '../../support/world';

/**
 * "Remind again" (再次提醒) on in-memory stores: who may, whom it reaches, at most one round in five
 * minutes however many ask at once, each round's text to each person exactly once, and the
 * confirmation board read off the same timeline.
 */

const huapu = seedPlan('huapu-primary.yaml');
const PRINCIPAL: Caller = { subject: 'p', phone: '+8613800000101', groups: ['school:huapu-primary'] };
const DEPUTY: Caller = { subject: 'd', phone: '+8613800000102', groups: ['school:huapu-primary'] };
const DUTY_LEAD: Caller = { subject: 'l', phone: '+8613800000108', groups: ['school:huapu-primary'] };
const BUREAU: Caller = { subject: 'b', phone: '+8613800000110', groups: ['bureau:yinhai-education-bureau'] };
const START = new Date('2026-03-05T08:00:00Z');
const minutes = (n: number) => new Date(START.getTime() + n * 60_000);

async function atLevel2() {
  const calls: OutgoingCall[] = [];
  const w = world({ plans: [huapu], start: START });
  w.deps.calls = { call: async (call) => (calls.push(call), { callId: `c${calls.length}` }) };
  const incident = await w.report();
  await notifyLevel(w.deps, { incidentId: incident.id, level: 1 });
  w.advanceTo(minutes(10));
  await checkAcknowledgement(w.deps, { incidentId: incident.id, level: 1 });
  await notifyLevel(w.deps, { incidentId: incident.id, level: 2 });
  w.sent.length = 0;
  calls.length = 0;
  return { ...w, incident, calls };
}

const reminders = (timeline: TimelineEvent[]) => timeline.filter((event) => event.type === 'reminded');

it('texts and calls everyone unconfirmed at the current level once, says it is a reminder, and records who asked and whom', async () => {
  const { deps, sent, calls, incident, timeline, advanceTo } = await atLevel2();
  await deps.incidents.append(incident.id, { type: 'acknowledged', key: 'acknowledged:lai-mingqing', at: minutes(10).toISOString(), personId: 'lai-mingqing', name: '赖铭庆' });
  advanceTo(minutes(11));
  const outcome = await remindAgain(deps, incident.id, PRINCIPAL);
  // Level 2 is the deputies; 赖铭庆 confirmed, so only 陈祖伟 is reminded.
  expect(outcome).toMatchObject({ round: 1, level: 2, reached: [{ personId: 'chen-zuwei', name: '陈祖伟', texted: true, called: true }], nextAt: minutes(16).toISOString() });
  expect(sent.map((text) => text.to)).toEqual(['+8613800000102']);
  expect(sent[0]!.body).toMatch(/^再次提醒 福成镇花铺小学火灾/);
  expect(calls.map((call) => call.to)).toEqual(['+8613800000102']);
  expect(reminders(await timeline(incident.id))).toEqual([
    expect.objectContaining({ round: 1, level: 2, personId: 'ye-yuanxin', name: '叶远新', at: minutes(11).toISOString(), to: [{ personId: 'chen-zuwei', name: '陈祖伟' }] }),
  ]);
  const row = confirmationBoard(huapu, chainOf(huapu, 'fire'), await timeline(incident.id)).find((entry) => entry.personId === 'chen-zuwei')!;
  expect(row).toMatchObject({
    level: 2,
    texted: { at: minutes(10).toISOString(), level: 2 },
    reminded: { round: 1, at: minutes(11).toISOString() },
    called: { at: minutes(11).toISOString() },
    confirmed: null,
  });
});

it('allows one round in five minutes: a second request is refused with when it may be retried, and a round after that reminds again', async () => {
  const { deps, sent, incident, advanceTo } = await atLevel2();
  advanceTo(minutes(11));
  await remindAgain(deps, incident.id, PRINCIPAL);
  advanceTo(minutes(14));
  const refused = await remindAgain(deps, incident.id, DEPUTY).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(TooManyRequestsError);
  expect(refused).toMatchObject({ retryAt: minutes(16).toISOString(), retryAfterSeconds: 120 });
  expect((refused as Error).message).toContain('叶远新 reminded level 2');
  expect(sent).toHaveLength(2);
  advanceTo(minutes(16));
  expect(await remindAgain(deps, incident.id, DEPUTY)).toMatchObject({ round: 2, level: 2 });
  expect(sent.map((text) => text.to).sort()).toEqual(['+8613800000102', '+8613800000102', '+8613800000103', '+8613800000103']);
});

it('of requests at the same moment exactly one sends a round; each person gets its text once', async () => {
  const { deps, sent, calls, incident, timeline, advanceTo } = await atLevel2();
  advanceTo(minutes(12));
  const results = await Promise.allSettled([PRINCIPAL, DEPUTY, DUTY_LEAD, PRINCIPAL].map((caller) => remindAgain(deps, incident.id, caller)));
  expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  for (const result of results.filter((entry) => entry.status === 'rejected')) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(TooManyRequestsError);
  expect(sent.map((text) => text.to).sort()).toEqual(['+8613800000102', '+8613800000103']);
  expect(calls.map((call) => call.to).sort()).toEqual(['+8613800000102', '+8613800000103']);
  expect(reminders(await timeline(incident.id))).toHaveLength(1);
});

it('a round cut short is finished by the next request, which is still told to wait', async () => {
  const { deps, sent, incident, timeline, advanceTo } = await atLevel2();
  let wall = 1_000_000;
  deps.wallClock = { now: () => new Date(wall) };
  const send = deps.sms.send;
  deps.sms.send = async (message) => {
    if (message.to === '+8613800000103') throw new Error('the process died');
    return send(message);
  };
  advanceTo(minutes(11));
  await expect(remindAgain(deps, incident.id, PRINCIPAL)).rejects.toThrow('the process died');
  deps.sms.send = send;
  // The text that died holds its claim until the lease runs out (it may have gone out): then it is sent, once.
  await expect(remindAgain(deps, incident.id, PRINCIPAL)).rejects.toThrow(TooManyRequestsError);
  expect(sent.map((text) => text.to)).toEqual(['+8613800000102']);
  wall += CLAIM_LEASE_MS + 1;
  await expect(remindAgain(deps, incident.id, PRINCIPAL)).rejects.toThrow(TooManyRequestsError);
  expect(sent.map((text) => text.to).sort()).toEqual(['+8613800000102', '+8613800000103']);
  expect(
    (await timeline(incident.id))
      .filter((event) => event.type === 'notified' && event.round === 1)
      .map((event) => event.key)
      .sort(),
  ).toEqual(['notified:remind-1:chen-zuwei', 'notified:remind-1:lai-mingqing']);
});

it('is refused to the bureau and to anyone not on the chain, and when everyone at the level has confirmed', async () => {
  const { deps, incident, advanceTo, sent } = await atLevel2();
  advanceTo(minutes(11));
  await expect(remindAgain(deps, incident.id, BUREAU)).rejects.toThrow(ForbiddenError);
  await expect(remindAgain(deps, incident.id, { subject: 'x', phone: '+8619999999999', groups: ['school:huapu-primary'] })).rejects.toThrow(ForbiddenError);
  await expect(remindAgain(deps, incident.id, { ...PRINCIPAL, groups: ['school:zihe-middle'] })).rejects.toThrow(ForbiddenError);
  for (const [personId, name] of [
    ['chen-zuwei', '陈祖伟'],
    ['lai-mingqing', '赖铭庆'],
  ]) {
    await deps.incidents.append(incident.id, { type: 'acknowledged', key: `acknowledged:${personId}`, at: minutes(10).toISOString(), personId: personId!, name: name! });
  }
  await expect(remindAgain(deps, incident.id, DUTY_LEAD)).rejects.toThrow(ConflictError);
  expect(sent).toEqual([]);
});

it('the confirmation board: a row per person on the chain, texted, delivered, called and confirmed, read off the timeline', () => {
  const at = (n: number) => minutes(n).toISOString();
  const timeline: TimelineEvent[] = [
    { type: 'notified', key: 'notified:1:ye-yuanxin', at: at(0), level: 1, personId: 'ye-yuanxin', name: '叶远新', phone: '+8613800000101', messageId: 'm1' },
    { type: 'delivered', key: 'delivery:m1', at: at(1), level: 1, personId: 'ye-yuanxin', phone: '+8613800000101', messageId: 'm1' },
    { type: 'called', key: 'called:1:ye-yuanxin', at: at(5), level: 1, personId: 'ye-yuanxin', name: '叶远新', to: '+8613800000101', callId: 'c1' },
    { type: 'notified', key: 'notified:2:chen-zuwei', at: at(10), level: 2, personId: 'chen-zuwei', name: '陈祖伟', phone: '+8613800000102', messageId: 'm2' },
    { type: 'acknowledged', key: 'acknowledged:chen-zuwei', at: at(12), personId: 'chen-zuwei', name: '陈祖伟' },
    {
      type: 'notify-failed',
      key: 'notify-failed:2:lai-mingqing',
      at: at(10),
      level: 2,
      personId: 'lai-mingqing',
      name: '赖铭庆',
      phone: '+8613800000103',
      reason: 'the number has opted out (STOP)',
    },
    {
      type: 'called',
      key: 'called:report:yinhai-bureau-duty',
      at: at(120),
      level: 'report',
      personId: 'yinhai-bureau-duty',
      name: '银海区教育局值班室',
      to: '+867715551110',
      callId: 'c2',
    },
    { type: 'received', key: 'received:yinhai-bureau-duty', at: at(125), personId: 'yinhai-bureau-duty', name: '银海区教育局值班室' },
  ];
  const rows = confirmationBoard(huapu, chainOf(huapu, 'fire'), timeline);
  expect(rows.map((row) => [row.personId, row.level])).toEqual([
    ['ye-yuanxin', 1],
    ['chen-zuwei', 2],
    ['lai-mingqing', 2],
    ['xie-yongyu', 3],
    ['wang-ying', 3],
    ['cheng-chongbao', 3],
    ['yinhai-bureau-duty', 'report'],
  ]);
  const by = (id: string) => rows.find((row) => row.personId === id)!;
  expect(by('ye-yuanxin')).toMatchObject({ texted: { at: at(0) }, delivered: { at: at(1) }, called: { at: at(5), to: '+8613800000101' }, confirmed: null, problem: null });
  expect(by('chen-zuwei')).toMatchObject({ texted: { at: at(10), level: 2 }, delivered: null, confirmed: { kind: 'acknowledged', at: at(12) } });
  expect(by('lai-mingqing')).toMatchObject({ texted: null, confirmed: null, problem: { reason: 'the number has opted out (STOP)' } });
  expect(by('xie-yongyu')).toMatchObject({ texted: null, delivered: null, called: null, confirmed: null });
  expect(by('yinhai-bureau-duty')).toMatchObject({
    roles: ['银海区教育局值班室'],
    texted: null,
    called: { at: at(120), to: '+867715551110' },
    confirmed: { kind: 'received', at: at(125) },
  });
});
