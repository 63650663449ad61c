// @ts-check
/** Small form helpers the casework pages share (包案, 风险排查, 值班记录): labelled fields, API errors shown by field. */
import { el } from './app.js';
import { t } from './i18n.js';

/**
 * A labelled input, select or textarea.
 * @param {string} id
 * @param {string} labelKey
 * @param {HTMLElement} control
 */
export function field(id, labelKey, control) {
  control.id = id;
  control.setAttribute('name', id);
  return el('div', { class: 'field' }, el('label', { for: id }, t(labelKey)), control);
}

/**
 * @param {string} name
 * @param {{ value: string, label: string }[]} options
 */
export function select(name, options) {
  return el('select', { name }, ...options.map((option) => el('option', { value: option.value }, option.label)));
}

/**
 * Shows what the API refused (`{"error":{"message","fields"}}`) in `box`, or clears it.
 * @param {HTMLElement} box
 * @param {{ status: number, body: any }} [answer]
 */
export function showProblem(box, answer) {
  box.replaceChildren();
  box.hidden = !answer;
  if (!answer) return;
  const fields = Object.entries(answer.body?.error?.fields ?? {});
  box.append(
    el('p', {}, answer.body?.error?.message ?? t('form.failed')),
    ...(fields.length > 0 ? [el('ul', {}, ...fields.map(([name, problem]) => el('li', {}, `${name}: ${problem}`)))] : []),
  );
}

/** A box for refusals, announced to screen readers. */
export const problemBox = () => Object.assign(el('div', { class: 'error-box', role: 'alert' }), { hidden: true });

/**
 * The value of a named control in a form.
 * @param {HTMLFormElement} form
 * @param {string} name
 */
export const valueOf = (form, name) => String(new FormData(form).get(name) ?? '').trim();
