// @ts-check
/**
 * 包案: the cases of every school the signed-in person may see, the most overdue visit first; a
 * new case (or one taken on from a risk: ?fromRisk=…&plan=…), and on each case the visit held,
 * the incident it opens, and its closure. What may be done is the API's to decide.
 */
import { api, clockTime, el, startPage, startSignedInPage, url } from './app.js';
import { field, problemBox, select, showProblem, valueOf } from './forms.js';
import { t } from './i18n.js';

startPage();
/** @type {any} */
let data;
const params = new URLSearchParams(location.search);

async function main() {
  if (await startSignedInPage({ active: 'cases', redraw: () => render() })) await load();
}

async function load() {
  const answer = await api('cases');
  if (answer.status !== 200) return;
  data = answer.body;
  render();
}

function render() {
  const root = /** @type {HTMLElement} */ (document.getElementById('cases'));
  const mine = data.plans.filter((/** @type {any} */ plan) => plan.mine);
  root.replaceChildren(
    ...(mine.length > 0 ? [newCaseForm(mine)] : []),
    el('h2', {}, t('cases.list', { n: data.cases.length })),
    ...(data.cases.length === 0 ? [el('p', { class: 'empty' }, t('cases.none'))] : data.cases.map((/** @type {any} */ item) => caseCard(item))),
  );
}

/** @param {any[]} plans */
function newCaseForm(plans) {
  const fromRisk = params.get('fromRisk');
  const plan = plans.find((candidate) => candidate.planId === params.get('plan')) ?? plans[0];
  const people = plan.people.map((/** @type {any} */ person) => ({ value: person.personId, label: person.name }));
  const owners = plan.people.filter((/** @type {any} */ person) => person.owner).map((/** @type {any} */ person) => ({ value: person.personId, label: person.name }));
  const problem = problemBox();
  const form = /** @type {HTMLFormElement} */ (
    el(
      'form',
      { class: 'card', id: 'new-case' },
      el('h2', {}, t(fromRisk ? 'cases.new.fromRisk' : 'cases.new')),
      field(
        'planId',
        'cases.plan',
        select(
          'planId',
          plans.map((candidate) => ({ value: candidate.planId, label: candidate.school })),
        ),
      ),
      field('petitioner', 'cases.petitioner', el('input', { required: true, autocomplete: 'off' })),
      ...(fromRisk ? [] : [field('summary', 'cases.summary', el('textarea', { required: true }))]),
      field('leader', 'cases.leader', select('leader', people)),
      field('responsible', 'cases.responsible', select('responsible', owners)),
      field('everyDays', 'cases.everyDays', el('input', { type: 'number', min: 1, max: 90, value: plan.types[0]?.everyDays ?? 7 })),
      field(
        'mode',
        'cases.mode',
        select('mode', [
          { value: 'visit', label: t('cases.mode.visit') },
          { value: 'appointment', label: t('cases.mode.appointment') },
        ]),
      ),
      problem,
      el('p', {}, el('button', { class: 'button', type: 'submit' }, t('cases.open'))),
    )
  );
  /** @type {HTMLSelectElement} */ (form.elements.namedItem('planId')).value = plan.planId;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {
      ...(fromRisk ? { fromRisk } : { planId: valueOf(form, 'planId'), summary: valueOf(form, 'summary') }),
      petitioner: { name: valueOf(form, 'petitioner') },
      leader: valueOf(form, 'leader'),
      responsible: valueOf(form, 'responsible'),
      visits: { everyDays: Number(valueOf(form, 'everyDays')), mode: valueOf(form, 'mode') },
    };
    const answer = await api('cases', { method: 'POST', body });
    if (answer.status !== 201) return showProblem(problem, answer);
    if (fromRisk) history.replaceState(null, '', url('petition-cases'));
    params.delete('fromRisk');
    await load();
  });
  return form;
}

/** @param {any} item */
function caseCard(item) {
  const plan = data.plans.find((/** @type {any} */ candidate) => candidate.planId === item.planId);
  const mode = t(`cases.mode.${item.visits.mode}`);
  const card = el(
    'article',
    { class: 'card case', 'data-case': item.code },
    el(
      'h3',
      {},
      `#${item.code} ${item.petitioner.name} `,
      el('span', { class: `badge ${item.status}` }, t(`cases.status.${item.status}`)),
      item.visitOverdue ? el('span', { class: 'badge late' }, t('cases.overdue')) : null,
    ),
    el('p', {}, item.summary),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, t('field.school')),
      el('dd', {}, plan?.school ?? item.planId),
      el('dt', {}, t('cases.leader')),
      el('dd', {}, item.leader.name),
      el('dt', {}, t('cases.responsible')),
      el('dd', {}, item.responsible.name),
      el('dt', {}, t('cases.plan.visits')),
      el('dd', {}, t('cases.every', { n: item.visits.everyDays, mode })),
      el('dt', {}, t('cases.nextVisit')),
      el('dd', {}, item.nextVisitDue ? clockTime(item.nextVisitDue, null, true) : t('field.none')),
      el('dt', {}, t('cases.lastVisit')),
      el('dd', {}, item.lastVisit ? `${clockTime(item.lastVisit.at, null, true)} ${item.lastVisit.by.name}：${item.lastVisit.note}` : t('field.none')),
      ...(item.incidents.length > 0
        ? [
            el('dt', {}, t('cases.incidents')),
            el('dd', {}, ...item.incidents.map((/** @type {any} */ incident) => el('a', { href: url(`incident/${incident.incidentId}`) }, `#${incident.code} `))),
          ]
        : []),
      ...(item.closed ? [el('dt', {}, t('cases.resolution')), el('dd', {}, item.closed.resolution)] : []),
    ),
  );
  if (plan?.mine && item.status === 'open') card.append(actions(item, plan));
  return card;
}

/**
 * @param {any} item
 * @param {any} plan
 */
function actions(item, plan) {
  const act = (
    /** @type {string} */ key,
    /** @type {string} */ path,
    /** @type {string} */ method,
    /** @type {HTMLElement[]} */ controls,
    /** @type {(form: HTMLFormElement) => object} */ body,
  ) => {
    const problem = problemBox();
    const form = /** @type {HTMLFormElement} */ (el('form', {}, ...controls, problem, el('button', { class: 'button', type: 'submit' }, t(`${key}.do`))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const answer = await api(path, { method, body: body(form) });
      if (answer.status >= 300) return showProblem(problem, answer);
      if (answer.body?.incident) location.assign(url(`incident/${answer.body.incident.id}`));
      else await load();
    });
    return el('details', {}, el('summary', {}, t(key)), form);
  };
  const id = item.code.toLowerCase();
  return el(
    'div',
    { class: 'actions' },
    act('cases.visit', `cases/${item.id}/visits`, 'POST', [field(`note-${id}`, 'cases.visit.note', el('textarea', { required: true }))], (form) => ({
      note: valueOf(form, `note-${id}`),
    })),
    act(
      'cases.escalate',
      `cases/${item.id}/escalate`,
      'POST',
      [
        field(
          `category-${id}`,
          'cases.escalate.category',
          select(
            `category-${id}`,
            plan.categories.map((/** @type {any} */ category) => ({ value: category.id, label: category.name })),
          ),
        ),
        field(`place-${id}`, 'field.place', el('input', { required: true })),
      ],
      (form) => ({ category: valueOf(form, `category-${id}`), place: valueOf(form, `place-${id}`) }),
    ),
    act('cases.close', `cases/${item.id}`, 'PATCH', [field(`resolution-${id}`, 'cases.resolution', el('textarea', { required: true }))], (form) => ({
      status: 'closed',
      resolution: valueOf(form, `resolution-${id}`),
    })),
  );
}

main();
