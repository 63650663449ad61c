import { readFileSync } from 'node:fs';
import { MemoryDutyStore } from '../../../functions/adapters/memory-reports';
import { MemoryIncidentStore, MemoryPlanCatalog } from '../../../functions/adapters/memory';
import { dutyAt, dutyOfficerAt, handoverAt, peopleAt, shiftsBetween } from '../../../functions/core/duty/duty';
import type { DutyOverride } from '../../../functions/core/duty/ports';
import { NotFoundError, ValidationError } from '../../../functions/core/base/errors';
import { randomIds } from '../../../functions/core/base/ids';
import { submitIncident } from '../../../functions/core/incident/intake';
import { checkPlanFile, formatProblem, parsePlanFile } from '../../../functions/core/plan/file';
import { zonedInstant } from '../../../functions/core/plan/calendar';
import { handoverSlots, recordHandovers, rosterFor, setOverride, showRoster } from '../../../functions/core/duty/roster';
import { loadPlan, ROOT } from '../plans/support';
import { join } from 'node:path';

/** Who is on duty when: shifts across midnight, 24-hour shifts and their handover, swaps and covers, nights nobody covers. */

const huapu = loadPlan('huapu-primary');
const college = loadPlan('changping-college');
const nightGap = parsePlanFile(readFileSync(join(ROOT, 'test/fixtures/duty/no-night-cover.yaml'), 'utf8'), 'no-night-cover.yaml');
const beijing = (day: string, time: string) => {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return zonedInstant(day, hour, minute, 'Asia/Shanghai');
};
const officer = (plan = college, instant: Date, overrides: DutyOverride[] = []) => dutyOfficerAt(plan, overrides, instant)?.id;

describe('a day shift and a night shift (plan 3, 学院 duty room)', () => {
  test.each([
    ['2014-03-05', '07:59', 'duty-staff-a', 'night'], // the night of the 4th, still
    ['2014-03-05', '08:00', 'duty-staff-c', 'day'],
    ['2014-03-05', '19:59', 'duty-staff-c', 'day'],
    ['2014-03-05', '20:00', 'duty-staff-b', 'night'],
    ['2014-03-05', '23:30', 'duty-staff-b', 'night'],
    ['2014-03-06', '02:00', 'duty-staff-b', 'night'], // past midnight: the night shift of the 5th
    ['2014-03-06', '08:00', 'duty-staff-a', 'day'],
  ])('at %s %s the duty officer is %s (%s shift)', (day, time, person, shift) => {
    const duty = dutyAt(college, [], beijing(day, time))!;
    expect(duty.people.map((p) => p.id)).toEqual([person]);
    expect(duty.shift?.shift).toBe(shift);
  });

  test('the night shift of the 5th runs from 20:00 that day to 08:00 the next, in Beijing time', () => {
    const night = shiftsBetween(college, [], '2014-03-05', '2014-03-05').find((shift) => shift.shift === 'night')!;
    expect([night.starts, night.ends]).toEqual(['2014-03-05T12:00:00.000Z', '2014-03-06T00:00:00.000Z']);
  });

  test('a chain naming the duty officer and the duty room texts the person on shift and the room phone', () => {
    const people = peopleAt(college, [], ['duty-officer', 'duty-room'], beijing('2014-03-05', '23:00')).map((p) => p.id);
    expect(people).toEqual(['duty-room', 'duty-staff-b']);
  });
});

describe('a 24-hour shift handed over at 08:00 (plan 1, 两会)', () => {
  test('the leadership group takes turns from 3 March, each for 24 hours from 08:00', () => {
    expect(officer(huapu, beijing('2014-03-03', '08:00'))).toBe('chen-zuwei');
    expect(officer(huapu, beijing('2014-03-04', '07:59'))).toBe('chen-zuwei');
    expect(officer(huapu, beijing('2014-03-04', '08:00'))).toBe('lai-mingqing');
    expect(officer(huapu, beijing('2014-03-08', '12:00'))).toBe('chen-zuwei'); // five in turn
  });

  test('outside 两会 the duty phone is the duty lead, as the plan lists it', () => {
    expect(dutyAt(huapu, [], beijing('2014-03-20', '12:00'))).toMatchObject({ rostered: false, people: [expect.objectContaining({ id: 'duty-phone' })] });
    expect(officer(huapu, beijing('2014-03-02', '12:00'))).toBe('duty-phone');
    // The last night of the period is still rostered until the 08:00 handover.
    expect(officer(huapu, beijing('2014-03-14', '07:00'))).toBe('chen-zuwei');
    expect(officer(huapu, beijing('2014-03-14', '08:00'))).toBe('duty-phone');
  });

  test('the handover at 08:00 names who handed over to whom; a time nothing changes is none', () => {
    expect(handoverAt(huapu, [], beijing('2014-03-05', '08:00'))).toEqual({
      at: beijing('2014-03-05', '08:00').toISOString(),
      role: 'duty-lead',
      shift: 'round-the-clock',
      date: '2014-03-05',
      from: [{ personId: 'lai-mingqing', name: '赖铭庆' }],
      to: [{ personId: 'xie-yongyu', name: '谢永玉' }],
    });
    expect(handoverAt(huapu, [], beijing('2014-03-05', '12:00'))).toBeUndefined();
  });

  test('a shift keeps its wall-clock hours across a change of daylight saving', () => {
    const newYork = { ...college, timeZone: 'America/New_York' };
    // Clocks went forward at 02:00 on 9 March 2014: the night of the 8th is an hour shorter.
    const night = shiftsBetween(newYork, [], '2014-03-08', '2014-03-08').find((shift) => shift.shift === 'night')!;
    expect((Date.parse(night.ends) - Date.parse(night.starts)) / 3_600_000).toBe(11);
    expect(night.ends).toBe('2014-03-09T12:00:00.000Z'); // 08:00 EDT
  });
});

describe('overrides set by a duty lead', () => {
  const world = () => {
    const duty = new MemoryDutyStore();
    let now = beijing('2014-03-04', '10:00');
    const deps = { plans: new MemoryPlanCatalog([college, huapu]), duty, clock: { now: () => now }, ids: randomIds };
    return { deps, duty, setNow: (instant: Date) => (now = instant) };
  };

  test('a cover puts someone else on one shift and nothing else changes', async () => {
    const { deps } = world();
    const { override, roster } = await setOverride(
      deps,
      'changping-college',
      {
        kind: 'cover',
        shift: 'night',
        date: '2014-03-05',
        personId: 'youth-league-secretary',
        reason: '乙请假',
      },
      'office-director',
    );
    expect(override.setBy).toEqual({ personId: 'office-director', name: '领导小组办公室主任' });
    expect(override.assignments).toEqual([{ shift: 'night', date: '2014-03-05', personId: 'youth-league-secretary', replaces: 'duty-staff-b' }]);
    expect(roster.now.people).toEqual([{ personId: 'youth-league-secretary', name: '团委书记' }]);
    const overrides = await deps.duty.overrides('changping-college');
    expect(officer(college, beijing('2014-03-05', '22:00'), overrides)).toBe('youth-league-secretary');
    expect(officer(college, beijing('2014-03-05', '12:00'), overrides)).toBe('duty-staff-c');
    expect(officer(college, beijing('2014-03-06', '22:00'), overrides)).toBe('duty-staff-c');
  });

  test('a swap trades two shifts, and a later override of the same shift wins', async () => {
    const { deps, setNow } = world();
    const { override } = await setOverride(
      deps,
      'changping-college',
      { kind: 'swap', shift: 'day', date: '2014-03-05', withShift: 'night', withDate: '2014-03-05' },
      'office-director',
    );
    expect(override.assignments).toEqual([
      { shift: 'day', date: '2014-03-05', personId: 'duty-staff-b', replaces: 'duty-staff-c' },
      { shift: 'night', date: '2014-03-05', personId: 'duty-staff-c', replaces: 'duty-staff-b' },
    ]);
    let overrides = await deps.duty.overrides('changping-college');
    expect(officer(college, beijing('2014-03-05', '12:00'), overrides)).toBe('duty-staff-b');
    expect(officer(college, beijing('2014-03-05', '22:00'), overrides)).toBe('duty-staff-c');
    setNow(beijing('2014-03-04', '11:00'));
    await setOverride(deps, 'changping-college', { kind: 'cover', shift: 'day', date: '2014-03-05', personId: 'dean' }, 'office-director');
    overrides = await deps.duty.overrides('changping-college');
    expect(officer(college, beijing('2014-03-05', '12:00'), overrides)).toBe('dean');
    expect(officer(college, beijing('2014-03-05', '22:00'), overrides)).toBe('duty-staff-c');
  });

  test('only a duty lead may change the roster (who is signed in, not a field), and only on days it runs; each problem names its field', async () => {
    const { deps } = world();
    const refused = async (planId: string, body: object, setBy = 'office-director') => {
      try {
        await setOverride(deps, planId, body, setBy);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).fields;
      }
      throw new Error('accepted');
    };
    await expect(setOverride(deps, 'changping-college', { kind: 'cover', shift: 'day', date: '2014-03-05', personId: 'dean' }, 'duty-staff-a')).rejects.toThrow(
      expect.objectContaining({ name: 'ForbiddenError', message: expect.stringContaining('领导小组办公室') }),
    );
    expect(await refused('changping-college', { kind: 'cover', shift: 'evening', date: '5 March', personId: 'nobody' }, 'office-director')).toEqual({
      shift: expect.stringContaining('day, night'),
      date: expect.stringContaining('YYYY-MM-DD'),
      personId: expect.any(String),
    });
    expect(await refused('huapu-primary', { kind: 'cover', shift: 'round-the-clock', date: '2014-04-01', personId: 'wang-ying' }, 'ye-yuanxin')).toEqual({
      date: expect.stringContaining('national-lianghui'),
    });
    expect(await refused('changping-college', { kind: 'trade' })).toEqual({ kind: expect.any(String) });
    expect(await refused('changping-college', { kind: 'cover', shift: 'day', date: '2014-03-05', personId: 'dean', setBy: 'dean' })).toEqual({
      setBy: expect.stringContaining('unknown field'),
    });
    expect(await deps.duty.overrides('changping-college')).toEqual([]);
  });

  test('a plan without a roster has none to show: NotFoundError, which the API answers 404', async () => {
    const { deps } = world();
    const zihe = loadPlan('zihe-middle');
    expect(zihe.duty).toBeUndefined();
    await expect(showRoster({ ...deps, plans: new MemoryPlanCatalog([zihe]) }, 'zihe-middle')).rejects.toThrow(NotFoundError);
  });

  test('the roster view shows who is on now and the week ahead', async () => {
    const { deps } = world();
    const view = await showRoster(deps, 'changping-college', beijing('2014-03-05', '21:00').toISOString());
    expect(view).toMatchObject({ role: 'duty-officer', roleName: '值班人员', now: { people: [{ personId: 'duty-staff-b' }], shift: { shift: 'night', person: '值班员(乙)' } } });
    expect(view.next).toMatchObject({ people: [{ personId: 'duty-staff-a' }], shift: { shift: 'day', date: '2014-03-06' } });
    expect(view.shifts).toHaveLength(14);
    expect(view.shifts[0]).toMatchObject({ shift: 'day', date: '2014-03-05' });
  });
});

describe('a school without night cover', () => {
  test('nobody is on duty at night: a level naming only the duty officer reaches nobody; other roles still do', () => {
    const night = beijing('2014-03-05', '22:00');
    expect(dutyAt(nightGap, [], night)).toEqual({ role: 'duty-officer', people: [], rostered: true });
    expect(peopleAt(nightGap, [], ['duty-officer'], night)).toEqual([]);
    expect(peopleAt(nightGap, [], ['duty-officer', 'principal'], night).map((p) => p.id)).toEqual(['principal']);
    expect(officer(nightGap, beijing('2014-03-05', '09:00'))).toBe('teacher-li');
  });

  test('the roster the duty page reads names each night nobody covers, and only the duty lead gets the cover form', async () => {
    const deps = { plans: new MemoryPlanCatalog([nightGap, college]), duty: new MemoryDutyStore(), clock: { now: () => beijing('2014-03-05', '21:19') } };
    const caller = (phone: string) => ({ subject: phone, phone, groups: ['school:night-gap-primary'] });
    const view = await rosterFor(deps, caller('+8613900000101'), 'night-gap-primary');
    expect(view.now).toEqual({ people: [], rostered: true });
    expect(view.gaps).toHaveLength(6);
    expect(view.gaps[0]).toEqual({ from: beijing('2014-03-05', '18:00').toISOString(), to: beijing('2014-03-06', '08:00').toISOString() });
    expect(view.you).toEqual({ personId: 'principal', name: '张校长', mayOverride: true });
    expect(view.people.map((person) => person.personId)).toEqual(['principal', 'teacher-li', 'teacher-wang']);
    expect((await rosterFor(deps, caller('+8613900000103'), 'night-gap-primary')).you).toMatchObject({ personId: 'teacher-wang', mayOverride: false });
    // Day and night shifts that meet leave nobody uncovered.
    expect((await showRoster(deps, 'changping-college')).gaps).toEqual([]);
  });

  test('at 18:00 the duty passes to nobody, and that is a handover too', () => {
    expect(handoverAt(nightGap, [], beijing('2014-03-05', '18:00'))).toMatchObject({ from: [{ personId: 'teacher-li' }], to: [] });
    expect(handoverSlots([nightGap, college])).toEqual([
      { timeZone: 'Asia/Shanghai', time: '08:00' },
      { timeZone: 'Asia/Shanghai', time: '18:00' },
      { timeZone: 'Asia/Shanghai', time: '20:00' },
    ]);
  });
});

test('a handover goes on the timeline of every open incident of the school, once', async () => {
  const incidents = new MemoryIncidentStore();
  const plans = new MemoryPlanCatalog([college]);
  let now = beijing('2014-03-05', '19:30');
  const clock = { now: () => now };
  const report = () =>
    submitIncident(
      { incidents, clock, ids: randomIds, escalations: { start: async () => undefined } },
      { plan: college, report: { planId: 'changping-college', category: 'disturbance', place: '操场', description: '有人闹事', reporter: {} }, channel: 'web' },
    );
  const open = (await report()).record.incident;
  const closed = (await report()).record.incident;
  await incidents.markClosed(closed.id);
  now = beijing('2014-03-05', '20:00');
  const deps = { plans, incidents, duty: new MemoryDutyStore(), clock };
  const input = { timeZone: 'Asia/Shanghai', time: '20:00', firedAt: now.toISOString() };
  expect(await recordHandovers(deps, input)).toMatchObject({ schools: 1, incidents: 1 });
  expect(await recordHandovers(deps, input)).toMatchObject({ schools: 1, incidents: 0 });
  const handovers = (await incidents.get(open.id))!.timeline.filter((event) => event.type === 'handover');
  expect(handovers).toEqual([
    expect.objectContaining({
      at: now.toISOString(),
      shift: 'night',
      from: [{ personId: 'duty-staff-c', name: '值班员(丙)' }],
      to: [{ personId: 'duty-staff-b', name: '值班员(乙)' }],
    }),
  ]);
  expect((await incidents.get(closed.id))!.timeline.some((event) => event.type === 'handover')).toBe(false);
});

describe('the roster in a plan file', () => {
  const base = readFileSync(join(ROOT, 'test/fixtures/duty/no-night-cover.yaml'), 'utf8');
  const problems = (text: string) => {
    const check = checkPlanFile(text, 'roster.yaml');
    return check.ok ? [] : check.problems.map(formatProblem);
  };

  test('a role the roster decides cannot also be handed out in people (unless the roster runs only in a period)', () => {
    const text = base.replace('roles: [teacher] }', 'roles: [teacher, duty-officer] }');
    expect(problems(text)).toEqual([expect.stringMatching(/people\[1\]\.roles\[1\]: duty-officer is decided by the duty roster/)]);
  });

  test('shifts may not overlap', () => {
    const text = base.replace(
      '      rota: { start: "2014-03-03", people: [teacher-li, teacher-wang] }\n',
      '      rota: { start: "2014-03-03", people: [teacher-li, teacher-wang] }\n    - { id: evening, starts: "17:00", ends: "22:00", rota: { start: "2014-03-03", people: [principal] } }\n',
    );
    expect(problems(text)).toEqual([expect.stringMatching(/duty\.shifts\[1\]\.starts: shift evening overlaps shift day/)]);
  });

  test('a rota names people of the plan, with a suggestion for a typo', () => {
    expect(problems(base.replace('people: [teacher-li, teacher-wang]', 'people: [teacher-li, teacher-wnag]'))).toEqual([
      expect.stringMatching(/duty\.shifts\[0\]\.rota\.people\[1\]: unknown person "teacher-wnag" \(did you mean "teacher-wang"\?\)/),
    ]);
  });

  test('a chain may name the roster role though nobody holds it in people', () => {
    expect(problems(base)).toEqual([]);
  });
});
