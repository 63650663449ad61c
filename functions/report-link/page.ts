import { localTime } from '../core/plan';
import type { ReportLinkView } from '../core/scheduled-reports';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The page a reminder's link opens: which report, by when, and two ways to send it. */
export function reportPage({ plan, report, grant, person, submitted }: ReportLinkView): string {
  const status = submitted
    ? `已报送：${escape(submitted.name)} ${escape(localTime(plan, submitted.at))}${submitted.late ? ' <span class="late">逾期</span>' : ''}`
    : `未报送，截止 ${escape(localTime(plan, grant.dueAt))}`;
  const checklist = report.checklist ? `<p>检查项目：</p><ul>${report.checklist.map((item) => `<li>${escape(item)}</li>`).join('')}</ul>` : '';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(report.name)} · ${escape(plan.organisation.name)}</title><style>
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:32rem;padding:1rem;color:#111}
h1{font-size:1.3rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{color:#555}
button{display:block;width:100%;margin:.5rem 0;padding:.8rem;font-size:1rem;border:0;border-radius:.4rem;background:#1b5e20;color:#fff}
button#situation{background:#b00020}textarea{width:100%;box-sizing:border-box}.late{color:#b00020;font-weight:bold}[role=status]{font-weight:bold}
</style></head><body>
<h1>${escape(report.name)}</h1>
<dl><dt>学校</dt><dd>${escape(plan.organisation.name)}</dd>
<dt>日期</dt><dd>${escape(grant.date)}</dd>
<dt>状态</dt><dd>${status}</dd></dl>
${checklist}
<p>${escape(person.name)}：</p>
<button type="button" id="clear">平安，无事 (All clear)</button>
<label for="text">有情况，请说明 (Something to report)</label><textarea id="text" rows="3"></textarea>
<button type="button" id="situation">有情况，报送 (Report it)</button>
<p role="status" id="result" aria-live="polite"></p>
<script>
async function send(body) {
  var response = await fetch(location.pathname, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  var result = await response.json();
  document.getElementById('result').textContent = response.ok ? (result.accepted ? '已报送 (sent)' : '此前已报送 (already in)') + (result.incident ? ' #' + result.incident.code : '') : result.error.message;
}
document.getElementById('clear').addEventListener('click', function () { send({}); });
document.getElementById('situation').addEventListener('click', function () { send({ situation: document.getElementById('text').value }); });
</script></body></html>`;
}
