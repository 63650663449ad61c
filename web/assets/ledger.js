// @ts-check
/**
 * The accountability ledger (问责台账): per school, the facts the plans punish in a period — late
 * reports (缓报) by minutes, closes without a report, late acknowledgements, late written reports —
 * each linking to the timeline events that prove it. Facts, never verdicts.
 */
import { api, clockTime, el, startPage, startSignedInPage } from './app.js';
import { t } from './i18n.js';

startPage();
/** @type {any} */
let ledger;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const params = new URLSearchParams(location.search);
let from = params.get('from') ?? `${today.slice(0, 8)}01`;
let to = params.get('to') ?? today;

async function main() {
  if (await startSignedInPage({ active: 'ledger', redraw: () => render() })) await load();
}

async function load() {
  const answer = await api(`accountability?from=${from}&to=${to}`);
  ledger = answer.status === 200 ? answer.body : { error: answer.body?.error };
  render();
}

function render() {
  const root = /** @type {HTMLElement} */ (document.getElementById('ledger'));
  const fromInput = el('input', { type: 'date', value: from, 'aria-label': t('ledger.from') });
  const toInput = el('input', { type: 'date', value: to, 'aria-label': t('ledger.to') });
  const show = el('button', { type: 'button' }, t('ledger.show'));
  show.addEventListener('click', () => {
    from = /** @type {HTMLInputElement} */ (fromInput).value;
    to = /** @type {HTMLInputElement} */ (toInput).value;
    void load();
  });
  root.replaceChildren(
    el('h1', {}, t('ledger.title')),
    el('p', { class: 'muted' }, t('ledger.intro')),
    el('div', { class: 'actions' }, fromInput, toInput, show),
    ledger.error
      ? el('p', { class: 'late', role: 'alert' }, ledger.error.message)
      : el('p', { 'data-field': 'totals' }, ...Object.entries(ledger.counts).map(([kind, count]) => el('span', { class: 'badge' }, `${t(`ledger.kind.${kind}`)} ${count} `))),
    ...(ledger.schools ?? []).map(school),
  );
}

/** @param {any} entry */
function school(entry) {
  return el(
    'section',
    { class: 'card', 'data-school': entry.orgId },
    el('h2', {}, entry.school),
    el('p', { class: 'muted' }, `${t('ledger.incidents', { count: entry.incidents })} · ${entry.accountability.join('；')}`),
    entry.facts.length === 0
      ? el('p', {}, t('ledger.none'))
      : el(
          'ul',
          { class: 'ledger' },
          ...entry.facts.map((/** @type {any} */ fact) =>
            el(
              'li',
              { 'data-kind': fact.kind },
              el('strong', {}, t(`ledger.kind.${fact.kind}`)),
              ` #${fact.code} ${fact.categoryName}（${fact.place}）· ${t('ledger.minutes', { minutes: fact.minutes })}${fact.metAt ? '' : ` · ${t('ledger.notMet')}`}${fact.person ? ` · ${fact.person.name}` : ''} · `,
              ...fact.evidence.map((/** @type {any} */ event) =>
                el('a', { href: event.link.replace(/^\//, '') }, `${t(`ledger.evidence.${event.type}`)} ${clockTime(event.at, 'Asia/Shanghai', true)} `),
              ),
            ),
          ),
        ),
  );
}

main();
