import { REPORT_LIMITS } from '../incident';
import { guessCategory, mentionsIncident } from './categories';
import { clipText, commandKey, normalizeText } from './normalize';
import { extractPlace } from './place';

/**
 * What an inbound text says, read without knowing who sent it. Whether it may do that (a stranger
 * cannot acknowledge, only a duty officer's all-clear counts) is decided by `interpretInbound`.
 *
 * Replies name an alert by its per-phone number (GoAlert style: "1" or "1a" acknowledges the
 * alert numbered 1 on this phone, "1r" reported, "1e" escalate, "1c" close), or by the incident
 * code printed in the alert ("#ABC234 收到"), or by nothing: "收到" means the latest alert.
 */
export type InboundReading =
  | ReplyReading<'ack'>
  | ReplyReading<'reported'>
  | ReplyReading<'escalate'>
  | (Omit<ReplyReading<'close'>, 'note'> & { resolution?: string })
  | { kind: 'all-clear' }
  | { kind: 'situation'; text: string }
  | { kind: 'stop' }
  | { kind: 'start' }
  | { kind: 'help' }
  | { kind: 'report'; category: string; description: string; place?: string }
  | { kind: 'empty' }
  | { kind: 'unknown'; text: string };

export type ReplyKind = 'ack' | 'reported' | 'escalate' | 'close';

export interface ReplyReading<K extends ReplyKind> {
  kind: K;
  /** The alert's number on this phone (1–99). */
  alert?: number;
  /** The incident code, when the reply names one (`#ABC234`). */
  code?: string;
  /** What follows the command, as typed ("收到 马上到" → "马上到"). */
  note?: string;
}

export interface ParseOptions {
  /** The plan's category ids: a category is only guessed if the plan has it. */
  categories?: readonly string[];
}

// ---- vocabulary (longest first within each list: the regex takes the first that matches; each
// list is kept on its lines as written, prettier-ignore, since one word a line would double the file) ----

// prettier-ignore
const REPLY_WORDS: Record<ReplyKind, { han: string[]; latin: string[]; letters: string[] }> = {
  ack: {
    han: ['已经收到', '收到了', '收倒', '收道', '是的', '已收到', '收到', '已确认', '确认', '确定', '好的', '好滴', '好嘞', '知道了', '明白了', '明白', '了解', '已阅', '马上到', '马上去', '马上处理', '我来处理', '我去处理', '我负责', '在路上'],
    latin: ['acknowledged', 'acknowledge', 'shoudao', 'got it', 'roger', 'on it', 'okay', 'ack', 'akc', 'okk', 'ok', 'yes', 'sd', 'ak'],
    letters: ['a', 'k', 'y'],
  },
  reported: {
    han: ['已经上报', '已经报告', '已上报', '已报告', '已汇报', '上报了', '已报', '报了'],
    latin: ['reported', 'rep'],
    letters: ['r'],
  },
  escalate: {
    han: ['要求升级', '请升级', '升级', '转上级'],
    latin: ['escalate', 'esc'],
    letters: ['e'],
  },
  close: {
    han: ['已结案', '结案', '关闭', '处理完毕', '已处理完', '已处理', '已解决', '解决了', '处理好了'],
    latin: ['resolved', 'resolve', 'closed', 'close'],
    letters: ['c'],
  },
};

/** A one-character Chinese answer only counts on its own: 好 is ack, 好多人 is not. */
const WHOLE_HAN_ACK = ['好', '嗯', '嗯嗯', '行', '是'];
const ACK_EMOJI = /(?:👍|👌|✅|✔|☑)\uFE0F?/u;
const ACK_EMOJI_ALL = new RegExp(ACK_EMOJI.source, 'gu');

// prettier-ignore
const STOP_KEYS = new Set(['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'td', 't', '0000', '退订', 'td退订', 't退订', '取消', '取消订阅', '退出', '拒收', '不要再发了', '别发了']);
// prettier-ignore
const START_KEYS = new Set(['start', 'unstop', 'subscribe', 'resume', '订阅', '恢复', '开通', '重新订阅', '恢复订阅', '恢复接收']);
// prettier-ignore
const HELP_KEYS = new Set(['help', 'info', 'h', '帮助', '说明', '菜单', '指令', '怎么回复', '怎么用', '使用说明']);

/** Said "there was none": removed before looking for words that contradict an all-clear. */
// prettier-ignore
const NONE_HAPPENED = [
  '无安全事故', '没有安全事故', '没有事故', '无事故', '无异常', '没有异常', '没有情况', '无情况', '无伤亡', '没有伤亡', '无人受伤', '没有人受伤',
  'no incidents', 'no incident', 'no injuries', 'nothing to report',
];
// prettier-ignore
const ALL_CLEAR_WORDS = [
  '平安无事', '一切正常', '一切平安', '一切安全', '安全无事', '报平安', '零报告', '0报告', '平安', '平按', '无事', '没事', '正常', '都安全', '均安全',
  'everything normal', 'everything ok', 'all clear', 'all-clear', 'zero report', 'nil report', 'all quiet', 'all good', 'all safe', 'all normal', 'pingan',
];
// prettier-ignore
const ALL_CLEAR_FILLERS = [
  '今天', '今日', '本日', '今晚', '上午', '下午', '晚上', '报告', '汇报', '全校', '校园', '我校', '本校', '学校', '值班', '情况', '目前', '暂时',
  '已', '均', '都', '很', '无', '一切', '好的', '好', 'okay', 'ok', 'today', 'daily', 'report', 'school', 'here', 'is', 'are', 'all', 'the',
];
/** An all-clear that goes on "但…", "不正常", or asks something is a situation, not an all-clear. */
// prettier-ignore
const NOT_ALL_CLEAR = ['但', '不过', '可是', '除了', '不正常', '不安全', '异常', '隐患', '问题', '危险', '需要', '吗', '吧', '?', 'but', 'except', 'however', 'not'];
const SITUATION_MARKER = /^.{0,12}?(?:有情况|发现情况|情况报告|报告情况|异常情况|有异常|发现异常|(?:situation|issue|problem)\s*:)/iu;
/** The rest of a text that is no more than a school name or a date is still a bare all-clear. */
const ALL_CLEAR_REMAINDER = 12;

const SEP = String.raw`[\s\p{P}\p{S}\uFE0F]`;
const CODE = '#?([A-HJKMNP-Z2-9]{6})';

function alternation(words: readonly string[]): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))
    .join('|');
}

/**
 * One reply word. A single letter ("a", "c") only counts straight after a number ("1a") or as
 * the whole reply ("c", "c 2"): "A student fell" is a report, not an acknowledgement.
 */
function replyWordPattern(kind: ReplyKind, afterNumber: boolean): string {
  const { han, latin, letters } = REPLY_WORDS[kind];
  const words = [`(?:${alternation(han)})`, `(?:${alternation(latin)})(?![a-z])`];
  if (kind === 'ack') words.push(`(?:${alternation(WHOLE_HAN_ACK)})(?=${SEP}|\\d|$)`);
  words.push(afterNumber ? `(?:${alternation(letters)})(?![a-z])` : `(?:${alternation(letters)})(?=${SEP}*(?:\\d{1,2})?${SEP}*$)`);
  return `(?:${words.join('|')})`;
}

const REPLY_KINDS: readonly ReplyKind[] = ['ack', 'reported', 'escalate', 'close'];
const replyWord = (afterNumber: boolean) => new RegExp(`^(?:${REPLY_KINDS.map((kind) => `(?<${kind}>${replyWordPattern(kind, afterNumber)})`).join('|')})`, 'iu');
const WORD_FIRST = replyWord(false);
const WORD_AFTER_NUMBER = replyWord(true);
const NUMBER_FIRST = new RegExp(`^${SEP}*(\\d{1,2})(?!\\d)`, 'u');
/** "确认 1" names alert 1; "确认1号楼…" names a building. */
const NUMBER_AFTER_WORD = new RegExp(`^${SEP}*(\\d{1,2})(?![\\d号楼栋幢层室班个名人])`, 'u');
const LEADING_SEP = new RegExp(`^${SEP}*`, 'u');
const CODE_TOKEN = new RegExp(`(?<![A-Za-z0-9])${CODE}(?![A-Za-z0-9])`, 'iu');

interface ReplyParts {
  kind: ReplyKind;
  alert?: number;
  rest: string;
}

function skipSeparators(text: string): string {
  return text.replace(LEADING_SEP, '');
}

/** `1`, `1a`, `1 ACK`, `1收到`, `收到`, `ack 1`, `确认 1` … followed by an optional note. */
function readReplyCommand(text: string): ReplyParts | undefined {
  const numberFirst = NUMBER_FIRST.exec(text);
  if (numberFirst) {
    const alert = Number(numberFirst[1]);
    if (alert < 1) return undefined;
    const afterNumber = skipSeparators(text.slice(numberFirst[0].length));
    const word = WORD_AFTER_NUMBER.exec(afterNumber);
    if (word) return { kind: kindOf(word), alert, rest: afterNumber.slice(word[0].length) };
    // A bare number acknowledges; but "1号楼…" is a place, "110" a phone number, in
    // "2 students hurt" the number counts people and in "3 月 5 日 平安" it is a date.
    const separated = afterNumber !== text.slice(numberFirst[0].length) || afterNumber === '';
    if (!separated || mentionsIncident(afterNumber) || readAllClear(afterNumber, afterNumber)) return undefined;
    return { kind: 'ack', alert, rest: afterNumber };
  }
  const start = skipSeparators(text);
  const word = WORD_FIRST.exec(start);
  if (!word) return undefined;
  const afterWord = start.slice(word[0].length);
  const number = NUMBER_AFTER_WORD.exec(afterWord);
  if (number && Number(number[1]) >= 1) {
    return { kind: kindOf(word), alert: Number(number[1]), rest: afterWord.slice(number[0].length) };
  }
  return { kind: kindOf(word), rest: afterWord };
}

function kindOf(match: RegExpExecArray): ReplyKind {
  return REPLY_KINDS.find((kind) => match.groups?.[kind] !== undefined)!;
}

function noteOf(rest: string): string | undefined {
  const note = rest
    .replace(LEADING_SEP, '')
    .replace(/^[了啦的]+/u, '')
    .replace(LEADING_SEP, '')
    .trim();
  return note === '' ? undefined : note;
}

function readReply(text: string): InboundReading | undefined {
  let code: string | undefined;
  let command: ReplyParts | undefined;
  const token = CODE_TOKEN.exec(text);
  if (token && (token[0].startsWith('#') || (/\d/.test(token[1]!) && /[A-Z]/i.test(token[1]!)))) {
    const without = `${text.slice(0, token.index)} ${text.slice(token.index + token[0].length)}`;
    // A code on its own acknowledges, like a number on its own.
    command = readReplyCommand(without) ?? (commandKey(without) === '' ? { kind: 'ack', rest: '' } : undefined);
    if (command) code = token[1]!.toUpperCase();
  }
  command ??= readReplyCommand(text);
  if (!command) return undefined;
  const note = noteOf(command.rest);
  // "OK 平安" is a duty officer's all-clear, not an acknowledgement.
  if (command.kind === 'ack' && command.alert === undefined && !code && note && readAllClear(note, note)?.kind === 'all-clear') {
    return { kind: 'all-clear' };
  }
  const named = { ...(command.alert !== undefined && { alert: command.alert }), ...(code && { code }) };
  if (command.kind === 'close') return { kind: 'close', ...named, ...(note && { resolution: note }) };
  return { kind: command.kind, ...named, ...(note && { note }) };
}

/** English words match whole ("not", never the "not" in "nothing"); Chinese ones anywhere. */
function saysWord(text: string, word: string): boolean {
  return /^[a-z]+$/.test(word) ? new RegExp(`\\b${word}\\b`).test(text) : text.includes(word);
}

function removeAll(text: string, words: readonly string[]): string {
  return [...words].sort((a, b) => b.length - a.length).reduce((rest, word) => rest.split(word).join(' '), text);
}

/**
 * 平安 / 零报告 / all clear — or "有情况: …", an all-clear that has something to say. An all-clear
 * that also mentions an incident ("着火了，人员平安") is not one: it is read as a report.
 */
function readAllClear(text: string, verbatim: string): InboundReading | undefined {
  if (SITUATION_MARKER.test(text)) return { kind: 'situation', text: clipText(verbatim) };
  const lower = text.toLowerCase().replace(/平安夜/g, ' ');
  const afterNone = removeAll(lower, NONE_HAPPENED);
  if (afterNone === lower && !ALL_CLEAR_WORDS.some((word) => lower.includes(word))) return undefined;
  const contradicted = NOT_ALL_CLEAR.some((word) => saysWord(afterNone, word));
  const remainder = removeAll(afterNone, ALL_CLEAR_WORDS);
  if (mentionsIncident(remainder)) return undefined;
  if (contradicted) return { kind: 'situation', text: clipText(verbatim) };
  const leftOver = commandKey(removeAll(remainder, ALL_CLEAR_FILLERS))
    .replace(/\d+\s*(?:年|月|日|号|点|时|分)?/g, '')
    .replace(/\s/g, '');
  return [...leftOver].length <= ALL_CLEAR_REMAINDER ? { kind: 'all-clear' } : { kind: 'situation', text: clipText(verbatim) };
}

/**
 * A note or resolution as typed ("误报，是学生在烧纸", not the normalized "误报,是…"). Normalizing
 * maps full-width characters one to one, so when the lengths agree the note is the same-length
 * tail of the typed text; otherwise (rare compatibility characters) the normalized note stands.
 */
function asTyped(reading: InboundReading, verbatim: string, normalized: string): InboundReading {
  const typed = [...verbatim.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').replace(/\s+/g, ' ')];
  if (typed.length !== [...normalized].length) return reading;
  const tail = (note: string) => typed.slice(typed.length - [...note].length).join('');
  if (reading.kind === 'close' && reading.resolution) return { ...reading, resolution: tail(reading.resolution) };
  if ((reading.kind === 'ack' || reading.kind === 'reported' || reading.kind === 'escalate') && reading.note) {
    return { ...reading, note: tail(reading.note) };
  }
  return reading;
}

export function parseInbound(body: string, options: ParseOptions = {}): InboundReading {
  const verbatim = body.trim();
  const normalized = normalizeText(body);
  // A thumbs-up on its own acknowledges; next to words it is decoration.
  const withoutEmoji = normalized.replace(ACK_EMOJI_ALL, ' ').trim();
  const text = commandKey(withoutEmoji) === '' && ACK_EMOJI.test(normalized) ? 'ack' : withoutEmoji;
  if (/^[?？\s]+$/u.test(text)) return { kind: 'help' };
  const key = commandKey(text);
  if (key === '') return { kind: 'empty' };
  if (STOP_KEYS.has(key)) return { kind: 'stop' };
  if (START_KEYS.has(key)) return { kind: 'start' };
  if (HELP_KEYS.has(key)) return { kind: 'help' };

  const reply = readReply(text);
  if (reply) return asTyped(reply, verbatim, text);
  const allClear = readAllClear(text, verbatim);
  if (allClear) return allClear;

  const category = guessCategory(text, options.categories);
  if (category) {
    const place = extractPlace(text);
    return { kind: 'report', category, description: clipText(verbatim), ...(place && { place: clipText(place, REPORT_LIMITS.place) }) };
  }
  return { kind: 'unknown', text: clipText(verbatim) };
}
