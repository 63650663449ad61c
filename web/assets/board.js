// @ts-check
/** The incident board: open incidents of every school the signed-in person may see, refreshed by polling. */
import { api, clockTime, deadlineLabel, el, ServerClock, startLivePage, startPage, tickCountdowns, url } from './app.js';
import { t } from './i18n.js';

startPage();
const clock = new ServerClock();
/** @type {any[]} */
let incidents = [];
let shown = '';


async function refresh() {
  const updated = /** @type {HTMLElement} */ (document.getElementById('updated'));
  try {
    const { status, body } = await api('incidents?open=1');
    if (status !== 200) throw new Error(String(status));
    clock.observe(body.now);
    incidents = body.incidents;
    // Only redraw on news, so a keyboard user's focus stays where it is between polls.
    const signature = JSON.stringify(incidents);
    if (signature !== shown) render();
    shown = signature;
    updated.textContent = `${t('board.count', { n: incidents.length })} · ${t('board.updated', { time: new Date().toLocaleTimeString(document.documentElement.lang) })}`;
  } catch {
    updated.textContent = t('board.offline');
  }
}

function render() {
  const board = /** @type {HTMLElement} */ (document.getElementById('board'));
  if (incidents.length === 0) {
    board.replaceChildren(el('p', { class: 'empty card' }, t('board.empty')));
    return;
  }
  board.replaceChildren(...incidents.map(card));
  tickCountdowns(clock);
}

/** @param {any} incident */
function card(incident) {
  const classes = ['incident-card', incident.status, incident.late ? 'late' : ''].filter(Boolean).join(' ');
  const levels = el('span', { class: 'levels', 'aria-hidden': 'true' }, ...Array.from({ length: incident.levels }, (_, index) => el('span', { class: index < incident.levelReached ? 'reached' : '' })));
  const acked = incident.acknowledgedBy.length > 0 ? incident.acknowledgedBy.map((/** @type {any} */ ack) => ack.name).join('、') : t('field.nobody');
  const next = incident.nextDeadline;
  return el(
    'article',
    { class: classes, 'data-incident': incident.id, 'data-code': incident.code, 'aria-labelledby': `h-${incident.id}` },
    el('h2', { id: `h-${incident.id}` }, el('a', { href: url(`incident/${incident.id}`) }, `${incident.categoryName} · ${incident.place}`)),
    el('p', { class: 'school' }, `${incident.orgName} · #${incident.code} · ${clockTime(incident.reportedAt, incident.timeZone, true)}`),
    el(
      'div',
      { class: 'badges' },
      el('span', { class: `badge ${incident.status}`, 'data-field': 'status' }, t(`status.${incident.status}`)),
      incident.severity !== 'general' && el('span', { class: 'badge late' }, t(`badge.${incident.severity}`)),
      incident.reportedToBureau && el('span', { class: 'badge reported' }, t('badge.reported')),
      incident.unanswered && el('span', { class: 'badge unanswered' }, t('badge.unanswered')),
      incident.late && el('span', { class: 'badge late', 'data-field': 'late' }, t('badge.late')),
    ),
    el(
      'dl',
      {},
      el('dt', {}, t('field.level')),
      el('dd', { 'data-field': 'level', 'data-level': incident.levelReached }, levels, t('field.levelOf', { level: incident.levelReached, levels: incident.levels })),
      el('dt', {}, t('field.acked')),
      el('dd', { 'data-field': 'acknowledged' }, acked),
      el('dt', {}, t('field.next')),
      el(
        'dd',
        {},
        next ? el('span', {}, `${deadlineLabel(next, incident.superior)} ${clockTime(next.at, incident.timeZone)} · `, el('span', { class: 'countdown', 'data-deadline': next.at })) : t('field.none'),
      ),
    ),
  );
}

startLivePage({ clock, refresh, redraw: () => render() });
