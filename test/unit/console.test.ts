import { validateBoardQuery } from '../../functions/core/incident/board';
import { callerFromClaims, groupsForPhone, parseGroups, plansVisibleTo, type Caller } from '../../functions/core/plan/access';
import { actAsCaller, nextDeadline, openIncidentsFor, incidentFor, validateConsoleAction } from '../../functions/core/incident/console';
import { ConflictError, ForbiddenError, UnauthorizedError, ValidationError } from '../../functions/core/base/errors';
import { eventKey, stateOf } from '../../functions/core/incident/model';
import { seedPlan } from '../support/plans';
import { world as inMemoryWorld } from '../support/world';

/** Who may see which school, and what the console records as whom, on in-memory stores. */

const plans = ['huapu-primary.yaml', 'zihe-middle.yaml', 'xuegongzuobu.yaml', 'changping-college.yaml', 'jiedao-lianghui.yaml'].map(seedPlan);
const caller = (groups: string[], phone?: string): Caller => ({ subject: 'user-1', phone, groups });

describe('who may see which school', () => {
  it.each([
    ['a school user sees their school only', ['school:huapu-primary'], ['huapu-primary']],
    ['a bureau user sees the schools whose plans name the bureau', ['bureau:yinhai-education-bureau'], ['huapu-primary']],
    ['the police desk sees the college that names it among its superiors', ['bureau:changping-police-internal-security'], ['changping-college']],
    ['someone in two groups sees both', ['school:zihe-middle', 'bureau:town-central-school'], ['zihe-middle', 'xuegongzuobu']],
    ['a group naming nothing known sees nothing', ['school:nowhere', 'admin'], []],
  ])('%s', (_, groups, orgIds) => {
    expect(
      plansVisibleTo(caller(groups), plans)
        .map((plan) => plan.organisation.id)
        .sort(),
    ).toEqual([...orgIds].sort());
  });

  it.each([
    ['an array (the ID token)', ['school:a', 'bureau:b'], ['school:a', 'bureau:b']],
    ['a comma-separated string (REST Cognito authorizer)', 'school:a,bureau:b', ['school:a', 'bureau:b']],
    ['a bracketed list (HTTP API JWT authorizer)', '[school:a bureau:b]', ['school:a', 'bureau:b']],
    ['one group', 'school:a', ['school:a']],
    ['nothing', undefined, []],
  ])('reads cognito:groups given as %s', (_, value, groups) => {
    expect(parseGroups(value)).toEqual(groups);
  });

  it('takes the caller from the authorizer claims, and no claims is a 401', () => {
    expect(callerFromClaims({ sub: 'abc', phone_number: '+8613800000101', 'cognito:groups': 'school:huapu-primary' })).toEqual({
      subject: 'abc',
      phone: '+8613800000101',
      name: undefined,
      groups: ['school:huapu-primary'],
    });
    expect(() => callerFromClaims(undefined)).toThrow(UnauthorizedError);
    expect(() => callerFromClaims({ phone_number: '+8613800000101' })).toThrow(UnauthorizedError);
  });

  it('puts a school’s staff in the school’s group and a bureau desk in the bureau’s', () => {
    expect(groupsForPhone(plans, '+8613800000101')).toEqual(['school:huapu-primary']);
    expect(groupsForPhone(plans, '+8613800000110')).toEqual(['bureau:yinhai-education-bureau']);
    expect(groupsForPhone(plans, '+8619999999999')).toEqual([]);
  });
});

describe('the console on an incident', () => {
  const PRINCIPAL = caller(['school:huapu-primary'], '+8613800000101');
  const BUREAU = caller(['bureau:yinhai-education-bureau'], '+8613800000110');
  const ZIHE = caller(['school:zihe-middle'], '+8613800000401');
  // Sees huapu through a group, but is on none of its plan's people.
  const OUTSIDER = caller(['school:huapu-primary'], '+8619999999999');

  // Reports go to the first plan, huapu's.
  const world = () => inMemoryWorld({ plans });

  it('lists the open incidents of the schools the caller sees, with the next deadline', async () => {
    const { deps, report } = world();
    const incident = await report();
    const board = await openIncidentsFor(deps, PRINCIPAL);
    expect(board.incidents).toHaveLength(1);
    expect(board.incidents[0]).toMatchObject({
      code: incident.code,
      orgName: '福成镇花铺小学',
      categoryName: '火灾',
      status: 'open',
      nextDeadline: { kind: 'acknowledgement', level: 1, overdue: false },
    });
    expect((await openIncidentsFor(deps, BUREAU)).incidents).toHaveLength(1);
    expect((await openIncidentsFor(deps, ZIHE)).incidents).toHaveLength(0);
  });

  it('refuses another school’s incident', async () => {
    const { deps, report } = world();
    const incident = await report();
    await expect(incidentFor(deps, incident.id, ZIHE)).rejects.toThrow(ForbiddenError);
    await expect(actAsCaller(deps, incident.id, ZIHE, { action: 'ack' })).rejects.toThrow(ForbiddenError);
    expect((await incidentFor(deps, incident.id, BUREAU)).you).toEqual({ personId: 'yinhai-bureau-duty', name: '银海区教育局值班室', standing: 'superior' });
  });

  it('records ack, note, reported and close as the person on the plan with the caller’s phone', async () => {
    const { deps, report, advance } = world();
    const incident = await report();
    advance(3);
    await actAsCaller(deps, incident.id, PRINCIPAL, validateConsoleAction({ action: 'ack' }));
    advance(1);
    const noted = await actAsCaller(deps, incident.id, PRINCIPAL, validateConsoleAction({ action: 'note', text: ' 消防已到场 ' }));
    expect(noted.timeline.at(-1)).toMatchObject({ type: 'note', personId: 'ye-yuanxin', name: '叶远新', text: '消防已到场' });
    expect(noted.actions).toEqual(['reported', 'note', 'close']);
    await actAsCaller(deps, incident.id, PRINCIPAL, validateConsoleAction({ action: 'reported' }));
    const closed = await actAsCaller(deps, incident.id, PRINCIPAL, validateConsoleAction({ action: 'close', resolution: '已扑灭' }));
    expect(closed).toMatchObject({ status: 'closed', actions: [] });
    expect(stateOf((await deps.incidents.get(incident.id))!.timeline)).toMatchObject({ acknowledged: true, reportedToBureau: true, closed: true });
    expect((await openIncidentsFor(deps, PRINCIPAL)).incidents).toHaveLength(0);
    await expect(actAsCaller(deps, incident.id, PRINCIPAL, { action: 'note', text: 'late' })).rejects.toThrow(ConflictError);
  });

  it('lets someone who sees the school but is not on its plan follow it, not act on it', async () => {
    const { deps, report } = world();
    const incident = await report();
    expect(await incidentFor(deps, incident.id, OUTSIDER)).toMatchObject({ you: null, actions: [] });
    await expect(actAsCaller(deps, incident.id, OUTSIDER, { action: 'ack' })).rejects.toThrow(ForbiddenError);
  });

  it('counts down to the level deadline, then the report deadline, and marks a missed report overdue', async () => {
    const { report } = world();
    const incident = await report();
    const state = () => stateOf([]);
    expect(nextDeadline(incident, state(), new Date(incident.reportedAt))).toMatchObject({ kind: 'acknowledgement', level: 1 });
    expect(nextDeadline(incident, state(), new Date(Date.parse(incident.reportedAt) + 15 * 60_000))).toMatchObject({ kind: 'acknowledgement', level: 2 });
    expect(nextDeadline(incident, state(), new Date(Date.parse(incident.reportedAt) + 60 * 60_000))).toMatchObject({ kind: 'report', overdue: false });
    expect(nextDeadline(incident, state(), new Date(Date.parse(incident.reportedAt) + 3 * 60 * 60_000))).toMatchObject({ kind: 'report', overdue: true });
    const acknowledged = stateOf([{ type: 'acknowledged', key: eventKey.acknowledged('ye-yuanxin'), at: incident.reportedAt, personId: 'ye-yuanxin', name: '叶远新' }]);
    expect(nextDeadline(incident, acknowledged, new Date(incident.reportedAt))).toMatchObject({ kind: 'report' });
  });

  it.each([
    ['an action the console does not offer', { action: 'escalate' }, 'action'],
    ['a note without text', { action: 'note' }, 'text'],
    ['a note over 2,000 characters', { action: 'note', text: '很'.repeat(2001) }, 'text'],
    ['a close without a resolution', { action: 'close' }, 'resolution'],
  ])('refuses %s, naming the field', (_, body, field) => {
    try {
      validateConsoleAction(body);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).fields)).toEqual([field]);
    }
  });
});

describe('the bureau board: pages, filters, counts', () => {
  const BUREAU = caller(['bureau:yinhai-education-bureau'], '+8613800000110');
  const PRINCIPAL = caller(['school:huapu-primary'], '+8613800000101');
  const DESK = caller(['bureau:education-authority']);

  async function world() {
    const { deps, report, advance } = inMemoryWorld({ plans });
    const fires = [];
    for (let n = 0; n < 5; n++) {
      fires.push(await report('fire', 'huapu-primary', { place: `${n + 1}号楼` }));
      advance(1);
    }
    const zihe = await report('fire', 'zihe-middle', { place: '食堂' });
    return { deps, fires, zihe, advance };
  }

  it('pages through every incident in order of the next deadline, each exactly once', async () => {
    const { deps, fires } = await world();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await openIncidentsFor(deps, BUREAU, validateBoardQuery({ open: '1', limit: '2', ...(cursor && { cursor }) }));
      expect(page.incidents.length).toBeLessThanOrEqual(2);
      expect(page.total).toBe(5);
      seen.push(...page.incidents.map((row) => row.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // Reported a minute apart, so the earliest report has the earliest deadline.
    expect(seen).toEqual(fires.map((fire) => fire.id));
  });

  it('puts the most pressing first and filters by status, overdue, school, category and words, counting per status', async () => {
    const { deps, fires, zihe, advance } = await world();
    await actAsCaller(deps, fires[0]!.id, PRINCIPAL, validateConsoleAction({ action: 'ack' }));
    const all = await openIncidentsFor(deps, BUREAU);
    // The acknowledged fire's next deadline is its report (2 h), so it goes to the end.
    expect(all.incidents.at(-1)!.id).toBe(fires[0]!.id);
    expect(all.counts).toEqual({ all: 5, open: 4, acknowledged: 1, overdue: 0 });
    expect((await openIncidentsFor(deps, BUREAU, validateBoardQuery({ status: 'acknowledged' }))).incidents.map((row) => row.id)).toEqual([fires[0]!.id]);
    expect((await openIncidentsFor(deps, BUREAU, validateBoardQuery({ q: '3号楼' }))).incidents.map((row) => row.id)).toEqual([fires[2]!.id]);
    expect((await openIncidentsFor(deps, BUREAU, validateBoardQuery({ category: 'traffic' }))).total).toBe(0);
    // Another bureau's desk sees zihe's incident only; a school filter outside what one sees is empty.
    expect((await openIncidentsFor(deps, DESK)).incidents.map((row) => row.id)).toEqual([zihe.id]);
    expect((await openIncidentsFor(deps, BUREAU, validateBoardQuery({ school: 'zihe-middle' }))).total).toBe(0);
    advance(3 * 60);
    const overdue = await openIncidentsFor(deps, BUREAU, validateBoardQuery({ overdue: '1' }));
    expect(overdue.counts.overdue).toBe(5);
    expect(overdue.incidents.every((row) => row.nextDeadline?.kind === 'report' && row.nextDeadline.overdue)).toBe(true);
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '501' }, 'limit'],
    [{ cursor: 'not-a-cursor' }, 'cursor'],
    [{ status: 'closed' }, 'status'],
    [{ overdue: 'maybe' }, 'overdue'],
    [{ sort: 'name' }, 'sort'],
  ])('refuses %j, naming the parameter', (params, field) => {
    try {
      validateBoardQuery(params);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).fields)).toEqual([field]);
    }
  });
});
