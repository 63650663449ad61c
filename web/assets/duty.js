// @ts-check
/**
 * Duty: for each school the signed-in person may see, who is on duty now and next (with overrides)
 * and today's zero report. The roster and scheduled-report APIs arrive with the duty issue; until
 * the console's config lists them, the page shows what the plan itself says about duty.
 */
import { api, clockTime, config, el, renderBar, requireSignIn, startPage } from './app.js';
import { t } from './i18n.js';

startPage();
/** @type {any} */
let me;
/** @type {Map<string, any>} */
const rosters = new Map();
/** @type {Map<string, any>} */
const reports = new Map();
/** @type {string[]} */
let routes = [];

async function main() {
  if (!requireSignIn()) return;
  const settings = await config();
  routes = /** @type {any} */ (settings).routes ?? [];
  const answer = await api('me');
  if (answer.status !== 200) return;
  me = answer.body;
  renderBar({ active: 'duty', who: me.name });
  window.addEventListener('yingji:lang', () => render());
  await load();
  render();
}

/** Asks the duty issue's APIs only when this stage has them. */
async function load() {
  if (routes.includes('GET /duty/{planId}')) {
    await Promise.all(
      me.schools.filter((/** @type {any} */ school) => school.hasRoster).map(async (/** @type {any} */ school) => {
        const { status, body } = await api(`duty/${encodeURIComponent(school.planId)}`);
        if (status === 200) rosters.set(school.planId, body);
      }),
    );
  }
  if (routes.includes('GET /reports')) {
    const dates = [...new Set(me.schools.map((/** @type {any} */ school) => school.today))];
    for (const date of dates) {
      const { status, body } = await api(`reports?date=${date}&type=zero-report`);
      if (status !== 200) continue;
      for (const entry of Array.isArray(body) ? body : (body.schools ?? [])) reports.set(`${date}:${entry.planId ?? entry.orgId}`, entry);
    }
  }
}

function render() {
  const root = /** @type {HTMLElement} */ (document.getElementById('duty'));
  root.replaceChildren(...me.schools.map(school));
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

/** The roster's answer: now, next, overrides. @param {any} roster @param {any} plan */
function onDuty(roster, plan) {
  const person = (/** @type {any} */ entry) => (entry ? `${(entry.people ?? [entry]).map((/** @type {any} */ p) => p.name).join('、')}${entry.shift ? ` (${clockTime(entry.shift.starts, plan.timeZone)}–${clockTime(entry.shift.ends, plan.timeZone)})` : ''}` : t('duty.none'));
  const overrides = /** @type {any[]} */ (roster.overrides ?? []);
  return el(
    'div',
    {},
    el('dl', { class: 'facts' }, el('dt', {}, t('duty.now')), el('dd', { 'data-field': 'now' }, person(roster.now)), el('dt', {}, t('duty.next')), el('dd', { 'data-field': 'next' }, person(roster.next))),
    el('h3', {}, t('duty.overrides')),
    overrides.length === 0
      ? el('p', { class: 'muted' }, t('duty.noOverrides'))
      : el(
          'ul',
          {},
          ...overrides.map((override) =>
            el('li', {}, `${t(`duty.override.${override.kind}`)} · ${(override.assignments ?? []).map((/** @type {any} */ a) => `${a.date} ${a.shift}`).join('、')} · ${override.setBy?.name ?? ''}${override.reason ? ` · ${override.reason}` : ''}`),
          ),
        ),
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
            el('li', {}, el('strong', {}, role.roleName), '：', ...role.people.flatMap((/** @type {any} */ person, /** @type {number} */ index) => [index > 0 ? '、' : '', person.name, ' ', el('a', { href: `tel:${person.phone}` }, person.phone)])),
          ),
        ),
  );
}

/** @param {any} plan */
function zeroReport(plan) {
  const zero = plan.scheduledReports.filter((/** @type {any} */ report) => report.kind === 'zero-report' || report.kind === 'all-clear');
  const status = reports.get(`${plan.today}:${plan.planId}`) ?? reports.get(`${plan.today}:${plan.orgId}`);
  const line = status
    ? status.status === 'submitted'
      ? `${t('duty.submitted', { time: status.submittedAt ? clockTime(status.submittedAt, plan.timeZone) : '', who: status.by?.name ?? '' })}${status.late ? ` · ${t('duty.late')}` : ''}`
      : t(`duty.${status.status}`)
    : routes.includes('GET /reports')
      ? t('duty.notDue')
      : t('duty.reportsMissing');
  return el(
    'div',
    {},
    el('h3', {}, t('duty.zeroReport')),
    el('p', { 'data-field': 'zero-report', class: status?.late ? 'late' : '' }, line),
    zero.length > 0 && el('ul', { class: 'muted' }, ...zero.map((/** @type {any} */ report) => el('li', {}, `${report.name} · ${report.at}`))),
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
        el('li', {}, `${period.name} ${period.from} – ${period.to}`, period.active ? el('span', { class: 'badge late' }, ` ${t('duty.periodActive')}`) : null, period.roundTheClock ? ` · ${t('duty.roundTheClock')}` : ''),
      ),
    ),
  );
}

main();
