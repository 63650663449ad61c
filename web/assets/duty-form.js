// @ts-check
/**
 * The duty lead's cover and swap form (POST /duty/{planId}/overrides), on the duty page only for
 * those the roster lets lead (`you.mayOverride`). The API's refusals are shown in the page's
 * language, field by field.
 */
import { api, clockTime, el } from './app.js';
import { field, select, valueOf } from './forms.js';
import { t } from './i18n.js';

const FIELD_MESSAGES = ['kind', 'shift', 'date', 'personId', 'withShift', 'withDate', 'reason'];

/**
 * What a refused override says to the lead: a sentence and, for a 400, one line per field.
 * @param {{ status: number, body: any }} answer
 * @returns {{ message: string, details: string[] }}
 */
export function overrideProblem(answer) {
  if (answer.status === 403) return { message: t('duty.form.forbidden'), details: [] };
  if (answer.status === 404) return { message: t('duty.form.notFound'), details: [] };
  if (answer.status !== 400) return { message: t('form.failed'), details: [] };
  const fields = Object.keys(answer.body?.error?.fields ?? {});
  const details = fields.map((name) => (FIELD_MESSAGES.includes(name) ? t(`duty.field.${name}`) : t('duty.field.other', { field: name })));
  return { message: t('duty.form.invalid'), details: [...new Set(details)] };
}

/** One shift of the week as the form and the page name it: "03/06 08:00–18:00 白班 王老师". @param {any} shift @param {string} timeZone */
export function shiftLabel(shift, timeZone) {
  return `${clockTime(shift.starts, timeZone, true)}–${clockTime(shift.ends, timeZone)} ${shift.name ?? shift.shift} ${shift.person}`;
}

/**
 * The form for one school's roster; `saved` is called with what was recorded once the API took it.
 * @param {any} roster GET /duty/{planId}
 * @param {(what: string) => void} saved
 */
export function overrideForm(roster, saved) {
  const id = (/** @type {string} */ name) => `${name}-${roster.planId}`;
  const shifts = /** @type {any[]} */ (roster.shifts).map((shift) => ({ value: `${shift.shift}@${shift.date}`, label: shiftLabel(shift, roster.timeZone) }));
  const kind = select(id('kind'), [
    { value: 'cover', label: t('duty.form.kind.cover') },
    { value: 'swap', label: t('duty.form.kind.swap') },
  ]);
  const person = field(
    id('person'),
    'duty.form.person',
    select(
      id('person'),
      roster.people.map((/** @type {any} */ p) => ({ value: p.personId, label: p.name })),
    ),
  );
  const withShift = field(id('with-shift'), 'duty.form.withShift', select(id('with-shift'), shifts));
  withShift.hidden = true;
  kind.addEventListener('change', () => {
    const swap = /** @type {HTMLSelectElement} */ (kind).value === 'swap';
    person.hidden = swap;
    withShift.hidden = !swap;
  });
  const problem = el('div', { class: 'error-box', role: 'alert', 'data-field': 'override-problem' });
  problem.hidden = true;
  const form = /** @type {HTMLFormElement} */ (
    el(
      'form',
      { class: 'no-print', 'data-form': 'override' },
      el('h3', {}, t('duty.form.title')),
      field(id('kind'), 'duty.form.kind', kind),
      field(id('shift'), 'duty.form.shift', select(id('shift'), shifts)),
      person,
      withShift,
      field(id('reason'), 'duty.form.reason', el('input', { type: 'text', autocomplete: 'off' })),
      problem,
      el('button', { class: 'button', type: 'submit' }, t('duty.form.do')),
    )
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const [shift, date] = valueOf(form, id('shift')).split('@');
    const reason = valueOf(form, id('reason'));
    const cover = valueOf(form, id('kind')) === 'cover';
    const [otherShift, otherDate] = valueOf(form, id('with-shift')).split('@');
    const body = cover
      ? { kind: 'cover', shift, date, personId: valueOf(form, id('person')), ...(reason && { reason }) }
      : { kind: 'swap', shift, date, withShift: otherShift, withDate: otherDate, ...(reason && { reason }) };
    const button = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
    button.disabled = true;
    const answer = await api(`duty/${encodeURIComponent(roster.planId)}/overrides`, { method: 'POST', body });
    button.disabled = false;
    if (answer.status !== 201) {
      const { message, details } = overrideProblem(answer);
      problem.replaceChildren(el('p', {}, message), ...(details.length > 0 ? [el('ul', {}, ...details.map((line) => el('li', {}, line)))] : []));
      problem.hidden = false;
      return;
    }
    const chosen = (/** @type {string} */ name) => /** @type {HTMLSelectElement} */ (form.querySelector(`#${id(name)}`)).selectedOptions[0]?.textContent ?? '';
    saved(`${t(`duty.override.${body.kind}`)} · ${chosen('shift')} → ${cover ? chosen('person') : chosen('with-shift')}`);
  });
  return form;
}
