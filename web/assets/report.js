// @ts-check
/** The public report form of one school: /report/{planId}. No sign-in: witnesses and parents use it. */
import { api, config, el, renderBar, startPage, url } from './app.js';
import { lang, t } from './i18n.js';

startPage();
const planId = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
/** @type {any} */
let plan;
/** One key per filled-in form: a retry after a dropped connection gives the same incident, not a second one. */
let idempotencyKey = newKey();
/** @type {any} */
let done;
/** The API's caps on the form's texts (/console.json). @type {import('./app.js').FormLimits} */
let limits;

async function main() {
  renderBar({ signedIn: false });
  window.addEventListener('yingji:lang', () => render());
  limits = (await config()).limits;
  const { status, body } = await api('plans', { signedIn: false });
  plan = status === 200 ? body.find((/** @type {any} */ candidate) => candidate.id === planId) : undefined;
  render();
}

function render() {
  const root = /** @type {HTMLElement} */ (document.getElementById('report'));
  if (!plan) {
    root.replaceChildren(el('h1', {}, t('report.title')), el('div', { class: 'error-box', role: 'alert' }, t('report.unknownSchool')));
    return;
  }
  document.title = `${t('report.title')} · ${plan.orgName}`;
  if (done) {
    root.replaceChildren(confirmation(done));
    /** @type {HTMLElement} */ (root.querySelector('h1')).focus();
    return;
  }
  const typed = Object.fromEntries([...root.querySelectorAll('input, select, textarea')].map((field) => [field.id, /** @type {HTMLInputElement} */ (field).value]));
  root.replaceChildren(form(), qr());
  for (const [id, value] of Object.entries(typed)) {
    const field = /** @type {HTMLInputElement | null} */ (root.querySelector(`#${id}`));
    if (field) field.value = value;
  }
  updateSeverity();
}

function form() {
  const byKind = (/** @type {string} */ kind) => plan.categories.filter((/** @type {any} */ category) => category.kind === kind);
  const group = (/** @type {string} */ kind) =>
    byKind(kind).length > 0 &&
    el('optgroup', { label: t(`report.kind.${kind}`) }, ...byKind(kind).map((/** @type {any} */ category) => el('option', { value: category.id }, category.name)));
  const field = (/** @type {string} */ id, /** @type {string} */ labelKey, /** @type {string} */ hintKey, /** @type {HTMLElement} */ control) =>
    el(
      'div',
      { class: 'field' },
      el('label', { for: id }, t(labelKey), hintKey ? el('span', { class: 'hint', id: `${id}-hint` }, t(hintKey)) : null),
      control,
      el('p', { class: 'field-error', id: `${id}-error`, hidden: true }),
    );
  const described = (/** @type {string} */ id, /** @type {boolean} */ hint) => [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');

  const category = el(
    'select',
    { id: 'category', name: 'category', required: true, 'aria-describedby': described('category', false) },
    el('option', { value: '' }, t('report.category.choose')),
    group('safety'),
    group('stability'),
  );
  category.addEventListener('change', updateSeverity);
  const severity = el('select', { id: 'severity', name: 'severity', 'aria-describedby': described('severity', false) });
  const form = el(
    'form',
    { novalidate: true, id: 'report-form', 'aria-labelledby': 'report-h' },
    el('h1', { id: 'report-h' }, t('report.title'), el('br'), el('span', { class: 'muted' }, plan.orgName)),
    el('p', { class: 'card' }, t('report.intro')),
    el('div', { id: 'form-error', role: 'alert' }),
    field('category', 'report.category', '', category),
    el('div', { id: 'severity-field', hidden: true }, field('severity', 'report.severity', '', severity)),
    field(
      'place',
      'report.place',
      'report.place.hint',
      el('input', { id: 'place', name: 'place', required: true, maxlength: limits.place, autocomplete: 'off', 'aria-describedby': described('place', true) }),
    ),
    field(
      'description',
      'report.description',
      'report.description.hint',
      el('textarea', { id: 'description', name: 'description', required: true, maxlength: limits.description, rows: 4, 'aria-describedby': described('description', true) }),
    ),
    field('name', 'report.name', '', el('input', { id: 'name', name: 'name', autocomplete: 'name', maxlength: limits.reporterName, 'aria-describedby': described('name', false) })),
    field(
      'phone',
      'report.phone',
      'report.phone.hint',
      el('input', { id: 'phone', name: 'phone', type: 'tel', autocomplete: 'tel', inputmode: 'tel', 'aria-describedby': described('phone', true) }),
    ),
    el('p', {}, el('button', { type: 'submit', class: 'button wide', id: 'submit' }, t('report.submit'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(/** @type {HTMLFormElement} */ (form));
  });
  return form;
}

/** The severity choice appears only for categories whose plan runs a graver chain for them. */
function updateSeverity() {
  const select = /** @type {HTMLSelectElement | null} */ (document.getElementById('severity'));
  const holder = document.getElementById('severity-field');
  const chosen = plan.categories.find((/** @type {any} */ category) => category.id === /** @type {HTMLSelectElement} */ (document.getElementById('category'))?.value);
  if (!select || !holder) return;
  if (!chosen?.severities) {
    holder.hidden = true;
    select.replaceChildren();
    return;
  }
  const previous = select.value;
  select.replaceChildren(...chosen.severities.map((/** @type {string} */ severity) => el('option', { value: severity }, t(`report.severity.${severity}`))));
  select.value = chosen.severities.includes(previous) ? previous : chosen.defaultSeverity;
  holder.hidden = false;
}

/** 128 random bits; getRandomValues works where randomUUID does not (plain http on a LAN address). */
function newKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A Chinese mobile typed the usual way (13800000000) becomes +8613800000000. */
function e164(/** @type {string} */ typed) {
  const digits = typed.replace(/[\s-]/g, '');
  if (/^1\d{10}$/.test(digits)) return `+86${digits}`;
  if (/^00\d+$/.test(digits)) return `+${digits.slice(2)}`;
  return digits;
}

/** @param {HTMLFormElement} form */
async function submit(form) {
  const value = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name))?.value?.trim() ?? '';
  /** @type {Record<string, unknown>} */
  const report = {
    planId: plan.id,
    category: value('category'),
    place: value('place'),
    description: value('description'),
    reporter: { name: value('name'), phone: e164(value('phone')) },
  };
  if (!(/** @type {HTMLElement} */ (document.getElementById('severity-field')).hidden)) report.severity = value('severity');
  /** @type {Record<string, string>} */
  const missing = {};
  for (const name of ['category', 'place', 'description']) if (!value(name)) missing[name] = '';
  if (Object.keys(missing).length > 0) return showErrors(form, missing);

  const button = /** @type {HTMLButtonElement} */ (document.getElementById('submit'));
  button.disabled = true;
  button.textContent = t('report.sending');
  try {
    const { status, body } = await api('incidents', { method: 'POST', body: report, signedIn: false, headers: { 'Idempotency-Key': idempotencyKey } });
    if (status === 201) {
      done = body;
      idempotencyKey = newKey();
      render();
      return;
    }
    if (status === 400 && body?.error?.fields) {
      /** @type {Record<string, string>} */
      const fields = {};
      for (const [name, message] of Object.entries(body.error.fields)) fields[name === 'reporter.phone' ? 'phone' : name === 'reporter.name' ? 'name' : name] = String(message);
      return showErrors(form, fields);
    }
    showFormError(t('report.failed'));
  } catch {
    showFormError(t('report.failed'));
  } finally {
    button.disabled = false;
    button.textContent = t('report.submit');
  }
}

function showFormError(/** @type {string} */ message) {
  /** @type {HTMLElement} */ (document.getElementById('form-error')).replaceChildren(el('p', { class: 'error-box' }, message));
}

/** Marks each field at fault, says why, and puts the cursor in the first. @param {HTMLFormElement} form @param {Record<string, string>} fields */
function showErrors(form, fields) {
  for (const element of form.querySelectorAll('[aria-invalid]')) element.removeAttribute('aria-invalid');
  for (const element of form.querySelectorAll('.field-error')) /** @type {HTMLElement} */ (element).hidden = true;
  let first;
  for (const [name, message] of Object.entries(fields)) {
    const control = /** @type {HTMLElement | null} */ (form.querySelector(`#${name}`));
    const error = document.getElementById(`${name}-error`);
    if (!control || !error) continue;
    control.setAttribute('aria-invalid', 'true');
    error.textContent = message ? (lang() === 'en' ? message : `${t('report.invalid')}（${message}）`) : t('report.required');
    error.hidden = false;
    first ??= control;
  }
  showFormError(t('report.problems'));
  first?.focus();
}

/** What the witness sees after sending: the code, whom to call now, and what happens next. @param {any} incident */
function confirmation(incident) {
  const number = plan.emergencyNumbers?.[incident.category];
  const reportedAt = Date.parse(incident.reportedAt);
  const firstLevel = incident.deadlines.levels[0];
  const minutes = firstLevel ? Math.round((Date.parse(firstLevel.at) - reportedAt) / 60_000) : 0;
  const reportWithin = Math.round((Date.parse(incident.deadlines.report) - reportedAt) / 60_000);
  const within = reportWithin >= 60 && reportWithin % 60 === 0 ? t('time.hours', { n: reportWithin / 60 }) : t('time.minutes', { n: reportWithin });
  const again = el('button', { type: 'button', class: 'button secondary' }, t('report.another'));
  again.addEventListener('click', () => {
    done = undefined;
    render();
    /** @type {HTMLElement | null} */ (document.getElementById('category'))?.focus();
  });
  return el(
    'section',
    { class: 'ok-box', 'aria-labelledby': 'done-h', id: 'done' },
    el('h1', { id: 'done-h', tabindex: -1 }, t('report.done')),
    el('p', {}, t('report.code')),
    el('p', { class: 'big-code', 'data-code': incident.code }, incident.code),
    el('p', { class: 'muted' }, t('report.code.hint')),
    number && el('p', { class: 'call' }, el('a', { href: `tel:${number}` }, t('report.call', { number }))),
    el('h2', {}, t('report.next')),
    el(
      'ul',
      {},
      el('li', {}, t('report.next.first')),
      minutes > 0 && incident.deadlines.levels.length > 1 && el('li', {}, t('report.next.levels', { minutes })),
      el('li', {}, t('report.next.report', { superior: plan.superior ?? '', time: within })),
    ),
    el('p', {}, again),
  );
}

function qr() {
  return el(
    'details',
    { class: 'card qr' },
    el('summary', {}, t('report.qr')),
    el('img', { src: url(`report/${encodeURIComponent(plan.id)}/qr.svg`), alt: t('report.qr.alt', { school: plan.orgName }), width: 160, height: 160, loading: 'lazy' }),
    el('p', {}, el('a', { href: location.href }, location.href)),
  );
}

main();
