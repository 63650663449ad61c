import type { Page } from 'playwright-core';
import { DESKTOP, shoot, watchedPages } from '../support/browser';
import { eventually, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * Issue 13's "done when": a plan-5 petition followed from a risk report to a 包案 case, to an
 * incident, to a written report and into the accountability ledger, on the local runtime (time
 * 600× faster: the petition's one-hour report window passes in six seconds). Then each page of the
 * story is opened in Debian's chromium and photographed (test-output/screenshots/petition-*).
 */

const COMMUNITY_OFFICER = '+8613800000505';
const OFFICE = '+8613800000504';
const POLITICAL_LEGAL = '+8613800000503';
const LEADER = '+8613800000502';
const CASE_TEAM = '+8613800000507';
const DISTRICT = '+8613800000510';
const PLAN = 'jiedao-lianghui';

let runtime: TestRuntime;
/** What the first test followed, for the pages the second opens. */
let followed: { risk: string; case: string; incidentId: string; code: string; date: string } | undefined;

beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 600, start: '2014-03-05T09:00:00+08:00' });
});
afterAll(() => runtime.close());

test('a risk texted by an information officer becomes a case, the case an incident reported late, its written report is accepted, and the ledger shows the 缓报 with its proof', async () => {
  // 三(二): the community's information officer texts what they heard.
  const texted = await runtime.text(COMMUNITY_OFFICER, '风险 幸福社区拆迁户王某扬言两会期间进京上访');
  expect(texted.decision).toBe('recorded');
  const office = await runtime.signIn(OFFICE);
  const day = (await runtime.get(`/risks?planId=${PLAN}`, office)).body.plans[0];
  const risk = day.risks.find((candidate: { summary: string }) => candidate.summary.includes('王某'));
  expect(risk).toMatchObject({ status: 'open', channel: 'sms', by: { personId: 'community-info-officer' } });

  // 三、三: the leader in charge takes it on as a 包案 case; the case team visits.
  const leader = await runtime.signIn(LEADER);
  const opened = await runtime.post('/cases', { fromRisk: risk.id, petitioner: { name: '王某' }, leader: 'leader-in-charge', responsible: 'case-team-leader' }, leader);
  expect(opened.status).toBe(201);
  expect(opened.body).toMatchObject({ summary: risk.summary, from: { kind: 'risk', id: risk.id }, visits: { everyDays: 7 } });
  expect((await runtime.get(`/risks?planId=${PLAN}`, office)).body.plans[0].risks.find((candidate: { id: string }) => candidate.id === risk.id)).toMatchObject({
    status: 'case',
    case: { id: opened.body.id },
  });
  const team = await runtime.signIn(CASE_TEAM);
  expect((await runtime.post(`/cases/${opened.body.id}/visits`, { mode: 'visit', note: '上门走访，王某仍坚持进京' }, team)).status).toBe(201);

  // 二: he sets off for Beijing — the case opens a 进京访 incident, which runs the major chain.
  const escalated = await runtime.post(`/cases/${opened.body.id}/escalate`, { category: 'beijing-petition', place: '火车站' }, team);
  expect(escalated.status).toBe(201);
  const incidentId = escalated.body.incident.id;
  const politicalLegal = await runtime.signIn(POLITICAL_LEGAL);
  expect((await runtime.post(`/incidents/${incidentId}/actions`, { action: 'ack' }, politicalLegal)).status).toBe(200);

  // Nobody tells the district within the hour: it is flagged late (缓报), then reported and closed.
  const late = await eventually(async () => {
    const { body } = await runtime.get(`/incidents/${incidentId}`, politicalLegal);
    return body.late && body;
  }, 30_000);
  expect(late.timeline).toContainEqual(expect.objectContaining({ type: 'linked', to: 'case', id: opened.body.id }));
  expect((await runtime.post(`/incidents/${incidentId}/actions`, { action: 'reported' }, politicalLegal)).status).toBe(200);
  expect((await runtime.post(`/incidents/${incidentId}/actions`, { action: 'close', resolution: '已在火车站劝返，王某随包案小组返回' }, politicalLegal)).status).toBe(200);

  // The written report to the district's duty desk: drafted from the timeline, submitted, accepted.
  const path = `/incidents/${incidentId}/written-report`;
  const draft = await runtime.get(path, politicalLegal);
  expect(draft.body).toMatchObject({ status: 'due', content: { place: '火车站', aftermath: expect.stringContaining('劝返') } });
  expect((await runtime.put(path, { content: { measures: '包案小组赴火车站劝返；综治办跟进' } }, politicalLegal)).status).toBe(200);
  expect((await runtime.post(`${path}/submit`, {}, politicalLegal)).body).toMatchObject({ status: 'submitted' });
  const district = await runtime.signIn(DISTRICT);
  expect((await runtime.post(`${path}/accept`, {}, district)).body).toMatchObject({ status: 'accepted' });

  // 四 强化责任追究: the ledger shows the late report, by how many minutes, with the events that prove it.
  const date = late.reportedAt && new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(late.reportedAt));
  const ledger = await runtime.get(`/accountability?from=${date}&to=${date}`, district);
  expect(ledger.status).toBe(200);
  const facts = ledger.body.schools.flatMap((school: { facts: { incidentId: string }[] }) => school.facts).filter((fact: { incidentId: string }) => fact.incidentId === incidentId);
  const lateReport = facts.find((fact: { kind: string }) => fact.kind === 'late-report');
  expect(lateReport).toMatchObject({ code: escalated.body.incident.code, person: { personId: 'political-legal-committee' } });
  expect(lateReport.minutes).toBeGreaterThan(0);
  expect(lateReport.evidence.map((event: { type: string }) => event.type)).toEqual(expect.arrayContaining(['reported', 'late', 'reported-to-bureau']));
  // Each piece of evidence links to its event on the incident's timeline.
  const timeline = (await runtime.get(`/incidents/${incidentId}`, district)).body.timeline as { key: string }[];
  for (const event of lateReport.evidence as { key: string; link: string }[]) {
    expect(event.link).toBe(`/incident/${incidentId}#event-${encodeURIComponent(event.key)}`);
    expect(timeline.map((entry) => entry.key)).toContain(event.key);
  }

  // And the case keeps the whole story: the risk it came from, the visit, the incident.
  const story = (await runtime.get(`/cases/${opened.body.id}`, district)).body;
  expect(story.events.map((event: { type: string }) => event.type)).toEqual(['visit', 'incident']);
  expect(story.incidents).toEqual([expect.objectContaining({ incidentId, code: escalated.body.incident.code })]);
  followed = { risk: risk.code, case: opened.body.code, incidentId, code: escalated.body.incident.code, date: date! };
});

describe('each page of the story, in the browser', () => {
  const { open: openPage, problems } = watchedPages(() => runtime);
  const open = async (phone: string, path: string): Promise<Page> => {
    const page = await openPage(DESKTOP, phone);
    await page.goto(`${runtime.url}${path}`);
    return page;
  };

  test('the risk taken on as a case, the case with its incident, the late incident, the accepted written report and the ledger’s 缓报 are each shown and photographed', async () => {
    expect(followed).toBeDefined();
    const { risk, case: caseCode, incidentId, code, date } = followed!;
    const screening = await open(OFFICE, `/screening?date=2014-03-05`);
    await screening.locator(`article[data-risk="${risk}"]`).getByText('已立包案').waitFor();
    await shoot(screening, 'petition-1-risk');

    const cases = await open(LEADER, '/petition-cases');
    await cases
      .locator(`article[data-case="${caseCode}"]`)
      .getByRole('link', { name: `#${code}` })
      .waitFor();
    await shoot(cases, 'petition-2-case');

    const incident = await open(POLITICAL_LEGAL, `/incident/${incidentId}`);
    await incident.locator('li[data-type="late"]').first().waitFor();
    await incident.locator('li[data-type="linked"]').first().waitFor();
    await incident.locator('li[data-type="written-report-accepted"]').waitFor();
    expect(await incident.locator('ol.events').textContent()).not.toContain('written-report');
    await shoot(incident, 'petition-3-incident');

    const report = await open(DISTRICT, `/incident/${incidentId}/written-report`);
    await report.getByText('上级已接收').waitFor();
    await shoot(report, 'petition-4-written-report');

    const ledger = await open(DISTRICT, `/accountability-ledger?from=${date}&to=${date}`);
    const fact = ledger.locator('li[data-kind="late-report"]', { hasText: code });
    await fact.waitFor();
    expect(await fact.textContent()).toMatch(/报告 .*缓报标记 .*上报上级/);
    await shoot(ledger, 'petition-5-ledger');
    await fact.locator(`a[href^="incident/${incidentId}#event-"]`).first().click();
    await ledger.waitForURL(`**/incident/${incidentId}#event-*`);
    expect(problems.seen).toEqual([]);
  });
});
