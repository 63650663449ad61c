// @ts-check
/**
 * The written report after an incident (书面报告): drafted from the timeline, edited and submitted
 * by the school, accepted or returned by the bureau; printed on A4 (the print styles in style.css)
 * or saved as PDF from the browser's print dialog.
 */
import { api, clockTime, el, startPage, startSignedInPage } from './app.js';
import { t } from './i18n.js';

startPage();
const FIELDS = ['time', 'place', 'situation', 'knowledge', 'measures', 'aftermath'];
const incidentId = decodeURIComponent(location.pathname.split('/').at(-2) ?? '');
/** @type {any} */
let report;
/** @type {string} */
let problem = '';

async function main() {
  if (await startSignedInPage({ redraw: () => render() })) await load();
}

async function load() {
  const answer = await api(`incidents/${encodeURIComponent(incidentId)}/written-report`);
  if (answer.status !== 200) {
    problem = answer.body?.error?.message ?? String(answer.status);
    report = undefined;
  } else report = answer.body;
  render();
}

/** @param {string} step @param {unknown} body @param {string} [method] */
async function send(step, body, method = 'POST') {
  const path = `incidents/${encodeURIComponent(incidentId)}/written-report${step ? `/${step}` : ''}`;
  const answer = await api(path, { method, body });
  problem =
    answer.status === 200
      ? ''
      : `${answer.body?.error?.message ?? answer.status} ${Object.entries(answer.body?.error?.fields ?? {})
          .map(([field, why]) => `${field}: ${why}`)
          .join('; ')}`;
  if (answer.status === 200) report = answer.body;
  render();
}

function content() {
  /** @type {Record<string, string>} */
  const values = {};
  for (const field of FIELDS) values[field] = /** @type {HTMLTextAreaElement | null} */ (document.getElementById(`wr-${field}`))?.value ?? report.content[field];
  return values;
}

function render() {
  const root = /** @type {HTMLElement} */ (document.getElementById('written-report'));
  if (!report) {
    root.replaceChildren(el('p', { class: 'late', role: 'alert' }, problem));
    return;
  }
  const editable = report.actions.includes('save');
  const when = (/** @type {{ at: string, name: string } | null} */ who) => (who ? `${who.name} ${clockTime(who.at, report.timeZone, true)}` : '');
  root.replaceChildren(
    el(
      'article',
      { class: 'paper', 'data-status': report.status },
      el('h1', { class: 'paper-title' }, t('wr.heading', { school: report.orgName, category: report.categoryName })),
      el('p', { class: 'paper-meta' }, `${t('wr.to')}：${report.to.map((/** @type {any} */ to) => to.roleName).join('、')} · #${report.code}`),
      el(
        'p',
        { class: `paper-meta${report.late ? ' late' : ''}`, 'data-field': 'status' },
        `${t(`wr.status.${report.status}`)}${report.dueAt ? ` · ${t('wr.due', { at: clockTime(report.dueAt, report.timeZone, true) })}` : ''}${report.late ? ` · ${t('wr.late')}` : ''}`,
      ),
      ...FIELDS.map((field) =>
        el(
          'section',
          { class: 'paper-section' },
          el('h2', {}, t(`wr.field.${field}`)),
          editable
            ? el(
                'textarea',
                { id: `wr-${field}`, name: field, rows: field === 'knowledge' || field === 'measures' ? 6 : 3, 'aria-label': t(`wr.field.${field}`) },
                report.content[field],
              )
            : el('p', { class: 'paper-text', 'data-field': field }, report.content[field] || '—'),
        ),
      ),
      el(
        'footer',
        { class: 'paper-sign' },
        report.submittedBy ? el('p', {}, `${t('wr.submittedBy')}：${when(report.submittedBy)}`) : null,
        report.returned ? el('p', { class: 'late' }, `${t('wr.returned')}：${when(report.returned)} — ${report.returned.reason}`) : null,
        report.acceptedBy ? el('p', {}, `${t('wr.acceptedBy')}：${when(report.acceptedBy)}`) : null,
      ),
    ),
    el('p', { class: 'late', role: 'alert', 'data-field': 'problem' }, problem),
    el(
      'div',
      { class: 'actions no-print' },
      editable ? button('save', () => send('', { content: content() }, 'PUT')) : null,
      editable ? button('submit', () => send('submit', { content: content() })) : null,
      report.actions.includes('accept') ? button('accept', () => send('accept', {})) : null,
      report.actions.includes('return') ? el('input', { id: 'wr-reason', 'aria-label': t('wr.reason'), placeholder: t('wr.reason') }) : null,
      report.actions.includes('return') ? button('return', () => send('return', { reason: /** @type {HTMLInputElement} */ (document.getElementById('wr-reason')).value })) : null,
      button('print', () => window.print()),
      el('a', { href: `incident/${encodeURIComponent(incidentId)}` }, t('wr.back')),
    ),
  );
}

/** @param {string} action @param {() => unknown} onClick */
function button(action, onClick) {
  const node = el('button', { type: 'button', 'data-action': action }, t(`wr.action.${action}`));
  node.addEventListener('click', () => void onClick());
  return node;
}

main();
