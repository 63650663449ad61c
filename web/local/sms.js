// @ts-check
/**
 * The local SMS simulator: every phone in the loaded plans as a tab, its inbox read from the
 * runtime's SMS outbox, and a box to text the system as that phone (POST /sms/inbound). Served by
 * the local runtime only, like the outbox it reads.
 */
import { clockTime, el, renderBar, setToken, startPage, token, url } from '../assets/app.js';
import { t } from '../assets/i18n.js';

startPage();
/** @type {{ phone: string, name: string, plans: string[], landlines: string[], groups: string[], timeZone: string }[]} */
let phones = [];
/** @type {{ id: string, to: string, body: string, at: string }[]} */
let outbox = [];
/** Calls placed (GET /calls/outbox), in place of End User Messaging voice. @type {{ id: string, to: string, text: string, at: string }[]} */
let calls = [];
/** Calls hung up here: the others still ring. */
const hungUp = new Set();
/** Texts sent from here, shown in the conversation. @type {{ from: string, body: string, at: string }[]} */
const sent = [];
let selected = new URLSearchParams(location.search).get('phone') ?? '';
let shown = '';

async function main() {
  renderBar({ active: 'sms', signedIn: Boolean(token()) });
  phones = await fetch(url('sms/phones')).then((response) => response.json());
  if (!phones.some((phone) => phone.phone === selected)) selected = phones[0]?.phone ?? '';
  window.addEventListener('yingji:lang', () => {
    renderTabs();
    renderPanel(true);
  });
  renderTabs();
  await refresh();
  setInterval(refresh, 1000);
}

async function refresh() {
  [outbox, calls] = await Promise.all([
    fetch(url('sms/outbox')).then(
      (response) => response.json(),
      () => outbox,
    ),
    fetch(url('calls/outbox')).then(
      (response) => response.json(),
      () => calls,
    ),
  ]);
  renderTabs();
  renderPanel(false);
}

function renderTabs() {
  const tabs = /** @type {HTMLElement} */ (document.getElementById('tabs'));
  tabs.setAttribute('aria-label', t('sms.title'));
  tabs.replaceChildren(
    ...phones.map((phone, index) => {
      const ringing = callsTo(phone).some((call) => !hungUp.has(call.id));
      const tab = el(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `tab-${index}`,
          'aria-controls': 'panel',
          'aria-selected': phone.phone === selected ? 'true' : 'false',
          tabindex: phone.phone === selected ? 0 : -1,
          'data-phone': phone.phone,
          class: ringing ? 'ringing' : undefined,
        },
        ringing ? '☎ ' : '',
        phone.name,
        el('small', {}, phone.phone),
      );
      tab.addEventListener('click', () => select(phone.phone));
      tab.addEventListener('keydown', (event) => {
        const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
        if (!step) return;
        event.preventDefault();
        const next = phones[(index + step + phones.length) % phones.length];
        if (next) select(next.phone, true);
      });
      return tab;
    }),
  );
  // Phones are many: bring the chosen one into view in the scrolling tab row.
  document.querySelector('[role="tab"][aria-selected="true"]')?.scrollIntoView({ block: 'nearest', inline: 'center' });
}

function select(/** @type {string} */ phone, focus = false) {
  selected = phone;
  history.replaceState(null, '', `?phone=${encodeURIComponent(phone)}`);
  renderTabs();
  renderPanel(true);
  if (focus) /** @type {HTMLElement | null} */ (document.querySelector('[role="tab"][aria-selected="true"]'))?.focus();
}

function renderPanel(/** @type {boolean} */ force) {
  const panel = /** @type {HTMLElement} */ (document.getElementById('panel'));
  const person = phones.find((phone) => phone.phone === selected);
  if (!person) return;
  const conversation = [
    ...outbox.filter((message) => message.to === selected).map((message) => ({ mine: false, body: message.body, at: message.at, id: message.id })),
    ...sent.filter((message) => message.from === selected).map((message, index) => ({ mine: true, body: message.body, at: message.at, id: `sent-${index}` })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  const ringing = callsTo(person).sort((a, b) => b.at.localeCompare(a.at));
  const signature = JSON.stringify([selected, conversation, ringing.map((call) => [call.id, hungUp.has(call.id)])]);
  if (signature === shown && !force) return;
  shown = signature;
  panel.setAttribute('aria-labelledby', document.querySelector('[role="tab"][aria-selected="true"]')?.id ?? '');
  const typed = /** @type {HTMLTextAreaElement | null} */ (panel.querySelector('#sms-body'))?.value ?? '';
  const hadFocus = document.activeElement?.id === 'sms-body';

  const signIn = el('button', { type: 'button', class: 'button secondary', id: 'sign-in-as' }, t('sms.signInAs'));
  signIn.addEventListener('click', async () => {
    const response = await fetch(url('auth/dev-login'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ phone: selected }) });
    if (response.ok) {
      setToken((await response.json()).token);
      location.assign(url('./'));
    }
  });
  const status = el('p', { role: 'status', 'aria-live': 'polite', id: 'sms-status' });
  const form = el(
    'form',
    { id: 'sms-form' },
    el('label', { for: 'sms-body' }, t('sms.send')),
    el('textarea', { id: 'sms-body', rows: 2, required: true }),
    el('p', {}, el('button', { type: 'submit', class: 'button' }, t('sms.send.button'))),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const area = /** @type {HTMLTextAreaElement} */ (form.querySelector('textarea'));
    const body = area.value.trim();
    if (!body) return;
    const response = await fetch(url('sms/inbound'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ from: selected, body }) });
    // Shown after the newest text the runtime sent (its clock may run faster than this one).
    sent.push({ from: selected, body, at: outbox.reduce((latest, message) => (message.at > latest ? message.at : latest), new Date(0).toISOString()) });
    area.value = '';
    await refresh();
    const after = document.getElementById('sms-status');
    if (after) after.textContent = t('sms.sent', { status: response.status });
  });

  panel.replaceChildren(
    el('h2', {}, `${person.name} · ${person.phone}`),
    el('p', { class: 'muted' }, [person.groups.join(' '), ...person.landlines.map((landline) => t('sms.landline', { number: landline }))].join(' · ')),
    ...ringing.map((call) => callCard(call, person.timeZone)),
    el('p', {}, signIn),
    form,
    el('h2', {}, t('sms.inbox')),
    conversation.length === 0
      ? el('p', { class: 'muted' }, t('sms.empty'))
      : el(
          'ul',
          { class: 'inbox', 'aria-live': 'polite' },
          ...conversation.map((message) =>
            el(
              'li',
              { class: message.mine ? 'mine' : '', 'data-message': message.id },
              el('time', { datetime: message.at }, clockTime(message.at, person.timeZone, true)),
              ...linkify(message.body),
            ),
          ),
        ),
  );
  const area = /** @type {HTMLTextAreaElement} */ (panel.querySelector('#sms-body'));
  area.value = typed;
  if (hadFocus) area.focus();
}

/** Calls to a phone's mobile or to its holder's fixed line. @param {{ phone: string, landlines: string[] }} phone */
function callsTo(phone) {
  return calls.filter((call) => call.to === phone.phone || phone.landlines.includes(call.to));
}

/**
 * A call as the phone shows it: ringing (with what the voice reads out) until it is hung up here.
 * @param {{ id: string, to: string, text: string, at: string }} call @param {string} timeZone
 */
function callCard(call, timeZone) {
  const ringing = !hungUp.has(call.id);
  const hangUp = el('button', { type: 'button', class: 'button secondary' }, t('sms.call.hangUp'));
  hangUp.addEventListener('click', () => {
    hungUp.add(call.id);
    renderTabs();
    renderPanel(true);
  });
  return el(
    'section',
    { class: `call-card${ringing ? ' ringing' : ''}`, 'data-call': call.id, 'aria-label': t(ringing ? 'sms.call.ringing' : 'sms.call.ended', { to: call.to }) },
    el(
      'p',
      { class: 'call-head' },
      el('span', { class: 'call-icon', 'aria-hidden': 'true' }, '☎'),
      el('strong', {}, t(ringing ? 'sms.call.ringing' : 'sms.call.ended', { to: call.to })),
      ' ',
      el('time', { datetime: call.at }, clockTime(call.at, timeZone, true)),
    ),
    el('p', { class: 'call-voice' }, t('sms.call.says'), ' ', el('q', { 'data-field': 'spoken' }, call.text)),
    ringing ? el('p', {}, hangUp) : null,
  );
}

/** A text with its links made clickable (the action link every alert carries). @param {string} body */
function linkify(body) {
  /** @type {(string | HTMLElement)[]} */
  const parts = [];
  let last = 0;
  for (const match of body.matchAll(/https?:\/\/\S+/g)) {
    parts.push(body.slice(last, match.index));
    parts.push(el('a', { href: match[0], 'data-link': '' }, match[0]));
    last = (match.index ?? 0) + match[0].length;
  }
  parts.push(body.slice(last));
  return parts;
}

main();
