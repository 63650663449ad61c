// @ts-check
/**
 * The confirmation board on the incident page (like DingTalk's DING receipts): a row per person on
 * the chain — texted, delivered, called, confirmed (acknowledged or 已阅) and when — and the
 * "remind again" (再次提醒) button for those who may, once every five minutes.
 */
import { api, clockTime, el, span } from './app.js';
import { t } from './i18n.js';

/** What the last press of the button came to: kept here, since a poll may redraw the board at any moment. */
let remindMessage = '';

/**
 * @param {any} incident the incident as GET /incidents/{id} gives it
 * @param {number} now the server's clock, for how long until the next reminder may go
 * @param {() => Promise<void>} refresh brings the page up to date after a reminder went
 */
export function confirmationBoard(incident, now, refresh) {
  const rows = /** @type {any[]} */ (incident.confirmations ?? []);
  const time = (/** @type {{ at: string } | null} */ entry) =>
    entry ? el('time', { datetime: entry.at }, clockTime(entry.at, incident.timeZone)) : el('span', { class: 'muted' }, t('confirm.none'));
  const confirmed = rows.filter((row) => row.confirmed).length;
  const table = el(
    'table',
    { class: 'confirmations', 'data-confirmations': '' },
    el(
      'thead',
      {},
      el('tr', {}, ...['confirm.person', 'confirm.texted', 'confirm.delivered', 'confirm.called', 'confirm.confirmed'].map((key) => el('th', { scope: 'col' }, t(key)))),
    ),
    el(
      'tbody',
      {},
      ...rows.map((row) =>
        el(
          'tr',
          { 'data-person': row.personId, class: row.confirmed ? 'confirmed' : row.problem ? 'problem' : '' },
          el(
            'th',
            { scope: 'row' },
            row.name,
            el('span', { class: 'muted level' }, ` ${row.level === 'report' ? t('lane.superior') : t('level.label', { level: row.level })}`),
            row.reminded ? el('span', { class: 'badge reminded', 'data-field': 'reminded' }, t('confirm.reminded', { time: clockTime(row.reminded.at, incident.timeZone) })) : null,
          ),
          el('td', { 'data-label': t('confirm.texted'), 'data-field': 'texted' }, time(row.texted)),
          el('td', { 'data-label': t('confirm.delivered'), 'data-field': 'delivered' }, time(row.delivered)),
          el('td', { 'data-label': t('confirm.called'), 'data-field': 'called' }, time(row.called)),
          el(
            'td',
            { 'data-label': t('confirm.confirmed'), 'data-field': 'confirmed', 'data-kind': row.confirmed?.kind ?? 'pending' },
            row.confirmed
              ? el('span', { class: 'good' }, `${t(`confirm.${row.confirmed.kind}`)} `, time(row.confirmed))
              : el('span', { class: row.problem ? 'late' : 'muted' }, t('confirm.pending')),
          ),
        ),
      ),
    ),
  );
  return el(
    'section',
    { class: 'card', 'aria-labelledby': 'confirm-h' },
    el('h2', { id: 'confirm-h' }, t('confirm.title'), el('span', { class: 'muted count' }, ` ${t('confirm.summary', { confirmed, total: rows.length })}`)),
    el('div', { class: 'table-scroll' }, table),
    incident.remind?.allowed ? remindControl(incident, now, refresh) : null,
  );
}

/** The button, what it does, and when it may be pressed again. */
function remindControl(/** @type {any} */ incident, /** @type {number} */ now, /** @type {() => Promise<void>} */ refresh) {
  const remind = incident.remind;
  const status = el('p', { role: 'status', 'aria-live': 'polite', id: 'remind-result' }, remindMessage);
  const waiting = remind.notBefore && Date.parse(remind.notBefore) > now;
  const button = /** @type {HTMLButtonElement} */ (
    el('button', { type: 'button', class: 'button secondary wide', 'data-action': 'remind', disabled: Boolean(waiting) }, t('remind.button'))
  );
  button.addEventListener('click', async () => {
    button.disabled = true;
    const { status: code, body } = await api(`incidents/${encodeURIComponent(incident.id)}/remind`, { method: 'POST', body: {} });
    remindMessage =
      code === 200 ? t('remind.done', { names: body.reached.map((/** @type {any} */ person) => person.name).join('、') }) : (body?.error?.message ?? t('error.generic'));
    status.textContent = remindMessage;
    button.disabled = code === 429;
    if (code === 200) await refresh();
  });
  return el(
    'div',
    { class: 'remind' },
    el('p', { class: 'muted' }, t('remind.hint', { level: remind.level })),
    button,
    waiting ? el('p', { class: 'muted', 'data-field': 'remind-wait' }, t('remind.wait', { time: span(Date.parse(remind.notBefore) - now) })) : null,
    remind.last
      ? el(
          'p',
          { class: 'muted', 'data-field': 'remind-last' },
          t('remind.last', { by: remind.last.by, time: clockTime(remind.last.at, incident.timeZone), round: remind.last.round }),
        )
      : null,
    status,
  );
}
