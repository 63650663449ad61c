import { normalizeText } from './normalize';

/**
 * Texts that keep a record rather than report an incident, from someone on a plan (docs/sms.md):
 * an information officer's risk (`风险 …`) and daily screening (`排查 无` or `排查 …；…`), and the
 * duty officer's log (`值班 …`, `来电 …`, `交班 …`). The keyword leads the text, then a space or
 * a colon; a keyword with nothing after it (but 排查) is no record.
 */
export type RecordText = { kind: 'risk'; text: string } | { kind: 'screening'; items: string[] } | { kind: 'duty-log'; entry: 'entry' | 'call' | 'handover'; text: string };

const DUTY_LOG: Record<string, 'entry' | 'call' | 'handover'> = { 值班: 'entry', 值班记录: 'entry', 来电: 'call', 交班: 'handover', 交接班: 'handover' };
const RISK = ['风险信息', '风险'];
const SCREENING = ['日排查', '排查'];
/** 排查 with one of these and nothing else: the screening found nothing. */
const NOTHING_FOUND = new Set(['无', '无异常', '正常', '没有', '平安', '无情况', '未发现', '未发现问题', '无矛盾纠纷', '0']);

export function parseRecordText(body: string): RecordText | undefined {
  // The keyword is read normalised; what follows is kept as typed.
  const text = body.trim();
  const match = /^(\S+?)[\s:：,，]+(.*)$/su.exec(text) ?? /^(\S+)$/u.exec(text);
  if (!match) return undefined;
  const keyword = normalizeText(match[1] ?? '');
  const content = (match[2] ?? '').trim();
  if (SCREENING.includes(keyword)) {
    const items = content
      .split(/[;；\n]+/u)
      .map((item) => item.trim())
      .filter(Boolean);
    return { kind: 'screening', items: items.length === 1 && NOTHING_FOUND.has(items[0]!.replace(/[。.!！]$/u, '')) ? [] : items };
  }
  if (content === '') return undefined;
  if (RISK.includes(keyword)) return { kind: 'risk', text: content };
  const entry = DUTY_LOG[keyword];
  return entry ? { kind: 'duty-log', entry, text: content } : undefined;
}
