import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../lib/definitions';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, PLANS_DIR, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * After the incident, over HTTP: the written report (书面报告) on the local runtime: due at close, drafted, edited,
 * submitted, returned and accepted, refused where it should be, and chased at its deadline by
 * statemachines/written-report.asl.json. Plan 1's written report is given a 30-minute deadline
 * here so that the deadline passes within the test (at 600×, three seconds).
 */

const PRINCIPAL = '+8613800000101';
const PARTY_SECRETARY = '+8613800000107';
const ZIHE_STAFF = '+8613800000401';
const YINHAI_BUREAU = '+8613800000110';
const fire = { planId: 'huapu-primary', category: 'fire', place: '3号楼', description: '三楼冒烟', reporter: { name: '李老师' } };

let runtime: TestRuntime;
beforeAll(async () => {
  const plansDir = mkdtempSync(join(tmpdir(), 'yingji-plans-'));
  cpSync(PLANS_DIR, plansDir, { recursive: true });
  const file = join(plansDir, 'huapu-primary.yaml');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace('writtenReport: { to: [bureau-duty-desk] }', 'writtenReport: { to: [bureau-duty-desk], within: 30m }'));
  runtime = await startTestRuntime({ speed: 600, plansDir });
});
afterAll(() => runtime.close());

async function closedIncident(principal: Record<string, string>) {
  const { body: incident } = await runtime.post('/incidents', fire);
  expect((await runtime.post(`/incidents/${incident.id}/actions`, { action: 'close', resolution: '火已扑灭' }, principal)).status).toBe(200);
  return incident as { id: string; code: string };
}

it('is drafted from the timeline, edited, submitted, returned, resubmitted and accepted', async () => {
  const principal = await runtime.signIn(PRINCIPAL);
  const bureau = await runtime.signIn(YINHAI_BUREAU);
  const incident = await closedIncident(principal);
  const path = `/incidents/${incident.id}/written-report`;

  const due = await runtime.get(path, principal);
  expect(due.status).toBe(200);
  expect(due.body).toMatchObject({ status: 'due', required: true, actions: ['save', 'submit'] });
  expect(due.body.content).toMatchObject({ place: '3号楼', situation: expect.stringContaining('三楼冒烟'), aftermath: expect.stringContaining('火已扑灭') });

  expect((await runtime.put(path, { content: { measures: '拨打119，疏散三楼学生' } }, principal)).body.content.measures).toBe('拨打119，疏散三楼学生');
  expect((await runtime.post(`${path}/submit`, {}, principal)).body).toMatchObject({ status: 'submitted', round: 1 });
  expect((await runtime.get(path, bureau)).body.actions).toEqual(['accept', 'return']);
  expect((await runtime.post(`${path}/return`, { reason: '请写明伤亡情况' }, bureau)).body).toMatchObject({ status: 'returned' });
  expect((await runtime.post(`${path}/submit`, { content: { situation: '火灾: 三楼冒烟，无人伤亡' } }, principal)).body).toMatchObject({ status: 'submitted', round: 2 });
  const accepted = await runtime.post(`${path}/accept`, {}, bureau);
  expect(accepted.body).toMatchObject({ status: 'accepted', acceptedBy: { name: '银海区教育局值班室' }, late: false });

  const timeline = (await runtime.get(`/incidents/${incident.id}`, bureau)).body.timeline.map((event: { type: string }) => event.type);
  expect(timeline).toEqual(
    expect.arrayContaining(['written-report-due', 'written-report-saved', 'written-report-submitted', 'written-report-returned', 'written-report-accepted']),
  );
});

it('refuses without sign-in, across schools, the wrong side, bad fields and out-of-turn steps, writing nothing', async () => {
  const principal = await runtime.signIn(PRINCIPAL);
  const bureau = await runtime.signIn(YINHAI_BUREAU);
  const zihe = await runtime.signIn(ZIHE_STAFF);
  const incident = await closedIncident(principal);
  const path = `/incidents/${incident.id}/written-report`;
  expect((await runtime.get(path)).status).toBe(401);
  expect((await runtime.get(path, zihe)).status).toBe(403);
  expect((await runtime.put(path, { content: { measures: 'x' } }, zihe)).status).toBe(403);
  expect((await runtime.put(path, { content: { measures: 'x' } }, bureau)).status).toBe(403);
  expect((await runtime.post(`${path}/accept`, {}, principal)).status).toBe(403);
  expect((await runtime.post(`${path}/accept`, {}, bureau)).status).toBe(409);
  const unknown = await runtime.put(path, { content: { colour: '红' } }, principal);
  expect(unknown.status).toBe(400);
  expect(unknown.body.error.fields).toHaveProperty(['content.colour']);
  expect((await runtime.put(path, { content: { place: 3 } }, principal)).status).toBe(400);
  expect((await runtime.put(path, '{"content":', principal)).status).toBe(400);
  expect((await runtime.get('/incidents/no-such-incident/written-report', principal)).status).toBe(404);
  const types = (await runtime.record(incident.id))!.timeline.map((event) => event.type);
  expect(types.filter((type) => type.startsWith('written-report-'))).toEqual(['written-report-due']);
});

it('at the deadline flags a report that has not come in late and texts the principal and the party secretary', async () => {
  const principal = await runtime.signIn(PRINCIPAL);
  const incident = await closedIncident(principal);
  const chased = await eventually(() => {
    const texts = runtime.textsFor(incident.id).filter((text) => text.body.includes('书面报告逾期'));
    return texts.length === 2 && texts;
  }, 30_000);
  expect(chased.map((text) => text.to).sort()).toEqual([PRINCIPAL, PARTY_SECRETARY]);
  expect((await runtime.get(`/incidents/${incident.id}/written-report`, principal)).body).toMatchObject({ status: 'due', late: true });
});

describe('the accountability ledger', () => {
  const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(runtime.clock.now());

  it('lists a close without a report to the bureau for the bureau, with links to the events that prove it', async () => {
    const principal = await runtime.signIn(PRINCIPAL);
    const bureau = await runtime.signIn(YINHAI_BUREAU);
    const incident = await closedIncident(principal);
    const period = `from=${today()}&to=${today()}`;
    const ledger = await runtime.get(`/accountability?${period}`, bureau);
    expect(ledger.status).toBe(200);
    const huapu = ledger.body.schools.find((school: { orgId: string }) => school.orgId === 'huapu-primary');
    const fact = huapu.facts.find((candidate: { incidentId: string; kind: string }) => candidate.incidentId === incident.id && candidate.kind === 'closed-without-report');
    expect(fact).toMatchObject({ code: incident.code, person: { name: '叶远新' }, metAt: null });
    const closedEvidence = fact.evidence.find((event: { type: string }) => event.type === 'closed');
    expect(closedEvidence.link).toBe(`/incident/${incident.id}#event-closed`);
    expect((await runtime.get(`/accountability?${period}&school=huapu-primary`, principal)).body.schools).toHaveLength(1);
  });

  it('refuses without sign-in, another school, an unknown school and a bad period', async () => {
    const zihe = await runtime.signIn(ZIHE_STAFF);
    const period = `from=${today()}&to=${today()}`;
    expect((await runtime.get(`/accountability?${period}`)).status).toBe(401);
    expect((await runtime.get(`/accountability?${period}&school=huapu-primary`, zihe)).status).toBe(403);
    expect((await runtime.get(`/accountability?${period}&school=nowhere`, zihe)).status).toBe(404);
    const bad = await runtime.get('/accountability?from=2026-13-01', zihe);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['from', 'to']);
  });
});

describe('the bureau’s calendar', () => {
  const day = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(runtime.clock.now().getTime() + offset * 86_400_000));

  it('`yingji period set` dates this year’s 两会 with no redeploy: plan 1’s period is on and its zero report due today', async () => {
    const bureau = await runtime.signIn(YINHAI_BUREAU);
    const before = (await runtime.get('/me', bureau)).body.schools.find((school: { planId: string }) => school.planId === 'huapu-primary');
    expect(before.periods[0]).toMatchObject({ id: 'national-lianghui', active: false });
    // Async: the CLI calls this very process's HTTP server.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['bin/yingji.js', 'period', 'set', 'national-lianghui', '--from', day(-1), '--to', day(2), '--name', '全国"两会"', '--url', runtime.url, '--phone', YINHAI_BUREAU],
      { cwd: PROJECT_ROOT },
    );
    expect(stdout).toContain(`national-lianghui\t${day(-1)} – ${day(2)}`);
    const after = (await runtime.get('/me', bureau)).body.schools.find((school: { planId: string }) => school.planId === 'huapu-primary');
    expect(after.periods[0]).toMatchObject({ id: 'national-lianghui', from: day(-1), to: day(2), active: true });
    const rollUp = await runtime.get(`/reports?date=${day(0)}&type=zero-report`, bureau);
    expect(rollUp.body.schools.map((school: { planId: string }) => school.planId)).toContain('huapu-primary');
    expect((await runtime.get('/periods', bureau)).body).toMatchObject({ mayEdit: true, periods: [{ id: 'national-lianghui', from: day(-1) }] });
  });

  it('refuses a school’s staff, a period no plan names and bad dates', async () => {
    const principal = await runtime.signIn(PRINCIPAL);
    const bureau = await runtime.signIn(YINHAI_BUREAU);
    expect((await runtime.get('/periods')).status).toBe(401);
    expect((await runtime.put('/periods', { periods: [] }, principal)).status).toBe(403);
    const bad = await runtime.put('/periods', { periods: [{ id: 'olympics', name: '奥运', from: '2026-02-30', to: '2026-03-01' }] }, bureau);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['periods[0].from', 'periods[0].id']);
  });
});
