import type { ActionName, ActionView } from '../core/incident';
import { localTime } from '../core/plan';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const BUTTONS: Record<ActionName, string> = {
  ack: '收到，我来负责 (Acknowledge)',
  received: '已阅 (Received)',
  reported: '已上报教育局 (Reported to bureau)',
  'request-written-report': '请学校提交书面报告 (Request the written report)',
  close: '结案 (Close)',
};

const STATUS: Record<string, string> = { open: '待确认', acknowledged: '已确认', closed: '已结案' };

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title><style>
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:32rem;padding:1rem;color:#111}
h1{font-size:1.3rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{color:#555}
button{display:block;width:100%;margin:.5rem 0;padding:.8rem;font-size:1rem;border:0;border-radius:.4rem;background:#b00020;color:#fff}
button[data-action=close]{background:#444}textarea{width:100%;box-sizing:border-box}
.late{color:#b00020;font-weight:bold}[role=status]{font-weight:bold}
</style></head><body>${body}</body></html>`;
}

export function actionPage(view: ActionView): string {
  const { record, plan, category, person, state, actions } = view;
  const { incident } = record;
  const buttons = actions.map((action) => `<button type="button" data-action="${action}">${escape(BUTTONS[action])}</button>`).join('');
  return layout(
    `${category.name} · ${incident.code}`,
    `<h1>${escape(category.name)}：${escape(incident.place)}</h1>
<dl><dt>编号</dt><dd>${escape(incident.code)}</dd>
<dt>学校</dt><dd>${escape(plan.organisation.name)}</dd>
<dt>报告时间</dt><dd>${escape(localTime(plan, incident.reportedAt))}</dd>
<dt>情况</dt><dd>${escape(incident.description)}</dd>
<dt>状态</dt><dd id="status">${escape(STATUS[state.status] ?? state.status)}${state.acknowledgedBy ? `（${escape(state.acknowledgedBy.name)}）` : ''}</dd>
<dt>上报教育局</dt><dd>${state.reportedToBureau ? '已上报' : `截止 ${escape(localTime(plan, incident.deadlines.report))}`}${state.late ? ' <span class="late">缓报</span>' : ''}</dd>
${category.emergencyNumber ? `<dt>报警</dt><dd><a href="tel:${escape(category.emergencyNumber)}">${escape(category.emergencyNumber)}</a></dd>` : ''}
</dl>
${view.authority.mayAcknowledge ? '' : '<p id="for-information">此短信供您知悉：“已阅”会记录在案，但不会停止升级，由学校负责人确认处置。 (For your information: “received” is recorded and does not stop the escalation.)</p>'}
<p>${escape(person.name)}，请选择：</p>
${buttons}
${actions.includes('close') ? '<label for="resolution">结案说明 (resolution)</label><textarea id="resolution" rows="2"></textarea>' : ''}
<p role="status" id="result" aria-live="polite"></p>
<script>
document.querySelectorAll('button[data-action]').forEach(function (button) {
  button.addEventListener('click', async function () {
    var resolution = document.getElementById('resolution');
    var body = { action: button.dataset.action, resolution: resolution ? resolution.value : undefined };
    var response = await fetch(location.pathname, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    var result = await response.json();
    document.getElementById('result').textContent = response.ok ? '已记录 (recorded)' : result.error.message;
    if (response.ok) setTimeout(function () { location.reload(); }, 800);
  });
});
</script>`,
  );
}

export function unknownLinkPage(): string {
  return layout('链接无效', '<h1>链接无效或已失效</h1><p>This link is unknown or no longer valid.</p>');
}
