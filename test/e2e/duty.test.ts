import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/definitions';
import { clockPasses, eventually, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * The duty roster on the local runtime, time sped up 60×, starting 5 March 2014 at 17:45 Beijing
 * time at a school whose roster covers the day only (08:00-18:00): its chain texts the duty
 * officer first, then the principal. At 60× a busy machine still reports the day's incident before
 * 18:00 and texts the principal within the level's ten minutes. Assertions are in the runtime's own time.
 */

const PRINCIPAL = '+8613900000101';
const TEACHER_LI = '+8613900000102'; // on the day shift of 5 March
const TEACHER_WANG = '+8613900000103';
const PLAN = 'night-gap-primary';
const at = (time: string, day = '2014-03-05') => new Date(`${day}T${time}:00+08:00`).toISOString();
const fire = { planId: PLAN, category: 'fire', place: '3号楼', description: '三楼冒烟', reporter: {} };

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 60, plansDir: join(PROJECT_ROOT, 'test/fixtures/duty'), start: at('17:45') });
});
afterAll(() => runtime.close());

test('by day the duty officer is texted first; at 18:00 the handover to nobody goes on the open incident; at night the duty level is skipped at once and the principal texted', async () => {
  const { body: day } = await runtime.post('/incidents', fire);
  expect(day.reportedAt < at('18:00')).toBe(true);
  const first = await eventually(() => runtime.textsFor(day.id)[0]);
  expect(first.to).toBe(TEACHER_LI);

  await clockPasses(runtime, at('18:01'));
  const handover = await eventually(async () =>
    (await runtime.get(`/incidents/${day.id}`, await runtime.signIn(PRINCIPAL))).body.timeline.find((event: { type: string }) => event.type === 'handover'),
  );
  expect(handover).toMatchObject({ at: at('18:00'), role: 'duty-officer', from: [{ personId: 'teacher-li', name: '李老师' }], to: [] });

  const { body: night } = await runtime.post('/incidents', { ...fire, place: '宿舍楼' });
  await eventually(() => runtime.textsFor(night.id).find((text) => text.to === PRINCIPAL));
  // That the principal does not wait for level 1's deadline is the step's returned deadline (now),
  // checked in test/unit/duty/escalation.test.ts: at 600× a busy machine's second is 10 minutes.
  expect(runtime.textsFor(night.id).map((text) => text.to)).toEqual([PRINCIPAL]);
  const headers = await runtime.signIn(PRINCIPAL);
  const after = await eventually(async () => {
    const { body } = await runtime.get(`/incidents/${night.id}`, headers);
    return body.timeline.some((event: { type: string }) => event.type === 'notified') && body;
  });
  const types = after.timeline.map((event: { type: string }) => event.type);
  expect(types.slice(0, 4)).toEqual(['reported', 'skipped', 'escalated', 'notified']);
  expect(after.timeline[1]).toMatchObject({ type: 'skipped', level: 1, roles: ['duty-officer'] });
});

test('the duty lead (the principal, signed in) covers a shift, and the roster shows who is on', async () => {
  const principal = await runtime.signIn(PRINCIPAL);
  const tomorrow = encodeURIComponent(at('09:00', '2014-03-06'));
  expect((await runtime.get(`/duty/${PLAN}?at=${tomorrow}`, principal)).body.now.people).toEqual([{ personId: 'teacher-wang', name: '王老师' }]);

  const covered = await runtime.post(`/duty/${PLAN}/overrides`, { kind: 'cover', shift: 'day', date: '2014-03-06', personId: 'teacher-li', reason: '王老师外出培训' }, principal);
  expect(covered.status).toBe(201);
  expect(covered.body.override).toMatchObject({
    kind: 'cover',
    assignments: [{ shift: 'day', date: '2014-03-06', personId: 'teacher-li', replaces: 'teacher-wang' }],
    setBy: { personId: 'principal', name: '张校长' },
  });

  const roster = await runtime.get(`/duty/${PLAN}?at=${tomorrow}`, principal);
  expect(roster.body.now).toMatchObject({ people: [{ personId: 'teacher-li' }], shift: { shift: 'day', overrideId: covered.body.override.id } });
  expect(roster.body.overrides).toHaveLength(1);
});

test('a teacher who is not a duty lead may see the roster but not change it; nobody signed out sees it', async () => {
  const teacher = await runtime.signIn(TEACHER_WANG);
  const refused = await runtime.post(`/duty/${PLAN}/overrides`, { kind: 'cover', shift: 'day', date: '2014-03-07', personId: 'teacher-wang' }, teacher);
  expect(refused.status).toBe(403);
  expect(refused.body.error.message).toContain('校长');
  expect((await runtime.get(`/duty/${PLAN}`, teacher)).body.overrides).toHaveLength(1);
  expect((await runtime.get(`/duty/${PLAN}`)).status).toBe(401);
  expect((await runtime.get('/duty/no-such-school', teacher)).status).toBe(404);
});
