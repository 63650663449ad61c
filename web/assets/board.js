// @ts-check
/** The incident board: open incidents of every school the signed-in person may see, refreshed by polling. */
import { api, clockTime, el, nextDeadline, ServerClock, startLivePage, startPage, tickCountdowns, url } from './app.js';
import { t } from './i18n.js';

startPage();
const clock = new ServerClock();
const PAGE = 100;
/** @type {any[]} */
let incidents = [];
/** @type {{ all: number, open: number, acknowledged: number, overdue: number }} */
let counts = { all: 0, open: 0, acknowledged: 0, overdue: 0 };
let total = 0;
/** @type {string | null} */
let nextCursor = null;
/** People on a chain or roster who texted STOP: no alert reaches them until they text START. */
/** @type {{ orgName: string, name: string, roles: string, at: string, told: string[] }[]} */
let optedOut = [];
let shown = '';
/** Which chip is pressed: every incident, one status, or those whose report is overdue. */
let filter = 'all';
let search = '';
/** How many cards the person has asked to see (a page more per "load more"). */
let wanted = PAGE;

/** The board's query: the filter, the words searched, and enough rows for the pages loaded. */
function query(/** @type {number} */ limit, /** @type {string | null} */ cursor = null) {
  const params = new URLSearchParams({ open: '1', limit: String(limit) });
  if (filter === 'overdue') params.set('overdue', '1');
  else if (filter !== 'all') params.set('status', filter);
  if (search) params.set('q', search);
  if (cursor) params.set('cursor', cursor);
  return `incidents?${params}`;
}

async function refresh() {
  const updated = /** @type {HTMLElement} */ (document.getElementById('updated'));
  try {
    const { status, body } = await api(query(Math.min(wanted, 500)));
    if (status !== 200) throw new Error(String(status));
    clock.observe(body.now);
    incidents = body.incidents;
    counts = body.counts;
    total = body.total;
    nextCursor = body.nextCursor;
    optedOut = body.optedOut ?? [];
    // Only redraw on news, so a keyboard user's focus stays where it is between polls.
    const signature = JSON.stringify([incidents, counts, filter, search, optedOut]);
    if (signature !== shown) render();
    shown = signature;
    updated.textContent = `${t('board.count', { n: counts.all })} · ${t('board.updated', { time: new Date().toLocaleTimeString(document.documentElement.lang) })}`;
  } catch {
    updated.textContent = t('board.offline');
  }
}

async function loadMore() {
  if (!nextCursor) return;
  const { status, body } = await api(query(PAGE, nextCursor));
  if (status !== 200) return;
  incidents = [...incidents, ...body.incidents];
  nextCursor = body.nextCursor;
  wanted = incidents.length;
  shown = JSON.stringify([incidents, counts, filter, search, optedOut]);
  render();
}

function renderCounts() {
  const chips = /** @type {const} */ (['all', 'open', 'acknowledged', 'overdue']).map((key) => {
    const chip = el(
      'button',
      { type: 'button', class: `chip ${key}`, 'data-filter': key, 'aria-pressed': String(filter === key) },
      t(`board.filter.${key}`),
      ' ',
      el('b', { 'data-count': key }, counts[key]),
    );
    chip.addEventListener('click', () => {
      filter = key;
      wanted = PAGE;
      void refresh();
    });
    return chip;
  });
  /** @type {HTMLElement} */ (document.getElementById('counts')).replaceChildren(...chips);
}

/** A notice above the board while anyone on a chain or roster has opted out of texts. */
function renderOptedOut() {
  const notice = /** @type {HTMLElement} */ (document.getElementById('opted-out'));
  notice.hidden = optedOut.length === 0;
  notice.replaceChildren(
    el('h2', { id: 'opted-out-title' }, t('board.optedOut.title', { n: optedOut.length })),
    el(
      'ul',
      {},
      ...optedOut.map((person) =>
        el(
          'li',
          { 'data-opted-out': person.name },
          el('strong', {}, `${person.orgName} · ${person.roles} ${person.name}`),
          ' ',
          t('board.optedOut.since', { time: clockTime(person.at, null, true) }),
          person.told.length > 0 ? el('span', { class: 'muted' }, ` ${t('board.optedOut.told', { names: person.told.join('、') })}`) : null,
        ),
      ),
    ),
    el('p', { class: 'hint' }, t('board.optedOut.hint')),
  );
}

function render() {
  renderOptedOut();
  renderCounts();
  const board = /** @type {HTMLElement} */ (document.getElementById('board'));
  const more = /** @type {HTMLElement} */ (document.getElementById('more'));
  more.hidden = !nextCursor;
  more.textContent = t('board.more', { n: total - incidents.length });
  if (incidents.length === 0) {
    board.replaceChildren(el('p', { class: 'empty card' }, t(filter === 'all' && !search ? 'board.empty' : 'board.none')));
    drawn();
    return;
  }
  board.replaceChildren(...incidents.map(card));
  tickCountdowns(clock);
  drawn();
}

let announced = false;
/** Tells what waits for the board (the case strip) that its first page is on screen. */
function drawn() {
  if (announced) return;
  announced = true;
  window.dispatchEvent(new Event('yingji:board-drawn'));
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let typing;
/** @type {HTMLInputElement} */ (document.getElementById('search')).addEventListener('input', (event) => {
  clearTimeout(typing);
  typing = setTimeout(() => {
    search = /** @type {HTMLInputElement} */ (event.target).value.trim();
    wanted = PAGE;
    void refresh();
  }, 250);
});
/** @type {HTMLElement} */ (document.getElementById('filters')).addEventListener('submit', (event) => event.preventDefault());
/** @type {HTMLElement} */ (document.getElementById('more')).addEventListener('click', () => void loadMore());

/** @param {any} incident */
function card(incident) {
  const classes = ['incident-card', incident.status, incident.late ? 'late' : ''].filter(Boolean).join(' ');
  const levels = el(
    'span',
    { class: 'levels', 'aria-hidden': 'true' },
    ...Array.from({ length: incident.levels }, (_, index) => el('span', { class: index < incident.levelReached ? 'reached' : '' })),
  );
  const acked = incident.acknowledgedBy.length > 0 ? incident.acknowledgedBy.map((/** @type {any} */ ack) => ack.name).join('、') : t('field.nobody');
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
      el('dd', {}, nextDeadline(incident)),
    ),
  );
}

startLivePage({ clock, refresh, redraw: () => render() });
