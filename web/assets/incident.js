// @ts-check
/** One incident: what happened, the timeline as a picture and as a list, the chain, and the signed-in person's actions. */
import { api, clockTime, config, el, nextDeadline, ServerClock, startLivePage, startPage, tickCountdowns, url } from './app.js';
import { t } from './i18n.js';
import { describe, legend, timelineSvg } from './timeline.js';
import { confirmationBoard } from './confirmations.js';

startPage();
const clock = new ServerClock();
const id = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
/** @type {any} */
let incident;
let shown = '';
/** @type {'forbidden' | 'missing' | undefined} */
let refusal;
/** The API's caps on a note and a resolution (/console.json). @type {import('./app.js').FormLimits} */
let limits;

async function refresh() {
  limits ??= (await config()).limits;
  const { status, body } = await api(`incidents/${encodeURIComponent(id)}`);
  if (status === 403) refusal = 'forbidden';
  else if (status === 404) refusal = 'missing';
  else if (status === 200) {
    refusal = undefined;
    clock.observe(body.now);
    incident = body;
  } else return;
  render(false);
}

function render(/** @type {boolean} */ force) {
  const root = /** @type {HTMLElement} */ (document.getElementById('incident'));
  if (refusal) {
    const key = refusal === 'forbidden' ? 'incident.forbidden' : 'incident.notFound';
    if (root.dataset.shown === refusal && !force) return;
    root.dataset.shown = refusal;
    root.replaceChildren(
      el('h1', {}, t('incident.title')),
      el(
        'div',
        { class: 'error-box', role: 'alert', 'data-refusal': refusal },
        el('p', {}, el('strong', {}, t(key))),
        refusal === 'forbidden' ? el('p', {}, t('incident.forbidden.detail')) : null,
      ),
      el('p', {}, el('a', { href: url('./') }, t('incident.back'))),
    );
    return;
  }
  // The picture moves with the clock; the rest is redrawn only on news, keeping focus and typed text.
  // Whether a reminder may go yet changes with the clock alone.
  const remindOpen = !incident.remind?.notBefore || Date.parse(incident.remind.notBefore) <= clock.now();
  const signature = JSON.stringify({ ...incident, now: undefined, remindOpen });
  if (signature === shown && !force) {
    drawPicture();
    return;
  }
  shown = signature;
  const typed = saveTyped(root);
  document.title = `${incident.categoryName} #${incident.code} · ${t('app.name')}`;
  root.replaceChildren(
    el(
      'div',
      { class: 'incident-head' },
      el('h1', {}, `${incident.categoryName} · ${incident.place}`),
      el(
        'div',
        { class: 'badges' },
        el('span', { class: 'code' }, `#${incident.code}`),
        el('span', { class: `badge ${incident.status}`, 'data-field': 'status' }, t(`status.${incident.status}`)),
        incident.reportedToBureau && el('span', { class: 'badge reported' }, t('badge.reported')),
        incident.late && el('span', { class: 'badge late' }, t('badge.late')),
      ),
    ),
    el(
      'div',
      { class: 'two-col' },
      // First in reading order (on a phone: what happened and what to do); the right column on a desktop.
      el('div', { class: 'side' }, facts(), actions(), chain()),
      el(
        'div',
        {},
        confirmationBoard(incident, clock.now(), refresh),
        el(
          'section',
          { class: 'card', 'aria-labelledby': 'picture-h' },
          el('h2', { id: 'picture-h' }, t('incident.picture')),
          el('figure', { class: 'timeline-figure' }, el('div', { id: 'picture' }), el('figcaption', {}, t('incident.picture.caption'))),
          legend(),
        ),
        el(
          'section',
          { class: 'card', 'aria-labelledby': 'list-h' },
          el('h2', { id: 'list-h' }, t('incident.list')),
          eventList(),
          el('p', {}, el('a', { href: `incident/${encodeURIComponent(incident.id)}/written-report`, 'data-link': 'written-report' }, t('wr.link'))),
        ),
      ),
    ),
  );
  restoreTyped(root, typed);
  drawPicture();
  tickCountdowns(clock);
}

function drawPicture() {
  const holder = document.getElementById('picture');
  if (holder) holder.replaceChildren(timelineSvg(incident, clock.now(), (iso) => clockTime(iso, incident.timeZone)));
}

function facts() {
  const reporter = [incident.reporter?.name, incident.reporter?.phone].filter(Boolean).join(' ') || t('event.anonymous');
  return el(
    'section',
    { class: 'card', 'aria-labelledby': 'facts-h' },
    el('h2', { id: 'facts-h', class: 'visually-hidden' }, t('incident.title')),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, t('field.school')),
      el('dd', {}, incident.orgName),
      el('dt', {}, t('field.reportedAt')),
      el('dd', {}, clockTime(incident.reportedAt, incident.timeZone, true)),
      el('dt', {}, t('field.what')),
      el('dd', {}, incident.description),
      el('dt', {}, t('field.reporter')),
      el('dd', {}, reporter),
      incident.emergencyNumber && el('dt', {}, t('field.call')),
      incident.emergencyNumber && el('dd', {}, el('a', { href: `tel:${incident.emergencyNumber}` }, incident.emergencyNumber)),
      el('dt', {}, t('field.acked')),
      el('dd', { 'data-field': 'acknowledged' }, incident.acknowledgedBy?.name ?? t('field.nobody')),
      el('dt', {}, t('field.next')),
      el('dd', {}, nextDeadline(incident)),
    ),
  );
}

function actions() {
  const section = el('section', { class: 'card', 'aria-labelledby': 'actions-h' }, el('h2', { id: 'actions-h' }, t('incident.actions')));
  if (incident.status === 'closed') {
    section.append(el('p', {}, t('incident.actions.closed')));
    return section;
  }
  if (!incident.you) {
    section.append(el('p', { class: 'muted' }, t('incident.actions.none')));
    return section;
  }
  section.append(el('p', { class: 'muted' }, t('incident.actions.as', { name: incident.you.name })));
  // Told for information (the bureau's desk): what they record stops nothing, and the page says so.
  if (incident.you.standing === 'informed' || incident.you.standing === 'superior')
    section.append(el('p', { class: 'muted', id: 'for-information' }, t('incident.actions.informed')));
  const result = el('p', { role: 'status', 'aria-live': 'polite', id: 'action-result' });
  const buttons = el('div', { class: 'actions' });
  for (const action of /** @type {string[]} */ (incident.actions)) {
    if (['ack', 'received', 'reported', 'request-written-report'].includes(action)) {
      const button = el(
        'button',
        { type: 'button', class: action === 'ack' || action === 'received' ? 'button wide' : 'button secondary wide', 'data-action': action },
        t(`action.${action}`),
      );
      button.addEventListener('click', () => act(/** @type {HTMLButtonElement} */ (button), { action }, result));
      buttons.append(button);
    }
  }
  section.append(buttons);
  if (incident.actions.includes('note')) section.append(textForm('note', 'text', 'action.note.label', 'action.note', '', result));
  if (incident.actions.includes('close')) section.append(textForm('close', 'resolution', 'action.close.label', 'action.close', 'action.close.hint', result));
  section.append(result);
  return section;
}

/**
 * A small form with one text box and a button: a note, or a close with its resolution.
 * @param {string} action @param {string} field @param {string} labelKey @param {string} buttonKey @param {string} hintKey @param {HTMLElement} result
 */
function textForm(action, field, labelKey, buttonKey, hintKey, result) {
  const inputId = `${action}-${field}`;
  const form = el(
    'form',
    { 'data-form': action },
    el('label', { for: inputId }, t(labelKey), hintKey ? el('span', { class: 'hint' }, t(hintKey)) : null),
    el('textarea', { id: inputId, name: field, rows: 2, required: true, maxlength: field === 'text' ? limits.note : limits.resolution }),
    el('button', { type: 'submit', class: action === 'close' ? 'button quiet' : 'button secondary', 'data-action': action }, t(buttonKey)),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = /** @type {HTMLTextAreaElement} */ (form.querySelector('textarea')).value;
    act(/** @type {HTMLButtonElement} */ (form.querySelector('button')), { action, [field]: text }, result, /** @type {HTMLFormElement} */ (form));
  });
  return form;
}

/** @param {HTMLButtonElement} button @param {Record<string, string>} body @param {HTMLElement} result @param {HTMLFormElement} [form] */
async function act(button, body, result, form) {
  button.disabled = true;
  const { status, body: answer } = await api(`incidents/${encodeURIComponent(id)}/actions`, { method: 'POST', body });
  button.disabled = false;
  if (status === 200) {
    form?.reset();
    incident = answer;
    clock.observe(answer.now);
    render(true);
    const after = document.getElementById('action-result');
    if (after) after.textContent = t('action.done');
  } else {
    result.textContent = answer?.error?.message ?? t('error.generic');
  }
}

function chain() {
  return el(
    'section',
    { class: 'card', 'aria-labelledby': 'chain-h' },
    el('h2', { id: 'chain-h' }, t('incident.chain')),
    el(
      'ol',
      {},
      ...incident.chain.map((/** @type {any} */ level) =>
        el('li', { 'data-level': level.level, class: level.level <= incident.levelReached ? '' : 'muted' }, `${level.roles.join('、')}：${level.people.join('、')}`),
      ),
      el('li', { class: 'muted' }, `${t('lane.superior')}：${incident.reportTo.join('、') || incident.superior}`),
    ),
  );
}

function eventList() {
  return el(
    'ol',
    { class: 'events', 'data-events': '' },
    ...incident.timeline.map((/** @type {any} */ event) =>
      el(
        'li',
        // The ledger links each fact to the events that prove it: /incident/{id}#event-{key}.
        { 'data-type': event.type, id: `event-${event.key}` },
        el('time', { datetime: event.at }, clockTime(event.at, incident.timeZone)),
        el(
          'span',
          {
            class: ['late', 'notify-failed', 'delivery-failed', 'unanswered'].includes(event.type)
              ? 'late'
              : event.type === 'acknowledged' || event.type === 'reported-to-bureau'
                ? 'good'
                : '',
          },
          describe(event, incident.timeline),
        ),
      ),
    ),
  );
}

/** What someone was typing, kept across a redraw. @param {HTMLElement} root */
function saveTyped(root) {
  const focused = document.activeElement?.id;
  return { focused, values: [...root.querySelectorAll('textarea')].map((area) => [area.id, area.value]) };
}

/** @param {HTMLElement} root @param {{ focused?: string, values: string[][] }} typed */
function restoreTyped(root, typed) {
  for (const [areaId, value] of typed.values) {
    const area = root.querySelector(`#${areaId}`);
    if (area) /** @type {HTMLTextAreaElement} */ (area).value = value ?? '';
  }
  if (typed.focused) document.getElementById(typed.focused)?.focus();
}

startLivePage({ clock, refresh, redraw: () => render(true) });
