// @ts-check
/**
 * 值班记录: a school's duty log for a day, per shift — who was on duty, the entries, the calls
 * received, the handover note — with a form for whoever is on the plan, and a printable layout.
 */
import { api, clockTime, el, startPage, startSignedInPage } from './app.js';
import { field, problemBox, select, showProblem, valueOf } from './forms.js';
import { t } from './i18n.js';

startPage();
/** @type {any} */
let me;
/** @type {any} */
let log;
const params = new URLSearchParams(location.search);
let planId = params.get('plan') ?? '';
let date = params.get('date') ?? '';

async function main() {
  me = await startSignedInPage({ active: 'duty-record', redraw: () => render() });
  if (!me) return;
  planId ||= me.schools.find((/** @type {any} */ school) => school.hasRoster)?.planId ?? me.schools[0]?.planId ?? '';
  await load();
}

async function load() {
  if (!planId) return render();
  const answer = await api(`duty-log/${encodeURIComponent(planId)}${date ? `?date=${encodeURIComponent(date)}` : ''}`);
  if (answer.status !== 200) return;
  log = answer.body;
  date = log.date;
  render();
}

function render() {
  const root = /** @type {HTMLElement} */ (document.getElementById('duty-record'));
  if (!log) return root.replaceChildren(el('p', { class: 'empty' }, t('dutylog.none')));
  const schools = select(
    'plan',
    me.schools.map((/** @type {any} */ school) => ({ value: school.planId, label: school.orgName ?? school.name ?? school.planId })),
  );
  /** @type {HTMLSelectElement} */ (schools).value = planId;
  schools.addEventListener('change', () => {
    planId = /** @type {HTMLSelectElement} */ (schools).value;
    load();
  });
  const picker = /** @type {HTMLInputElement} */ (el('input', { type: 'date', value: date }));
  picker.addEventListener('change', () => {
    date = picker.value;
    load();
  });
  const print = el('button', { class: 'button secondary', type: 'button', id: 'print' }, t('dutylog.print'));
  print.addEventListener('click', () => window.print());
  root.replaceChildren(
    el('div', { class: 'no-print filters' }, field('plan', 'cases.plan', schools), field('date', 'risks.date', picker), print),
    el('h2', {}, `${log.school} · ${log.date}`),
    ...log.shifts.map(shift),
    entryForm(),
  );
}

/** @param {any} group */
function shift(group) {
  const title = group.shift
    ? `${group.shift.name ?? group.shift.id} ${clockTime(group.shift.starts, log.timeZone, true)}–${clockTime(group.shift.ends, log.timeZone, true)}`
    : t('dutylog.day');
  return el(
    'section',
    { class: 'card shift', 'data-shift': group.shift?.id ?? 'day' },
    el('h3', {}, title),
    el('p', {}, `${t('dutylog.onDuty')}：${group.onDuty.map((/** @type {any} */ person) => person.name).join('、') || t('field.nobody')}`),
    group.entries.length === 0
      ? el('p', { class: 'muted' }, t('dutylog.empty'))
      : el(
          'ol',
          { class: 'events' },
          ...group.entries.map((/** @type {any} */ entry) =>
            el(
              'li',
              {},
              el('time', { datetime: entry.at }, clockTime(entry.at, log.timeZone)),
              el(
                'span',
                {},
                el('span', { class: `badge ${entry.kind === 'handover' ? 'reported' : 'open'}` }, t(`dutylog.kind.${entry.kind}`)),
                ' ',
                entry.caller ? `${[entry.caller.name, entry.caller.phone].filter(Boolean).join(' ')}：` : '',
                entry.text,
                el('span', { class: 'muted' }, ` — ${entry.by.name} · ${t(`risks.channel.${entry.channel}`)}`),
              ),
            ),
          ),
        ),
    group.handover ? el('p', { class: 'ok-box' }, `${t('dutylog.handover')}：${group.handover.text}`) : null,
  );
}

function entryForm() {
  const problem = problemBox();
  const kind = select(
    'kind',
    ['entry', 'call', 'handover'].map((value) => ({ value, label: t(`dutylog.kind.${value}`) })),
  );
  const form = /** @type {HTMLFormElement} */ (
    el(
      'form',
      { class: 'card no-print', id: 'write-log' },
      el('h2', {}, t('dutylog.write')),
      field('kind', 'dutylog.kind', kind),
      field('text', 'dutylog.text', el('textarea', { required: true })),
      field('callerName', 'dutylog.caller', el('input', { autocomplete: 'off' })),
      problem,
      el('button', { class: 'button', type: 'submit' }, t('dutylog.write.do')),
    )
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const type = valueOf(form, 'kind');
    const callerName = valueOf(form, 'callerName');
    const answer = await api(`duty-log/${encodeURIComponent(planId)}`, {
      method: 'POST',
      body: { kind: type, text: valueOf(form, 'text'), ...(type === 'call' && callerName && { caller: { name: callerName } }) },
    });
    if (answer.status !== 201) return showProblem(problem, answer);
    await load();
  });
  return form;
}

main();
