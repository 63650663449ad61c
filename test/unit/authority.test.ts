import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { openActionLink, takeAction } from '../../functions/core/incident/actions';
import type { Caller } from '../../functions/core/plan/access';
import { actAsCaller, incidentFor } from '../../functions/core/incident/console';
import { ForbiddenError } from '../../functions/core/base/errors';
import { checkAcknowledgement, checkBureauReport, notifyLevel } from '../../functions/core/escalation/escalation';
import { textLink } from '../../functions/core/escalation/texting';
import { stateOf } from '../../functions/core/incident/model';
import { receiveSms } from '../../functions/core/inbound/inbound';
import { submitIncident } from '../../functions/core/incident/intake';
import { createHandler as dutyRoster } from '../../functions/duty-roster/handler';
import { createHandler as getIncident } from '../../functions/get-incident/handler';
import { createHandler as incidentAction } from '../../functions/incident-action/handler';
import { createHandler as listIncidents } from '../../functions/list-incidents/handler';
import { createHandler as me } from '../../functions/me/handler';
import { createHandler as scheduledReports } from '../../functions/scheduled-reports/handler';
import { seedPlan } from '../support/plans';
import { smsWorld } from '../support/world';

/**
 * Who may stop a chain, report to the bureau, or act for a school (DESIGN.md 7), on in-memory
 * stores: each case a school or a bureau ran into, by link, SMS and console alike.
 */

const plans = ['huapu-primary.yaml', 'xuegongzuobu.yaml', 'zihe-middle.yaml'].map(seedPlan);
const PHONE = {
  principal: '+8613800000101',
  deputies: ['+8613800000102', '+8613800000103'],
  logistics: '+8613800000106',
  bureau: '+8613800000110',
  petitionTeam: '+8613800000204',
  zihePrincipal: '+8613800000401',
};
const signedIn = (groups: string[], phone: string): Caller => ({ subject: `user-${phone}`, phone, groups });
const BUREAU = signedIn(['bureau:yinhai-education-bureau'], PHONE.bureau);
const LOGISTICS = signedIn(['school:huapu-primary'], PHONE.logistics);
const PRINCIPAL = signedIn(['school:huapu-primary'], PHONE.principal);

function world() {
  const { deps, sent, later } = smsWorld({ plans, rosterRoles: true, settings: { smsReplyCodes: true, smsDefaultPlanId: undefined } });
  let inbound = 0;
  const report = async (planId: string, category: string) =>
    (
      await submitIncident(deps, {
        plan: plans.find((plan) => plan.id === planId)!,
        report: { planId, category, place: '校门口', description: '几十名家长聚集', reporter: {} },
        channel: 'web',
      })
    ).record.incident;
  const text = (from: string, body: string) => receiveSms(deps, { messageId: `in-${++inbound}`, from, body });
  const timeline = async (id: string) => (await deps.incidents.get(id))!.timeline;
  const linkOf = async (incidentId: string, personId: string) => {
    const { incident, timeline: events } = (await deps.incidents.get(incidentId))!;
    const texted = events.find((event) => event.type === 'notified' && event.personId === personId);
    return textLink(incident, texted?.type === 'notified' ? texted.level : 1, personId);
  };
  const textTo = (phone: string) => sent.filter((message) => message.to === phone);
  return { deps, sent, report, text, timeline, linkOf, textTo, advance: (minutes: number) => later(minutes * 60_000) };
}

describe('who may stop the chain', () => {
  test('plan 1, a collective petition: the bureau desk, texted at once for information, answers "1" and the chain goes on', async () => {
    const { deps, report, text, timeline, textTo, advance } = world();
    const incident = await report('huapu-primary', 'collective-petition');
    await notifyLevel(deps, { incidentId: incident.id, level: 1 });
    // The bureau's text says it is for information; the principal's asks them to acknowledge.
    expect(textTo(PHONE.bureau)[0]!.body).toMatch(/^供知悉:福成镇花铺小学集体上访.* 回1已阅 https:/);
    expect(textTo(PHONE.principal)[0]!.body).toMatch(/回1确认/);

    advance(2);
    const answer = await text(PHONE.bureau, '1');
    expect(answer.answer).toContain('已阅');
    expect(answer.answer).toContain('不停止升级');
    expect(answer.answer).not.toContain('升级已停止');
    const events = await timeline(incident.id);
    expect(events).toContainEqual(expect.objectContaining({ type: 'received', personId: 'yinhai-bureau-duty' }));
    expect(stateOf(events).acknowledged).toBe(false);

    advance(8);
    expect(await checkAcknowledgement(deps, { incidentId: incident.id, level: 1 })).toMatchObject({ outcome: 'escalate', level: 2 });
    await notifyLevel(deps, { incidentId: incident.id, level: 2 });
    for (const deputy of PHONE.deputies) expect(textTo(deputy)).toHaveLength(1);
  });

  test("plan 2: the petition team, told immediately, cannot stop the leaders' chain by link; its 已阅 is recorded", async () => {
    const { deps, report, timeline, linkOf } = world();
    const incident = await report('xuegongzuobu', 'collective-petition');
    await notifyLevel(deps, { incidentId: incident.id, level: 1 });
    const token = await linkOf(incident.id, 'petition-team-leader');
    expect((await openActionLink(deps, token)).actions).toEqual(['received']);
    await expect(takeAction(deps, token, { action: 'ack' })).rejects.toThrow(
      new ForbiddenError('You were told for information: record 已阅 (received) instead. Only 值班领导、学工作部主要领导 can take charge and stop the escalation.'),
    );
    await takeAction(deps, token, { action: 'received' });
    expect(stateOf(await timeline(incident.id)).acknowledged).toBe(false);
    expect(await checkAcknowledgement(deps, { incidentId: incident.id, level: 1 })).toMatchObject({ outcome: 'escalate' });
  });

  test("someone on the chain's levels still stops it with the same reply", async () => {
    const { deps, report, text, timeline } = world();
    const incident = await report('huapu-primary', 'collective-petition');
    await notifyLevel(deps, { incidentId: incident.id, level: 1 });
    expect((await text(PHONE.principal, '1')).answer).toContain('升级已停止');
    expect(stateOf(await timeline(incident.id)).acknowledgedBy?.personId).toBe('ye-yuanxin');
  });
});

describe('who may mark the incident reported', () => {
  test('the logistics leader (level 3, not reportToSuperior.by) is refused by console, link and SMS, and the late notice still goes out', async () => {
    const { deps, report, text, timeline, linkOf, textTo, advance } = world();
    const incident = await report('huapu-primary', 'fire');
    for (const level of [1, 2, 3]) await notifyLevel(deps, { incidentId: incident.id, level });
    const refusal = 'Only 校长、书记 can mark this incident reported to 银海区教育局.';
    await expect(actAsCaller(deps, incident.id, LOGISTICS, { action: 'reported' })).rejects.toThrow(new ForbiddenError(refusal));
    await expect(takeAction(deps, await linkOf(incident.id, 'cheng-chongbao'), { action: 'reported' })).rejects.toThrow(new ForbiddenError(refusal));
    const answer = await text(PHONE.logistics, '1r');
    expect(answer.answer).toBe('#' + incident.code + '只能由校长、书记标记已上报，您的回复未记录。');
    expect(textTo(PHONE.logistics).at(-1)!.body).toBe(answer.answer);
    expect(stateOf(await timeline(incident.id)).reportedToBureau).toBe(false);
    // Acknowledging is theirs to do: they are on level 3.
    await actAsCaller(deps, incident.id, LOGISTICS, { action: 'ack' });
    advance(120);
    expect(await checkBureauReport(deps, { incidentId: incident.id })).toEqual({ incidentId: incident.id, outcome: 'late' });
  });

  test('the principal, named in reportToSuperior.by, marks it reported', async () => {
    const { deps, report } = world();
    const incident = await report('huapu-primary', 'fire');
    await notifyLevel(deps, { incidentId: incident.id, level: 1 });
    await actAsCaller(deps, incident.id, PRINCIPAL, { action: 'reported' });
    expect(await checkBureauReport(deps, { incidentId: incident.id })).toMatchObject({ outcome: 'reported' });
  });
});

describe("the bureau on a school's incident", () => {
  test("is offered received, the written report and a comment; never the school's own actions", async () => {
    const { deps, report, timeline } = world();
    const incident = await report('huapu-primary', 'collective-petition');
    await notifyLevel(deps, { incidentId: incident.id, level: 1 });
    expect((await incidentFor(deps, incident.id, BUREAU)).actions).toEqual(['received', 'request-written-report', 'note']);
    for (const action of ['ack', 'reported', 'close'] as const) {
      await expect(actAsCaller(deps, incident.id, BUREAU, { action, resolution: '已处理' })).rejects.toThrow(ForbiddenError);
    }
    await actAsCaller(deps, incident.id, BUREAU, { action: 'request-written-report' });
    await actAsCaller(deps, incident.id, BUREAU, { action: 'note', text: '请于今日17时前报送书面材料' });
    const after = await actAsCaller(deps, incident.id, BUREAU, { action: 'received' });
    expect(after.actions).toEqual(['request-written-report', 'note']);
    expect((await timeline(incident.id)).map((event) => event.type)).toEqual(expect.arrayContaining(['written-report-requested', 'note', 'received']));
    expect(stateOf(await timeline(incident.id))).toMatchObject({ acknowledged: false, reportedToBureau: false, closed: false });
  });
});

describe('a signed-in caller acts for a school only with its membership as well as its phone', () => {
  const context = { functionName: 'test', awsRequestId: 'request-1' } as Context;
  /** School B's (huapu's) principal's phone in claims for school A (zihe). */
  const claims = { sub: 'user-a', phone_number: PHONE.principal, 'cognito:groups': 'school:zihe-middle' };
  const call = async (handler: ReturnType<typeof me>, method: string, pathParameters: Record<string, string>, body?: unknown, query?: Record<string, string>) =>
    (await handler(
      {
        httpMethod: method,
        path: '/',
        pathParameters,
        queryStringParameters: query ?? null,
        headers: {},
        body: body === undefined ? null : JSON.stringify(body),
        isBase64Encoded: false,
        requestContext: { authorizer: { claims } },
      } as never,
      context,
    )) as APIGatewayProxyResult;

  test('every route that names the school answers 403 and writes nothing; the lists show nothing of it', async () => {
    const { deps, report, timeline } = world();
    const incident = await report('huapu-primary', 'fire');
    const refused = [
      await call(getIncident(deps), 'GET', { id: incident.id }),
      await call(incidentAction(deps), 'POST', { id: incident.id }, { action: 'ack' }),
      await call(incidentAction(deps), 'POST', { id: incident.id }, { action: 'reported' }),
      await call(dutyRoster(deps), 'GET', { planId: 'huapu-primary' }),
      await call(dutyRoster(deps), 'POST', { planId: 'huapu-primary' }, { kind: 'cover', shift: 'day', date: '2026-03-05', personId: 'ye-yuanxin' }),
      await call(scheduledReports(deps), 'POST', {}, { planId: 'huapu-primary' }),
    ];
    expect(refused.map((response) => response.statusCode)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(JSON.parse(refused.at(-1)!.body).error.message).toContain('is not a member of school:huapu-primary');
    expect((await timeline(incident.id)).map((event) => event.type)).toEqual(['reported']);

    const board = JSON.parse((await call(listIncidents(deps), 'GET', {}, undefined, { open: '1' })).body);
    expect(board.incidents).toEqual([]);
    const session = JSON.parse((await call(me(deps), 'GET', {})).body);
    expect(session.schools.map((school: { orgId: string }) => school.orgId)).toEqual(['zihe-middle']);
    const rollUp = JSON.parse((await call(scheduledReports(deps), 'GET', {}, undefined, { date: '2026-03-05', type: 'zero-report' })).body);
    expect(rollUp.schools.filter((school: { planId: string }) => school.planId === 'huapu-primary')).toEqual([]);
  });

  test("the same phone with the school's membership is that person", async () => {
    const { deps, report } = world();
    const incident = await report('huapu-primary', 'fire');
    expect((await incidentFor(deps, incident.id, PRINCIPAL)).you).toMatchObject({ personId: 'ye-yuanxin' });
  });
});
