// @ts-check
/**
 * 风险信息 and 日排查: the day's roll-up of every school the signed-in person may see — each unit's
 * screening (nothing found, found, not in) and the risks reported — with, for someone on the
 * school's plan, a risk to report, the day's screening to send, and a risk turned into an incident
 * or taken on as a 包案 case.
 */
import { api, clockTime, el, startPage, startSignedInPage, url } from './app.js';
import { field, problemBox, select, showProblem, valueOf } from './forms.js';
import { t } from './i18n.js';

startPage();
/** @type {any} */
let data;
let date = new URLSearchParams(location.search).get('date') ?? '';

async function main() {
  if (await startSignedInPage({ active: 'screening', redraw: () => render() })) await load();
}

async function load() {
  const answer = await api(`risks${date ? `?date=${encodeURIComponent(date)}` : ''}`);
  if (answer.status !== 200) return;
  data = answer.body;
  date = data.date;
  render();
}

function render() {
  const root = /** @type {HTMLElement} */ (document.getElementById('screening'));
  const picker = /** @type {HTMLInputElement} */ (el('input', { type: 'date', value: date }));
  picker.addEventListener('change', () => {
    date = picker.value;
    load();
  });
  const mine = data.plans.filter((/** @type {any} */ plan) => plan.mine);
  root.replaceChildren(
    field('day', 'risks.date', picker),
    ...(mine.length > 0 ? [reportForm(mine)] : []),
    ...(data.plans.length === 0 ? [el('p', { class: 'empty' }, t('risks.none'))] : data.plans.map(school)),
  );
}

/** @param {any[]} plans */
function reportForm(plans) {
  const problem = problemBox();
  const planSelect = select(
    'planId',
    plans.map((plan) => ({ value: plan.planId, label: plan.school })),
  );
  const send = async (/** @type {object} */ body) => {
    const answer = await api('risks', { method: 'POST', body: { planId: /** @type {HTMLSelectElement} */ (planSelect).value, ...body } });
    if (answer.status !== 201) return showProblem(problem, answer);
    showProblem(problem);
    await load();
  };
  const form = /** @type {HTMLFormElement} */ (
    el(
      'form',
      { class: 'card', id: 'report-risk' },
      el('h2', {}, t('risks.report')),
      field('planId', 'cases.plan', planSelect),
      field('summary', 'risks.summary', el('textarea', {})),
      field('place', 'field.place', el('input', { autocomplete: 'off' })),
      problem,
      el(
        'p',
        { class: 'actions' },
        el('button', { class: 'button', type: 'submit' }, t('risks.report.do')),
        el('button', { class: 'button secondary', type: 'button', id: 'nothing-found' }, t('risks.nothingFound')),
      ),
    )
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send({ summary: valueOf(form, 'summary'), ...(valueOf(form, 'place') && { place: valueOf(form, 'place') }) });
  });
  form.querySelector('#nothing-found')?.addEventListener('click', () => send({ nothingFound: true }));
  return form;
}

/** @param {any} plan */
function school(plan) {
  const counts = plan.counts;
  return el(
    'section',
    { class: 'card', 'data-plan': plan.planId },
    el('h2', {}, `${plan.school} · ${plan.date}`),
    el(
      'p',
      { class: 'counts' },
      ...['units', 'nothingFound', 'found', 'missing', 'risks', 'open'].map((key) =>
        el('span', { class: `chip${key === 'missing' && counts.missing > 0 ? ' overdue' : ''}` }, t(`risks.count.${key}`), ' ', el('b', {}, counts[key])),
      ),
    ),
    plan.units.length > 0
      ? el(
          'ul',
          { class: 'units' },
          ...plan.units.map((/** @type {any} */ unit) =>
            el(
              'li',
              {},
              `${unit.name}：`,
              el('span', { class: `badge ${unit.status === 'missing' ? 'late' : 'acknowledged'}` }, t(`risks.unit.${unit.status}`, { n: unit.items })),
              unit.at ? ` ${clockTime(unit.at)}` : '',
            ),
          ),
        )
      : null,
    ...plan.risks.map((/** @type {any} */ risk) => riskCard(plan, risk)),
  );
}

/**
 * @param {any} plan
 * @param {any} risk
 */
function riskCard(plan, risk) {
  const card = el(
    'article',
    { class: 'risk', 'data-risk': risk.code },
    el(
      'p',
      {},
      el('b', {}, `#${risk.code} `),
      risk.summary,
      risk.place ? `（${risk.place}）` : '',
      ' ',
      el('span', { class: `badge ${risk.status === 'open' ? 'open' : 'closed'}` }, t(`risks.status.${risk.status}`)),
    ),
    el('p', { class: 'muted' }, `${clockTime(risk.reportedAt)} ${risk.by.name} · ${t(`risks.channel.${risk.channel}`)}`),
  );
  if (risk.incident) card.append(el('p', {}, el('a', { href: url(`incident/${risk.incident.id}`) }, t('risks.incident', { code: risk.incident.code }))));
  if (risk.case) card.append(el('p', {}, el('a', { href: url('petition-cases') }, t('risks.case', { code: risk.case.code }))));
  if (!plan.mine || risk.status !== 'open') return card;
  const problem = problemBox();
  const id = `category-${risk.code.toLowerCase()}`;
  const form = /** @type {HTMLFormElement} */ (
    el(
      'form',
      {},
      field(
        id,
        'cases.escalate.category',
        select(
          id,
          plan.categories.map((/** @type {any} */ category) => ({ value: category.id, label: category.name })),
        ),
      ),
      problem,
      el('button', { class: 'button', type: 'submit' }, t('risks.escalate')),
    )
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answer = await api(`risks/${risk.id}/escalate`, { method: 'POST', body: { category: valueOf(form, id) } });
    if (answer.status >= 300) return showProblem(problem, answer);
    location.assign(url(`incident/${answer.body.incident.id}`));
  });
  card.append(
    el('details', {}, el('summary', {}, t('risks.escalate')), form),
    el('p', {}, el('a', { href: url(`petition-cases?fromRisk=${risk.id}&plan=${plan.planId}`) }, t('risks.toCase'))),
  );
  return card;
}

main();
