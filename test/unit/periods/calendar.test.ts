import { MemoryCalendarStore, MemoryPlanCatalog } from '../../../functions/adapters/memory';
import { ForbiddenError, ValidationError } from '../../../functions/core/base';
import { calendarFor, setCalendar, withCalendar } from '../../../functions/core/periods';
import { type Caller, dueTimes, periodCovers, zonedInstant } from '../../../functions/core/plan';
import { seedPlan } from '../../support/plans';

/** The bureau's calendar: each year's dates for the periods the plans name; rosters and scheduled reports follow. */

const plans = ['huapu-primary.yaml', 'jiedao-lianghui.yaml', 'zihe-middle.yaml'].map(seedPlan);
const BUREAU: Caller = { subject: 'b', phone: '+8613800000110', name: '银海区教育局值班室', groups: ['bureau:yinhai-education-bureau'] };
const PRINCIPAL: Caller = { subject: 'p', phone: '+8613800000101', groups: ['school:huapu-primary'] };
const LIANGHUI_2026 = { id: 'national-lianghui', name: '2026年全国"两会"', from: '2026-03-04', to: '2026-03-11' };

function world() {
  const calendar = new MemoryCalendarStore();
  const raw = new MemoryPlanCatalog(plans);
  return { deps: { plans: withCalendar(raw, calendar), calendar, clock: { now: () => new Date('2026-02-20T02:00:00Z') } }, raw };
}

it('a fresh install has only the plans’ own (2014) dates, so plan 1’s zero report is not due in 2026', async () => {
  const { deps } = world();
  const huapu = (await deps.plans.get('huapu-primary'))!;
  const zero = huapu.scheduledReports!.find((report) => report.kind === 'zero-report')!;
  expect(dueTimes(huapu, zero, zonedInstant('2026-03-05', 0, 0, huapu.timeZone), zonedInstant('2026-03-06', 0, 0, huapu.timeZone))).toEqual([]);
});

it('once the bureau dates 2026’s 两会, plan 1’s zero report is due at 17:00 on its days and plan 5 shares the dates', async () => {
  const { deps } = world();
  await setCalendar(deps, BUREAU, { periods: [LIANGHUI_2026] });
  const huapu = (await deps.plans.get('huapu-primary'))!;
  const zero = huapu.scheduledReports!.find((report) => report.kind === 'zero-report')!;
  const day = (date: string) => dueTimes(huapu, zero, zonedInstant(date, 0, 0, huapu.timeZone), zonedInstant(date, 23, 59, huapu.timeZone));
  expect(day('2026-03-05')).toEqual([zonedInstant('2026-03-05', 17, 0, huapu.timeZone)]);
  expect(day('2026-03-12')).toEqual([]);
  // The plan's own year still counts: it is the documented example.
  expect(day('2014-03-05')).toHaveLength(1);
  const jiedao = (await deps.plans.get('jiedao-lianghui'))!;
  expect(
    periodCovers(
      jiedao.periods!.find((period) => period.id === 'national-lianghui')!,
      '2026-03-10',
    ),
  ).toBe(true);
  const shown = await calendarFor(deps, PRINCIPAL);
  expect(shown).toMatchObject({ periods: [LIANGHUI_2026], setBy: { name: '银海区教育局值班室' }, mayEdit: false });
  expect(shown.known.map((period) => period.id)).toEqual(['national-lianghui']);
});

it('only a bureau’s desk sets it, and every wrong entry is named, nothing stored', async () => {
  const { deps } = world();
  await expect(setCalendar(deps, PRINCIPAL, { periods: [LIANGHUI_2026] })).rejects.toThrow(ForbiddenError);
  const wrong = setCalendar(deps, BUREAU, {
    periods: [
      { id: 'olympics', name: '', from: '2026-03-11', to: '2026-03-04', colour: 'red' },
      { ...LIANGHUI_2026, to: '2026-02-30' },
    ],
  });
  await expect(wrong).rejects.toThrow(ValidationError);
  await wrong.catch((error: ValidationError) =>
    expect(Object.keys(error.fields).sort()).toEqual(['periods[0].colour', 'periods[0].id', 'periods[0].name', 'periods[0].to', 'periods[1].to'].sort()),
  );
  await expect(setCalendar(deps, BUREAU, {})).rejects.toThrow(ValidationError);
  expect((await deps.calendar.read()).periods).toEqual([]);
});
