// @ts-check
/** Cases on the board: the open 包案 cases of the schools the signed-in person may see, those whose visit is overdue named. */
import { api, clockTime, el, token, url } from './app.js';
import { t } from './i18n.js';

async function show() {
  const strip = document.getElementById('case-strip');
  if (!strip || !token()) return;
  const answer = await api('cases?open=1');
  if (answer.status !== 200 || answer.body.cases.length === 0) return;
  const cases = answer.body.cases;
  const overdue = cases.filter((/** @type {any} */ item) => item.visitOverdue);
  strip.replaceChildren(
    el('h2', {}, el('a', { href: url('petition-cases') }, t('board.cases', { n: cases.length, overdue: overdue.length }))),
    ...(overdue.length > 0
      ? [
          el(
            'ul',
            {},
            ...overdue.map((/** @type {any} */ item) =>
              el(
                'li',
                { 'data-case': item.code },
                el('span', { class: 'badge late' }, t('cases.overdue')),
                ` #${item.code} ${item.petitioner.name} · ${item.responsible.name} · ${clockTime(item.nextVisitDue, null, true)}`,
              ),
            ),
          ),
        ]
      : []),
  );
  strip.hidden = false;
}

// After the board's first page is drawn: the cases are second on this page, and their list reads every plan a bureau sees.
window.addEventListener('yingji:board-drawn', () => show(), { once: true });
window.addEventListener('yingji:lang', () => show());
