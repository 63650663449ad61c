import { clockPasses, eventually, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * 包案 cases and risk screening (plan 5, jiedao-lianghui) on the local runtime, starting 4 March 2014
 * at 16:00 Beijing time (全国两会), time sped up 3,600×: an hour of plan time is a second.
 */

const SECRETARY = '+8613800000501';
const LEADER = '+8613800000502';
const OFFICE = '+8613800000504';
const COMMUNITY_OFFICER = '+8613800000505';
const DEPARTMENT_OFFICER = '+8613800000506';
const CASE_TEAM = '+8613800000507';
const DISTRICT = '+8613800000510';
const HUAPU_PRINCIPAL = '+8613800000101';
const PLAN = 'jiedao-lianghui';
const newCase = {
  planId: PLAN,
  petitioner: { name: '王某某', phone: '+8613700000001' },
  summary: '拆迁补偿纠纷，多次到区上访',
  leader: 'leader-in-charge',
  responsible: 'case-team-leader',
  visits: { everyDays: 1, mode: 'visit' },
};

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 3600, start: '2014-03-04T16:00:00+08:00' });
});
afterAll(() => runtime.close());

test('without sign-in every case and risk route is a 401; another school’s staff get a 403 and nothing is stored', async () => {
  for (const [method, path] of [
    ['GET', '/cases'],
    ['POST', '/cases'],
    ['GET', '/cases/x'],
    ['PATCH', '/cases/x'],
    ['POST', '/cases/x/visits'],
    ['GET', '/risks'],
    ['POST', '/risks'],
    ['POST', '/risks/x/escalate'],
  ] as const) {
    const response = await fetch(`${runtime.url}${path}`, { method, headers: { 'Content-Type': 'application/json' }, ...(method !== 'GET' && { body: '{}' }) });
    expect([method, path, response.status]).toEqual([method, path, 401]);
  }
  const huapu = await runtime.signIn(HUAPU_PRINCIPAL);
  expect((await runtime.post('/cases', newCase, huapu)).status).toBe(403);
  expect((await runtime.post('/risks', { planId: PLAN, summary: '有人串联' }, huapu)).status).toBe(403);
  expect((await runtime.get(`/cases?planId=${PLAN}`, huapu)).status).toBe(403);
  expect((await runtime.get('/cases', huapu)).body.cases).toEqual([]);
  const office = await runtime.signIn(OFFICE);
  expect((await runtime.get(`/cases?planId=${PLAN}`, office)).body.cases).toEqual([]);
  expect((await runtime.get(`/risks?planId=${PLAN}`, office)).body.plans[0].counts.risks).toBe(0);
});

test('a case or a risk with bad fields is refused with each field named, and nothing is stored', async () => {
  const response = await runtime.post(
    '/cases',
    { ...newCase, responsible: 'party-secretary', visits: { everyDays: 0, mode: 'walk' }, petitioner: {}, colour: 'red' },
    await runtime.signIn(LEADER),
  );
  expect(response.status).toBe(400);
  expect(Object.keys(response.body.error.fields).sort()).toEqual(['colour', 'petitioner.name', 'responsible', 'visits.everyDays', 'visits.mode']);
  expect(response.body.error.fields.responsible).toMatch(/case-team-leader/);
  expect((await runtime.post('/cases', { ...newCase, planId: undefined, fromRisk: 'r'.repeat(5000) }, await runtime.signIn(LEADER))).body.error.fields).toEqual({
    fromRisk: 'too long: no id this system issues is that long',
  });
  expect((await runtime.post('/risks', { planId: 'p'.repeat(5000), summary: 'x' }, await runtime.signIn(LEADER))).status).toBe(400);
  const community = await runtime.signIn(COMMUNITY_OFFICER);
  const bad = await runtime.post('/risks', { planId: PLAN, nothingFound: true, items: [{ summary: 'x' }] }, community);
  expect(bad.status).toBe(400);
  expect(bad.body.error.fields.body).toMatch(/one of/);
  expect((await runtime.post('/risks', { planId: PLAN, items: [{ place: '3栋' }] }, community)).body.error.fields).toEqual({ 'items.0.summary': 'required: what was found' });
  // The scheduler writes its waves meanwhile, so what was not stored is checked where it would show.
  expect((await runtime.get(`/cases?planId=${PLAN}`, community)).body.cases).toEqual([]);
  expect((await runtime.get(`/risks?planId=${PLAN}`, community)).body.plans[0].counts).toMatchObject({ risks: 0, missing: 2 });
});

test('a case is opened, its owners are texted on the morning its visit falls due, a visit is recorded, and it is closed', async () => {
  const leader = await runtime.signIn(LEADER);
  const opened = await runtime.post('/cases', newCase, leader);
  expect(opened.status).toBe(201);
  expect(opened.body).toMatchObject({
    status: 'open',
    leader: { personId: 'leader-in-charge' },
    responsible: { personId: 'case-team-leader', name: '包案小组组长' },
    typeName: '信访积案(各包案小组)',
    visitOverdue: false,
  });
  const { id, code, nextVisitDue } = opened.body;
  expect(Date.parse(nextVisitDue) - Date.parse(opened.body.openedAt)).toBe(86_400_000);

  // Due a day after opening: the 08:30 reminder of that (local) day texts both owners, once each.
  const dueDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(nextVisitDue));
  await clockPasses(runtime, new Date(`${dueDay}T08:35:00+08:00`).toISOString());
  const reminder = await eventually(() => runtime.inbox(CASE_TEAM).find((text) => text.body.includes('包案提醒')));
  expect(reminder.body).toContain(`#${code}`);
  expect(reminder.body).toContain(`${dueDay.slice(5)}下访`);
  expect(runtime.inbox(LEADER).filter((text) => text.body.includes(`#${code}`))).toHaveLength(1);
  const shown = await runtime.get(`/cases/${id}`, await runtime.signIn(CASE_TEAM));
  expect(shown.body.events).toEqual([
    expect.objectContaining({
      type: 'reminded',
      due: nextVisitDue,
      to: [
        { personId: 'leader-in-charge', name: '分管信访稳定工作的领导' },
        { personId: 'case-team-leader', name: '包案小组组长' },
      ],
    }),
  ]);

  const team = await runtime.signIn(CASE_TEAM);
  expect((await runtime.post(`/cases/${id}/visits`, { mode: 'visit', note: '' }, team)).body.error.fields).toEqual({ note: 'required: a non-empty text' });
  const visited = await runtime.post(`/cases/${id}/visits`, { mode: 'appointment', note: '约到街道面谈，情绪稳定，承诺两会期间不外出' }, team);
  expect(visited.status).toBe(201);
  expect(visited.body.lastVisit).toMatchObject({ mode: 'appointment', by: { personId: 'case-team-leader' } });
  expect(visited.body.nextVisitDue > nextVisitDue).toBe(true);
  expect(visited.body.visitOverdue).toBe(false);

  const changed = await runtime.patch(`/cases/${id}`, { visits: { everyDays: 3 } }, leader);
  expect(changed.body.visits).toEqual({ everyDays: 3, mode: 'visit' });
  expect((await runtime.patch(`/cases/${id}`, { status: 'closed' }, leader)).body.error.fields).toEqual({ resolution: 'required: a non-empty text' });
  const closed = await runtime.patch(`/cases/${id}`, { status: 'closed', resolution: '补偿协议已签，息诉罢访' }, leader);
  expect(closed.body).toMatchObject({ status: 'closed', closed: { resolution: '补偿协议已签，息诉罢访', by: { personId: 'leader-in-charge' } } });
  expect(closed.body.nextVisitDue).toBeUndefined();
  expect((await runtime.post(`/cases/${id}/visits`, { note: '回访' }, team)).status).toBe(400);
  expect((await runtime.get(`/cases?planId=${PLAN}&open=1`, leader)).body.cases.map((row: { id: string }) => row.id)).not.toContain(id);
  // The district above the sub-district sees its cases too.
  expect((await runtime.get('/cases', await runtime.signIn(DISTRICT))).body.cases.map((row: { id: string }) => row.id)).toContain(id);
}, 90_000);

test('a case opens an incident that runs the plan’s chain, and an incident becomes a case; each names the other', async () => {
  const leader = await runtime.signIn(LEADER);
  const { body: opened } = await runtime.post('/cases', newCase, leader);
  const escalated = await runtime.post(`/cases/${opened.id}/escalate`, { category: 'beijing-petition', place: '火车站' }, leader);
  expect(escalated.status).toBe(201);
  expect(escalated.body.case.incidents).toEqual([expect.objectContaining({ incidentId: escalated.body.incident.id })]);
  const incident = await runtime.get(`/incidents/${escalated.body.incident.id}`, leader);
  expect(incident.body).toMatchObject({ category: 'beijing-petition', severity: 'major', place: '火车站' });
  expect(incident.body.timeline).toContainEqual(expect.objectContaining({ type: 'linked', to: 'case', id: opened.id, code: opened.code }));
  // 进京访 is major: the party secretary is texted at once.
  await eventually(() => runtime.textsFor(escalated.body.incident.id).find((text) => text.to === SECRETARY));

  const reported = await runtime.post('/incidents', { planId: PLAN, category: 'collective-petition', place: '街道办', description: '十余人聚集要求解决欠薪', reporter: {} });
  const fromIncident = await runtime.post(
    '/cases',
    { fromIncident: reported.body.id, petitioner: { name: '欠薪工人代表李某' }, leader: 'party-secretary', responsible: 'case-team-leader' },
    leader,
  );
  expect(fromIncident.status).toBe(201);
  expect(fromIncident.body).toMatchObject({
    planId: PLAN,
    summary: '十余人聚集要求解决欠薪',
    from: { kind: 'incident', id: reported.body.id },
    visits: { everyDays: 7, mode: 'visit' },
  });
  expect((await runtime.get(`/incidents/${reported.body.id}`, leader)).body.timeline).toContainEqual(
    expect.objectContaining({ type: 'linked', to: 'case', id: fromIncident.body.id }),
  );
});

test('information officers report a risk and their daily screening; the sub-district and the district see the roll-up; one action turns a risk into an incident', async () => {
  const community = await runtime.signIn(COMMUNITY_OFFICER);
  const department = await runtime.signIn(DEPARTMENT_OFFICER);

  const risk = await runtime.post('/risks', { planId: PLAN, summary: '幸福社区三名拆迁户商议两会期间进京', place: '幸福社区' }, community);
  expect(risk.status).toBe(201);
  expect(risk.body.risks[0]).toMatchObject({ status: 'open', source: 'report', by: { personId: 'community-info-officer' } });
  const screened = await runtime.post('/risks', { planId: PLAN, items: [{ summary: '物业与业主停车费纠纷', place: '阳光小区' }] }, community);
  expect(screened.body.screening).toMatchObject({ nothingFound: false, unit: { personId: 'community-info-officer' } });
  // The screening counts as the unit's 矛盾纠纷日排查 (yesterday's, still missing, so late), and nobody chases it.
  expect(screened.body.scheduledReport).toMatchObject({ reportId: 'dispute-screening', late: true });
  expect((await runtime.post('/risks', { planId: PLAN, nothingFound: true }, department)).body.screening.nothingFound).toBe(true);

  const day = screened.body.screening.date;
  for (const phone of [OFFICE, DISTRICT]) {
    const rollUp = await runtime.get(`/risks?date=${day}`, await runtime.signIn(phone));
    expect(rollUp.status).toBe(200);
    const row = rollUp.body.plans.find((plan: { planId: string }) => plan.planId === PLAN);
    expect(row.counts).toEqual({ units: 2, nothingFound: 1, found: 1, missing: 0, risks: 2, open: 2 });
    expect(row.units).toEqual([
      expect.objectContaining({ personId: 'community-info-officer', status: 'found', items: 1 }),
      expect.objectContaining({ personId: 'department-info-officer', status: 'nothing-found', items: 0 }),
    ]);
  }
  expect((await runtime.get('/risks?date=2014-3-5', community)).body.error.fields).toEqual({ date: 'expected a local date YYYY-MM-DD between 2000 and 2100' });

  const office = await runtime.signIn(OFFICE);
  const riskId = risk.body.risks[0].id;
  expect((await runtime.post(`/risks/${riskId}/escalate`, { category: 'no-such' }, office)).status).toBe(400);
  const escalated = await runtime.post(`/risks/${riskId}/escalate`, { category: 'beijing-petition' }, office);
  expect(escalated.status).toBe(201);
  expect(escalated.body.risk).toMatchObject({ status: 'escalated', incident: escalated.body.incident });
  const again = await runtime.post(`/risks/${riskId}/escalate`, { category: 'beijing-petition' }, office);
  expect([again.status, again.body.incident]).toEqual([200, escalated.body.incident]);
  const incident = await runtime.get(`/incidents/${escalated.body.incident.id}`, office);
  expect(incident.body).toMatchObject({ place: '幸福社区', description: expect.stringContaining('幸福社区三名拆迁户商议两会期间进京') });
  expect(incident.body.timeline).toContainEqual(expect.objectContaining({ type: 'linked', to: 'risk', id: riskId }));
  const rollUp = await runtime.get(`/risks?date=${day}&planId=${PLAN}`, office);
  expect(rollUp.body.plans[0].counts.open).toBe(1);
});
