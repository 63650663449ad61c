// @ts-check
/**
 * Duty: for each school the signed-in person may see, who is on duty now and next, the week's
 * shifts with a warning where nobody is on, the overrides and, for a duty lead, the cover and swap
 * form; today's zero report (or all-clear) as the roll-up marks it. A bureau's desk also sees its
 * schools' counts per status for the past week. The roster and roll-up are asked for only where
 * the stage has their APIs; otherwise the page shows what the plan itself says about duty.
 */
import { api, clockTime, config, el, renderBar, requireSignIn, startPage } from './app.js';
import { overrideForm, shiftLabel } from './duty-form.js';
import { dayCounts, daysBack, kindsSent, rowsOf } from './duty-reports.js';
import { t } from './i18n.js';

startPage();
/** @type {any} */
let me;
/** @type {Map<string, any>} */
const rosters = new Map();
/** @type {import('./duty-reports.js').RollUp[]} */
let rollUps = [];
/** @type {Map<string, string>} what each school's lead last saved, shown above the form */
const saved = new Map();
/** @type {string[]} */
let routes = [];
const BUREAU_DAYS = 7;

async function main() {
  if (!requireSignIn()) return;
  const settings = await config();
  routes = /** @type {any} */ (settings).routes ?? [];
  const answer = await api('me');
  if (answer.status !== 200) return;
  me = answer.body;
  renderBar({ active: 'duty', who: me.name });
  window.addEventListener('yingji:lang', () => render());
  await Promise.all([...me.schools.filter((/** @type {any} */ school) => school.hasRoster).map((/** @type {any} */ school) => loadRoster(school.planId)), loadReports()]);
  render();
}

/** The superiors whose duty desk the caller is: they see their schools' counts. */
const bureaus = () => (me.groups ?? []).filter((/** @type {string} */ group) => group.startsWith('bureau:')).map((/** @type {string} */ group) => group.slice('bureau:'.length));

/** @param {string} planId */
async function loadRoster(planId) {
  if (!routes.includes('GET /duty/{planId}')) return;
  const { status, body } = await api(`duty/${encodeURIComponent(planId)}`);
  if (status === 200) rosters.set(planId, body);
}

/**
 * Today's roll-up of each daily report the schools send, every page of its rows (one for a school,
 * a few of 1,000 for a bureau); for a bureau's desk, the past week's counts too, without rows (`limit=0`).
 */
async function loadReports() {
  if (!routes.includes('GET /reports')) return;
  const todays = [...new Set(me.schools.map((/** @type {any} */ school) => /** @type {string} */ (school.today)))];
  const dates = bureaus().length > 0 ? [...new Set(todays.flatMap((date) => daysBack(date, BUREAU_DAYS)))] : todays;
  const asked = kindsSent(me.schools).flatMap((type) => dates.map((date) => ({ type, date })));
  const answers = await Promise.all(asked.map(({ type, date }) => (todays.includes(date) ? everyPage(date, type) : api(`reports?date=${date}&type=${type}&limit=0`).then(bodyOf))));
  rollUps = answers.filter((answer) => answer !== undefined);
}

/** @param {{ status: number, body: any }} answer */
const bodyOf = (answer) => (answer.status === 200 ? answer.body : undefined);

/**
 * A day's roll-up with the rows of all its pages.
 * @param {string} date @param {string} type
 * @returns {Promise<import('./duty-reports.js').RollUp | undefined>}
 */
async function everyPage(date, type) {
  const first = bodyOf(await api(`reports?date=${date}&type=${type}&limit=1000`));
  if (!first) return undefined;
  const rows = [...first.schools];
  for (let cursor = first.nextCursor; cursor;) {
    const page = bodyOf(await api(`reports?date=${date}&type=${type}&limit=1000&cursor=${encodeURIComponent(cursor)}`));
    if (!page) break;
    rows.push(...page.schools);
    cursor = page.nextCursor;
  }
  return { ...first, schools: rows };
}

function render() {
  const root = /** @type {HTMLElement} */ (document.getElementById('duty'));
  root.replaceChildren(...[bureauCounts(), ...me.schools.map(school)].filter((node) => node !== null));
}

/** A bureau's desk: for each of the past week's days, how many schools' reports are in, late, missing, not yet due. */
function bureauCounts() {
  if (bureaus().length === 0 || !routes.includes('GET /reports')) return null;
  const today = me.schools[0]?.today;
  if (!today) return null;
  const names = [
    ...new Set(
      me.schools.flatMap((/** @type {any} */ school) =>
        school.superiors.filter((/** @type {any} */ superior) => bureaus().includes(superior.id)).map((/** @type {any} */ superior) => superior.name),
      ),
    ),
  ];
  const reports = [...new Set(rollUps.flatMap((rollUp) => rollUp.schools.map((row) => row.report)))];
  const statuses = /** @type {const} */ (['submitted', 'late', 'missing', 'pending']);
  return el(
    'section',
    { class: 'card', 'data-bureau-counts': '', 'aria-labelledby': 'bureau-counts' },
    el('h2', { id: 'bureau-counts' }, t('duty.bureau.title', { report: reports.join('、') || t('duty.zeroReport'), bureau: names.join('、') })),
    el(
      'div',
      { class: 'table-scroll' },
      el(
        'table',
        { class: 'counts-table' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col' }, t('duty.bureau.date')),
            el('th', { scope: 'col' }, t('duty.bureau.due')),
            ...statuses.map((status) => el('th', { scope: 'col' }, t(`duty.column.${status}`))),
          ),
        ),
        el(
          'tbody',
          {},
          ...daysBack(today, BUREAU_DAYS).map((date) => {
            const counts = dayCounts(rollUps, date);
            return el(
              'tr',
              { 'data-date': date },
              el('th', { scope: 'row' }, el('time', { datetime: date }, date.slice(5))),
              el('td', { 'data-status': 'due' }, counts.due),
              ...statuses.map((status) =>
                el('td', { 'data-status': status, class: (status === 'late' || status === 'missing') && counts[status] > 0 ? 'late' : undefined }, counts[status]),
              ),
            );
          }),
        ),
      ),
    ),
    el('p', { class: 'muted' }, t('duty.bureau.note')),
  );
}

/** @param {any} plan */
function school(plan) {
  const roster = rosters.get(plan.planId);
  return el(
    'section',
    { class: 'card', 'aria-labelledby': `duty-${plan.planId}`, 'data-school': plan.orgId },
    el('h2', { id: `duty-${plan.planId}` }, plan.orgName),
    el('p', { class: 'muted' }, t('duty.today', { date: plan.today })),
    roster ? onDuty(roster, plan) : byPlan(plan),
    zeroReport(plan),
    periods(plan),
  );
}

/** The roster's answer: now, next, where nobody is on, the week, the overrides and (for a lead) the form. @param {any} roster @param {any} plan */
function onDuty(roster, plan) {
  const person = (/** @type {any} */ entry) =>
    entry && entry.people.length > 0
      ? `${entry.people.map((/** @type {any} */ p) => p.name).join('、')}${entry.shift ? ` (${clockTime(entry.shift.starts, plan.timeZone)}–${clockTime(entry.shift.ends, plan.timeZone)})` : ''}`
      : t('duty.none');
  const overrides = /** @type {any[]} */ (roster.overrides ?? []);
  const done = saved.get(roster.planId);
  return el(
    'div',
    {},
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, t('duty.now')),
      el('dd', { 'data-field': 'now' }, person(roster.now)),
      el('dt', {}, t('duty.next')),
      el('dd', { 'data-field': 'next' }, person(roster.next)),
    ),
    gaps(roster),
    el('h3', {}, t('duty.week')),
    roster.shifts.length === 0
      ? el('p', { class: 'muted', 'data-field': 'week' }, t('duty.week.none', { role: roster.roleName }))
      : el(
          'ul',
          { class: 'shifts', 'data-field': 'week' },
          ...roster.shifts.map((/** @type {any} */ shift) =>
            el(
              'li',
              { 'data-shift': `${shift.shift}@${shift.date}` },
              shiftLabel(shift, roster.timeZone),
              shift.overrideId ? el('span', { class: 'badge open' }, ` ${t('duty.overridden')}`) : null,
            ),
          ),
        ),
    el('h3', {}, t('duty.overrides')),
    overrides.length === 0
      ? el('p', { class: 'muted' }, t('duty.noOverrides'))
      : el(
          'ul',
          { 'data-field': 'overrides' },
          ...overrides.map((override) =>
            el(
              'li',
              {},
              `${t(`duty.override.${override.kind}`)} · ${(override.assignments ?? []).map((/** @type {any} */ a) => `${a.date} ${roster.shifts.find((/** @type {any} */ shift) => shift.shift === a.shift)?.name ?? a.shift} ${roster.people.find((/** @type {any} */ p) => p.personId === a.personId)?.name ?? a.personId}`).join('、')} · ${override.setBy?.name ?? ''}${override.reason ? ` · ${override.reason}` : ''}`,
            ),
          ),
        ),
    done ? el('p', { class: 'ok-box', role: 'status' }, t('duty.form.saved', { what: done })) : null,
    roster.you?.mayOverride && roster.shifts.length > 0
      ? overrideForm(roster, async (what) => {
          saved.set(roster.planId, what);
          await loadRoster(roster.planId);
          render();
        })
      : null,
  );
}

/** Where the roster leaves nobody on duty: now, and the stretches of the week ahead (a night no shift covers). @param {any} roster */
function gaps(roster) {
  const nobodyNow = roster.now.rostered && roster.now.people.length === 0;
  const ahead = /** @type {{ from: string, to: string }[]} */ (roster.gaps ?? []).filter((gap) => Date.parse(gap.to) > Date.parse(roster.at));
  if (!nobodyNow && ahead.length === 0) return null;
  const span = (/** @type {{ from: string, to: string }} */ gap) =>
    t('duty.gap.span', { from: clockTime(gap.from, roster.timeZone, true), to: clockTime(gap.to, roster.timeZone, true) });
  return el(
    'div',
    { class: 'warn-box', 'data-field': 'gaps' },
    nobodyNow ? el('p', { 'data-field': 'nobody-now' }, el('strong', {}, t('duty.gap.now', { role: roster.roleName }))) : null,
    ahead.length > 0 ? el('p', {}, t('duty.gap.week', { role: roster.roleName })) : null,
    ahead.length > 0 ? el('ul', {}, ...ahead.map((gap) => el('li', {}, span(gap)))) : null,
  );
}

/** Without the roster API: the plan's duty posts and who holds them. @param {any} plan */
function byPlan(plan) {
  return el(
    'div',
    {},
    el('p', { class: 'muted', 'data-roster': 'absent' }, t('duty.rosterMissing')),
    el('h3', {}, t('duty.byPlan')),
    plan.dutyRoles.length === 0
      ? el('p', {}, t('duty.none'))
      : el(
          'ul',
          {},
          ...plan.dutyRoles.map((/** @type {any} */ role) =>
            el(
              'li',
              {},
              el('strong', {}, role.roleName),
              '：',
              ...role.people.flatMap((/** @type {any} */ person, /** @type {number} */ index) => [
                index > 0 ? '、' : '',
                person.name,
                ' ',
                el('a', { href: `tel:${person.phone}` }, person.phone),
              ]),
            ),
          ),
        ),
  );
}

/** Today's daily reports as the roll-up has them: each line marked late exactly when its row is. @param {any} plan */
function zeroReport(plan) {
  const daily = plan.scheduledReports.filter((/** @type {any} */ report) => report.kind === 'zero-report' || report.kind === 'all-clear');
  const rows = rowsOf(rollUps, plan.today, plan.planId);
  const line = (/** @type {import('./duty-reports.js').RollUpRow} */ row) =>
    el(
      'li',
      { 'data-field': 'zero-report', 'data-report': row.reportId, 'data-late': String(row.late), class: row.late ? 'late' : undefined },
      `${row.report}：`,
      row.status === 'submitted'
        ? t('duty.submitted', { time: row.submittedAt ? clockTime(row.submittedAt, plan.timeZone) : '', who: row.by?.name ?? '' })
        : t(`duty.status.${row.status}`),
      row.status === 'submitted' && row.late ? el('span', { class: 'badge late' }, t('duty.report.lateMark')) : null,
    );
  return el(
    'div',
    {},
    el('h3', {}, t('duty.zeroReport')),
    rows.length > 0
      ? el('ul', { class: 'reports' }, ...rows.map(line))
      : el('p', { 'data-field': 'zero-report' }, routes.includes('GET /reports') ? t('duty.notDue') : t('duty.reportsMissing')),
    daily.length > 0 && el('ul', { class: 'muted' }, ...daily.map((/** @type {any} */ report) => el('li', {}, `${report.name} · ${report.at}`))),
  );
}

/** @param {any} plan */
function periods(plan) {
  if (plan.periods.length === 0) return null;
  return el(
    'div',
    {},
    el('h3', {}, t('duty.periods')),
    el(
      'ul',
      {},
      ...plan.periods.map((/** @type {any} */ period) =>
        el(
          'li',
          {},
          `${period.name} ${period.from} – ${period.to}`,
          period.active ? el('span', { class: 'badge late' }, ` ${t('duty.periodActive')}`) : null,
          period.roundTheClock ? ` · ${t('duty.roundTheClock')}` : '',
        ),
      ),
    ),
  );
}

main();
