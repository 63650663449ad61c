import { readFileSync } from 'node:fs';
import { MemoryIncidentStore, MemoryPhoneStore, MemoryPlanCatalog } from '../../../functions/adapters/memory';
import { CLAIM_LEASE_MS, randomIds, TextsPendingError } from '../../../functions/core/base';
import { callUnconfirmed, notifyLevel, reportLateToBureau, type EscalationDependencies } from '../../../functions/core/escalation';
import { submitIncident, type Incident, type TimelineEvent } from '../../../functions/core/incident';
import { checkPlanFile, formatProblem, type Plan } from '../../../functions/core/plan';
import { CallRejectedError, CallUnavailableError, type OutgoingCall } from '../../../functions/core/voice';
import { fixturePath } from '../plans/support';

/**
 * Voice fallback on in-memory stores: who is called when (callAfter, landlines), that a call is
 * claimed before it is placed, and that STOP and quiet hours hold calls the way the plan says.
 */

const MINIMAL = readFileSync(fixturePath('minimal.yaml'), 'utf8');
const PRINCIPAL = '+8613900000001';

function plan(edit: (text: string) => string = (text) => text): Plan {
  const check = checkPlanFile(edit(MINIMAL), 'test.yaml');
  if (!check.ok) throw new Error(check.problems.map(formatProblem).join('\n'));
  return check.plan;
}

const problems = (edit: (text: string) => string) => {
  const check = checkPlanFile(edit(MINIMAL), 'test.yaml');
  return check.ok ? [] : check.problems.map(formatProblem);
};

describe('landlines in a plan', () => {
  it.each([
    ['010-12345678', '+861012345678'],
    ['0755-1234567', '+867551234567'],
    ['(010) 1234 5678', '+861012345678'],
    ['+86 10 1234 5678', '+861012345678'],
    ['+86-771-555-1110', '+867715551110'],
    ['07715551110', '+867715551110'],
  ])('accepts %s and stores it as %s', (written, e164) => {
    const loaded = plan((text) => text.replace('roles: [bureau-duty-desk], unit', `landline: "${written}", roles: [bureau-duty-desk], unit`));
    expect(loaded.people.find((person) => person.id === 'bureau')!.landline).toBe(e164);
  });

  it.each(['12345678', '010-123', '+1 212 555 0100', '13900000009', '010-1234-56789'])('refuses %s, saying how a landline is written', (written) => {
    const found = problems((text) => text.replace('roles: [bureau-duty-desk], unit', `landline: "${written}", roles: [bureau-duty-desk], unit`));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/people\[1\]\.landline: a landline is an area code and number, e\.g\. "010-12345678"/);
  });

  it('accepts someone with only a landline', () => {
    const loaded = plan((text) => text.replace('phone: "+8613900000009", roles: [bureau-duty-desk]', 'landline: "0771-5551110", roles: [bureau-duty-desk]'));
    expect(loaded.people.find((person) => person.id === 'bureau')).toMatchObject({ landline: '+867715551110' });
    expect(loaded.people.find((person) => person.id === 'bureau')!.phone).toBeUndefined();
  });

  it('refuses a callAfter that would come after the level’s window', () => {
    expect(problems((text) => text.replace('within: 10m }', 'within: 10m, callAfter: 10m }'))).toEqual([
      expect.stringContaining('chains.accident.levels[0].callAfter: level 1 is called 10m after its text, but its window is only 10m'),
    ]);
    expect(problems((text) => text.replace('    levels:', '    callAfter: 15m\n    levels:'))).toEqual([
      expect.stringContaining('chains.accident.callAfter: level 1 is called 15m'),
    ]);
  });
});

function world(loaded: Plan, options: { failCall?: (call: OutgoingCall) => Error | undefined; placing?: () => Promise<void> } = {}) {
  let now = new Date('2026-03-05T02:00:00Z'); // 10:00 in Beijing
  let wall = 1_000_000;
  const calls: (OutgoingCall & { at: string })[] = [];
  const deps: EscalationDependencies & { escalations: { start: () => Promise<void> } } = {
    incidents: new MemoryIncidentStore(),
    plans: new MemoryPlanCatalog([loaded]),
    sms: { send: async () => ({ messageId: `m${Math.random()}` }) },
    calls: {
      call: async (call) => {
        const failure = options.failCall?.(call);
        if (failure) throw failure;
        await options.placing?.();
        calls.push({ ...call, at: now.toISOString() });
        return { callId: `c${calls.length}` };
      },
    },
    clock: { now: () => now },
    wallClock: { now: () => new Date(wall) },
    ids: randomIds,
    phones: new MemoryPhoneStore(),
    links: { actionLink: (token) => `https://yj.example.cn/a/${token}` },
    escalations: { start: async () => undefined },
  };
  const report = async () =>
    (await submitIncident(deps, { plan: loaded, report: { planId: loaded.id, category: 'fire', place: '3号楼', description: '冒烟', reporter: {} }, channel: 'web' })).record
      .incident;
  const timeline = async (id: string) => (await deps.incidents.get(id))!.timeline;
  /** Records the principal as texted at level 1 when the incident was reported, as notify-level would, without a text. */
  const textedPrincipal = (incident: Incident) =>
    deps.incidents.append(incident.id, {
      type: 'notified',
      key: 'notified:1:principal',
      at: incident.reportedAt,
      level: 1,
      personId: 'principal',
      name: '张校长',
      phone: PRINCIPAL,
      messageId: 'm',
    });
  return { deps, calls, report, timeline, textedPrincipal, advanceTo: (iso: string) => (now = new Date(iso)), passWallClock: (ms: number) => (wall += ms) };
}

const types = (timeline: TimelineEvent[]) => timeline.map((event) => event.type);

describe('calls at a level', () => {
  it('calls the unconfirmed principal halfway through the window, once, even when the step runs twice', async () => {
    const { deps, calls, report, timeline, advanceTo } = world(plan());
    const incident = await report();
    const notified = await notifyLevel(deps, { incidentId: incident.id, level: 1 });
    expect(notified.callAt).toBe('2026-03-05T02:05:00.000Z');
    // Too early: nobody is called, and the next round is the same instant.
    expect(await callUnconfirmed(deps, { incidentId: incident.id, level: 1, deadline: notified.deadline })).toMatchObject({ callAt: notified.callAt });
    expect(calls).toEqual([]);
    advanceTo(notified.callAt!);
    const round = await callUnconfirmed(deps, { incidentId: incident.id, level: 1, deadline: notified.deadline });
    await callUnconfirmed(deps, { incidentId: incident.id, level: 1, deadline: notified.deadline });
    expect(round.callAt).toBeUndefined();
    expect(calls.map((call) => [call.to, call.at])).toEqual([[PRINCIPAL, '2026-03-05T02:05:00.000Z']]);
    expect(calls[0]!.text).toMatch(/^这里是应急平台。示例小学发生火灾，地点：3号楼。事件编号：[A-Z2-9 ]{11}。请点击刚才短信中的链接确认。再说一遍/);
    expect((await timeline(incident.id)).filter((event) => event.type === 'called')).toEqual([
      expect.objectContaining({ level: 1, personId: 'principal', to: PRINCIPAL, at: '2026-03-05T02:05:00.000Z' }),
    ]);
  });

  it('claims a call as a text is claimed: a call in flight elsewhere is not placed again; a claim nobody recorded is taken over after its lease, marked resent', async () => {
    let placed!: () => void;
    const held = new Promise<void>((resolve) => (placed = resolve));
    let first = true;
    const { deps, calls, report, timeline, advanceTo } = world(plan(), {
      placing: async () => {
        if (!first) return;
        first = false;
        await held;
      },
    });
    const incident = await report();
    const { deadline, callAt } = await notifyLevel(deps, { incidentId: incident.id, level: 1 });
    advanceTo(callAt!);
    const step = { incidentId: incident.id, level: 1, deadline };
    const placing = callUnconfirmed(deps, step);
    await expect(callUnconfirmed(deps, step)).rejects.toThrow(TextsPendingError);
    placed();
    await placing;
    await callUnconfirmed(deps, step);
    expect(calls.map((call) => call.to)).toEqual([PRINCIPAL]);

    // A process that claimed the call and died before recording it: the claim is taken over once its lease has run out.
    const crashed = world(plan());
    const other = await crashed.report();
    const notified = await notifyLevel(crashed.deps, { incidentId: other.id, level: 1 });
    crashed.advanceTo(notified.callAt!);
    const lost = { ...crashed.deps, calls: { call: () => new Promise<never>(() => undefined) } };
    void callUnconfirmed(lost, { incidentId: other.id, level: 1, deadline: notified.deadline });
    await new Promise((resolve) => setImmediate(resolve));
    await expect(callUnconfirmed(crashed.deps, { incidentId: other.id, level: 1, deadline: notified.deadline })).rejects.toThrow(TextsPendingError);
    crashed.passWallClock(CLAIM_LEASE_MS + 1);
    await callUnconfirmed(crashed.deps, { incidentId: other.id, level: 1, deadline: notified.deadline });
    expect(crashed.calls.map((call) => call.to)).toEqual([PRINCIPAL]);
    expect((await crashed.timeline(other.id)).filter((event) => event.type === 'called')).toEqual([expect.objectContaining({ personId: 'principal', resent: true })]);
    expect((await timeline(incident.id)).filter((event) => event.type === 'called')).toEqual([expect.not.objectContaining({ resent: true })]);
  });

  it('a call whose answer was lost is not placed again while its claim is live; after the lease it is, marked resent', async () => {
    let lost = true;
    const { deps, calls, report, timeline, advanceTo, passWallClock } = world(plan(), {
      failCall: () => (lost ? Object.assign(new Error('socket hang up'), { name: 'CallOutcomeUnknownError' }) : undefined),
    });
    const incident = await report();
    const { deadline, callAt } = await notifyLevel(deps, { incidentId: incident.id, level: 1 });
    advanceTo(callAt!);
    const step = { incidentId: incident.id, level: 1, deadline };
    await expect(callUnconfirmed(deps, step)).rejects.toThrow('socket hang up');
    lost = false;
    await expect(callUnconfirmed(deps, step)).rejects.toThrow(TextsPendingError);
    expect(calls).toEqual([]);
    passWallClock(CLAIM_LEASE_MS + 1);
    await callUnconfirmed(deps, step);
    expect(calls.map((call) => call.to)).toEqual([PRINCIPAL]);
    expect((await timeline(incident.id)).filter((event) => event.type === 'called')).toEqual([expect.objectContaining({ personId: 'principal', resent: true })]);
  });

  it('takes callAfter from the level, else the chain', async () => {
    const levelSays = world(plan((text) => text.replace('within: 10m }', 'within: 10m, callAfter: 3m }')));
    const first = await levelSays.report();
    expect((await notifyLevel(levelSays.deps, { incidentId: first.id, level: 1 })).callAt).toBe('2026-03-05T02:03:00.000Z');
    const chainSays = world(plan((text) => text.replace('    levels:', '    callAfter: 7m\n    levels:')));
    const second = await chainSays.report();
    expect((await notifyLevel(chainSays.deps, { incidentId: second.id, level: 1 })).callAt).toBe('2026-03-05T02:07:00.000Z');
  });

  it('calls nobody once someone has acknowledged', async () => {
    const { deps, calls, report, advanceTo } = world(plan());
    const incident = await report();
    const { deadline, callAt } = await notifyLevel(deps, { incidentId: incident.id, level: 1 });
    await deps.incidents.append(incident.id, { type: 'acknowledged', key: 'acknowledged:principal', at: '2026-03-05T02:02:00.000Z', personId: 'principal', name: '张校长' });
    advanceTo(callAt!);
    await callUnconfirmed(deps, { incidentId: incident.id, level: 1, deadline });
    expect(calls).toEqual([]);
  });

  it('calls someone with only a landline at once, and never texts them', async () => {
    const loaded = plan((text) => text.replace('phone: "+8613900000001", roles: [principal]', 'landline: "010-12345678", roles: [principal]'));
    const { deps, calls, report, timeline } = world(loaded);
    const incident = await report();
    const notified = await notifyLevel(deps, { incidentId: incident.id, level: 1 });
    expect(notified.callAt).toBe('2026-03-05T02:00:00.000Z');
    await callUnconfirmed(deps, { incidentId: incident.id, level: 1, deadline: notified.deadline });
    expect(calls.map((call) => call.to)).toEqual(['+861012345678']);
    expect(calls[0]!.text).toContain('请登录应急平台或致电学校确认');
    expect(types(await timeline(incident.id))).not.toContain('notified');
    expect(types(await timeline(incident.id))).not.toContain('skipped');
  });

  it('does not call a number that sent STOP, and says so on the timeline', async () => {
    const { deps, calls, report, timeline, advanceTo } = world(plan());
    await deps.phones.setOptedOut(PRINCIPAL, true, '2026-03-01T00:00:00Z');
    const incident = await report();
    advanceTo('2026-03-05T02:05:00.000Z');
    await callUnconfirmed(deps, { incidentId: incident.id, level: 1, deadline: '2026-03-05T02:10:00.000Z' });
    expect(calls).toEqual([]);
    expect((await timeline(incident.id)).find((event) => event.type === 'call-failed')).toMatchObject({ personId: 'principal', reason: 'the number has opted out (STOP)' });
  });

  it('holds calls to mobiles in quiet hours, but not for a stability event', async () => {
    const quiet = plan((text) => `${text}quietHours: { from: "09:00", to: "18:00" }\n`);
    const held = world(quiet);
    const incident = await held.report();
    held.advanceTo('2026-03-05T02:05:00.000Z');
    await held.textedPrincipal(incident);
    await callUnconfirmed(held.deps, { incidentId: incident.id, level: 1, deadline: '2026-03-05T02:10:00.000Z' });
    expect(held.calls).toEqual([]);
    expect((await held.timeline(incident.id)).find((event) => event.type === 'call-failed')).toMatchObject({ reason: expect.stringContaining('quiet hours (09:00–18:00)') });

    const stability = plan((text) => `${text.replace('kind: safety', 'kind: stability')}quietHours: { from: "09:00", to: "18:00" }\n`);
    const rung = world(stability);
    const petition = await rung.report();
    rung.advanceTo('2026-03-05T02:05:00.000Z');
    await callUnconfirmed(rung.deps, { incidentId: petition.id, level: 1, deadline: '2026-03-05T02:10:00.000Z' });
    expect(rung.calls.map((call) => call.to)).toEqual([PRINCIPAL]);
  });

  it('records a number that cannot be called, and retries a call the provider could not take yet', async () => {
    let outage = true;
    const { deps, calls, report, timeline, advanceTo } = world(plan(), {
      failCall: () => (outage ? new CallUnavailableError('ThrottlingException: Rate exceeded') : undefined),
    });
    const incident = await report();
    advanceTo('2026-03-05T02:05:00.000Z');
    const step = { incidentId: incident.id, level: 1, deadline: '2026-03-05T02:10:00.000Z' };
    await expect(callUnconfirmed(deps, step)).rejects.toThrow('Rate exceeded');
    outage = false;
    await callUnconfirmed(deps, step);
    expect(calls.map((call) => call.to)).toEqual([PRINCIPAL]);

    const refused = world(plan(), { failCall: () => new CallRejectedError('ValidationException: DESTINATION_COUNTRY_BLOCKED') });
    const other = await refused.report();
    refused.advanceTo('2026-03-05T02:05:00.000Z');
    await refused.textedPrincipal(other);
    await callUnconfirmed(refused.deps, { ...step, incidentId: other.id });
    await callUnconfirmed(refused.deps, { ...step, incidentId: other.id });
    expect((await refused.timeline(other.id)).filter((event) => event.type === 'call-failed')).toEqual([
      expect.objectContaining({ reason: 'ValidationException: DESTINATION_COUNTRY_BLOCKED' }),
    ]);
    expect(types(await timeline(incident.id))).toContain('called');
  });

  it('calls the bureau’s landline when the report is late', async () => {
    const loaded = plan((text) => text.replace('roles: [bureau-duty-desk], unit', 'landline: "0771-5551110", roles: [bureau-duty-desk], unit'));
    const { deps, calls, report, advanceTo } = world(loaded);
    const incident = await report();
    advanceTo(incident.deadlines.report);
    await reportLateToBureau(deps, { incidentId: incident.id });
    await reportLateToBureau(deps, { incidentId: incident.id });
    expect(calls.map((call) => [call.to, call.at])).toEqual([['+867715551110', incident.deadlines.report]]);
    expect(calls[0]!.text).toContain('未按时上报');
  });
});
