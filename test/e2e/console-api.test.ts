import { linkIn, recordedText, startTestRuntime, type TestRuntime } from '../support/runtime';
import { FORM_LIMITS } from '../../functions/core/incident';

/** The console's API over HTTP on the local runtime: sign-in, who may see what, actions, pages. */

const PRINCIPAL = '+8613800000101';
const ZIHE_STAFF = '+8613800000401';
const YINHAI_BUREAU = '+8613800000110';

const fire = { planId: 'huapu-primary', category: 'fire', place: '3号楼', description: '三楼冒烟', reporter: {} };

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 60 });
});
afterAll(() => runtime.close());

describe('development sign-in (local runtime only)', () => {
  it('signs in anyone in the loaded plans and nobody else', async () => {
    const ok = await runtime.post('/auth/dev-login', { phone: PRINCIPAL });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token: expect.stringMatching(/^dev\./), development: true });
    expect((await runtime.post('/auth/dev-login', { phone: '+8619999999999' })).status).toBe(404);
    expect((await runtime.post('/auth/dev-login', {})).status).toBe(400);
  });

  it('answers 401 on every signed-in route without a valid token, before any function runs', async () => {
    const { body: incident } = await runtime.post('/incidents', fire);
    const forged = { Authorization: 'dev.eyJzdWIiOiJ4In0.AAAA' };
    for (const headers of [{}, forged, { Authorization: 'Basic abc' }]) {
      expect((await runtime.get(`/incidents/${incident.id}`, headers)).status).toBe(401);
      expect((await runtime.get('/incidents?open=1', headers)).status).toBe(401);
      expect((await runtime.get('/me', headers)).status).toBe(401);
      expect((await runtime.post(`/incidents/${incident.id}/actions`, { action: 'ack' }, headers)).status).toBe(401);
    }
    const refused = await runtime.get(`/incidents/${incident.id}`);
    expect(refused.body.error.message).toMatch(/Sign in/);
  });
});

describe('who sees what', () => {
  it('a school user sees their school; another school’s staff get 403; the bureau the school reports to sees it', async () => {
    const { body: incident } = await runtime.post('/incidents', { ...fire, place: '食堂' });
    const principal = await runtime.signIn(PRINCIPAL);
    const zihe = await runtime.signIn(ZIHE_STAFF);
    const bureau = await runtime.signIn(YINHAI_BUREAU);

    expect((await runtime.get(`/incidents/${incident.id}`, principal)).body).toMatchObject({ code: incident.code, orgName: '福成镇花铺小学', you: { name: '叶远新' } });
    const refused = await runtime.get(`/incidents/${incident.id}`, zihe);
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('食堂');
    expect((await runtime.post(`/incidents/${incident.id}/actions`, { action: 'ack' }, zihe)).status).toBe(403);
    expect((await runtime.get(`/incidents/${incident.id}`, bureau)).status).toBe(200);

    const ids = async (headers: Record<string, string>) => (await runtime.get('/incidents?open=1', headers)).body.incidents.map((open: { id: string }) => open.id);
    expect(await ids(principal)).toContain(incident.id);
    expect(await ids(bureau)).toContain(incident.id);
    expect(await ids(zihe)).not.toContain(incident.id);
    expect((await runtime.get('/me', zihe)).body.schools.map((school: { orgId: string }) => school.orgId)).toEqual(['zihe-middle']);
  });

  it('keeps the action links public', async () => {
    const { body: incident } = await runtime.post('/incidents', { ...fire, place: '操场' });
    const link = linkIn((await recordedText(runtime, incident.id)).body);
    expect((await runtime.get(link)).status).toBe(200);
  });
});

describe('actions as the signed-in person', () => {
  it('records a note, an acknowledgement, the report and the close as that person', async () => {
    const { body: incident } = await runtime.post('/incidents', { ...fire, place: '实验楼' });
    const principal = await runtime.signIn(PRINCIPAL);
    const act = (body: object) => runtime.post(`/incidents/${incident.id}/actions`, body, principal);

    // The chain's texts are appended beside it, so the note is looked for rather than taken as the last event.
    const noted = (await act({ action: 'note', text: '已疏散学生' })).body.timeline.filter((event: { type: string }) => event.type === 'note');
    expect(noted).toEqual([expect.objectContaining({ name: '叶远新', text: '已疏散学生' })]);
    expect((await act({ action: 'ack' })).body).toMatchObject({ acknowledged: true, acknowledgedBy: { name: '叶远新' } });
    expect((await act({ action: 'reported' })).body.reportedToBureau).toBe(true);
    const refused = await act({ action: 'close' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.resolution).toBeDefined();
    expect((await act({ action: 'close', resolution: '明火扑灭' })).body).toMatchObject({ status: 'closed', actions: [] });
    expect((await act({ action: 'note', text: '补充' })).status).toBe(409);
    expect((await runtime.get('/incidents?open=1', principal)).body.incidents.map((open: { id: string }) => open.id)).not.toContain(incident.id);
  });
});

describe('pages and files (public)', () => {
  it('serves a school’s report form at a stable address, with a QR code of it', async () => {
    const page = await runtime.get('/report/huapu-primary');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<base href="/">');
    expect((await runtime.get('/report/no-such-school')).status).toBe(404);
    const response = await fetch(`${runtime.url}/report/huapu-primary/qr.svg`);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(await response.text()).toMatch(/^<svg/);
  });

  it('serves its files and nothing outside them', async () => {
    expect((await fetch(`${runtime.url}/assets/app.js`)).headers.get('content-type')).toMatch(/javascript/);
    for (const path of ['/assets/..%2Fboard.html', '/assets/..%2F..%2Fpackage.json', '/assets/nothing.js']) expect((await runtime.get(path)).status).toBe(404);
  });

  it("tells the pages how to sign in (the development sign-in here) and the API's caps on their texts", async () => {
    expect((await runtime.get('/console.json')).body).toMatchObject({ signIn: { kind: 'development' }, smsSimulator: true, limits: FORM_LIMITS });
  });
});
