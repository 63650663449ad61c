import { DateTime } from 'luxon';
import { type Category, clockTime, type Language } from '../plan';
import type { PhoneAlert, RefusalReason } from './interpret';
import { fitOneSegment, fitsOneSegment } from './segments';

/**
 * The answers to inbound texts. Every text gets one (rate limits permitting, see rate-limit.ts):
 * a confirmation of what was recorded, who got there first, how to reply, or why nothing
 * happened. Each fits one segment with a 【signature】 in front; names and lists are the parts that
 * give way when they would not.
 */

export interface ReplyOptions {
  language: Language;
  /** The registered 【signature】 every text starts with. */
  signature?: string;
  /** The plan's time zone, for the times in "already acknowledged by X at T". */
  timeZone: string;
}

type AlertRef = Pick<PhoneAlert, 'number' | 'code'>;

export type Reply =
  /** The sender took the incident: escalation stops. */
  | { kind: 'acknowledged'; code: string; category: string; alert?: number; reportBy?: string; superior?: string }
  | { kind: 'already-acknowledged'; code: string; by: string; at: string }
  /** 已阅 from someone told for information: recorded, and the escalation goes on. */
  | { kind: 'received'; code: string }
  /** The plan leaves reporting or closing to others (`by`: who may); nothing was recorded. */
  | { kind: 'not-allowed'; code: string; action: 'reported' | 'close'; by: string }
  | { kind: 'reported'; code: string; superior?: string; alert?: number }
  | { kind: 'already-reported'; code: string; by: string; at: string }
  | { kind: 'escalated'; code: string }
  | { kind: 'closed'; code: string }
  | { kind: 'already-closed'; code: string; by: string; at: string }
  | { kind: 'all-clear'; at: string }
  | { kind: 'situation-received'; code?: string }
  /** A texted report opened an incident. `emergencyNumbers` from `emergencyNumbersFor`. */
  | { kind: 'report-received'; code: string; category?: string; emergencyNumbers: readonly string[] }
  /** A texted report joined an incident already open (another witness was first). */
  | { kind: 'report-joined'; code: string; emergencyNumbers: readonly string[] }
  /** Too many texted reports from this phone (REPORT_RATE_LIMITS): nothing was opened. */
  | { kind: 'report-limited'; count: number; minutes: number }
  | { kind: 'help'; audience: 'responder' | 'reporter' }
  | { kind: 'not-understood' }
  | { kind: 'refused'; reason: RefusalReason; named?: string; alerts: readonly AlertRef[] }
  | { kind: 'stopped' }
  | { kind: 'started' }
  /** A record kept by text (./records.ts): a risk, a daily screening, a duty-log entry. */
  | { kind: 'recorded'; what: 'risk' | 'screening' | 'duty-log'; count: number; code?: string };

/** The numbers to tell a reporter about: the category's own, all three when the kind is unknown. */
export function emergencyNumbersFor(category: Pick<Category, 'emergencyNumber'> | undefined): string[] {
  if (!category) return ['110', '119', '120'];
  return category.emergencyNumber ? [category.emergencyNumber] : [];
}

export function replyText(reply: Reply, { language, signature = '', timeZone }: ReplyOptions): string {
  const texts = language === 'en' ? EN : ZH;
  const time = (iso: string) => clockTime(timeZone, iso);
  const date = (iso: string) =>
    DateTime.fromISO(iso, { zone: timeZone, locale: language === 'en' ? 'en-GB' : 'zh-CN' }).toLocaleString({ month: language === 'en' ? 'short' : 'long', day: 'numeric' });
  if (reply.kind === 'refused' && reply.alerts.length > 0 && (reply.reason === 'not-on-incident' || reply.reason === 'which-alert')) {
    return withAlertList(signature + texts.refused(reply), reply.alerts, texts.alertList);
  }
  // Names come from plan files and may be long or, in an English plan, Chinese: they give way.
  const names = Object.fromEntries(
    FLEXIBLE.filter((field) => typeof (reply as Record<string, unknown>)[field] === 'string').map((field) => [field, (reply as Record<string, string>)[field]!]),
  );
  return fitOneSegment(
    (fields) => signature + texts.compose({ ...reply, ...fields } as Reply, { time, date }),
    names,
    FLEXIBLE.filter((field) => field in names).map((field) => ({ field })),
  );
}

/** The parts of a reply that may be cut to fit, least needed first. */
const FLEXIBLE = ['category', 'superior', 'by'] as const;

interface Formatters {
  time: (iso: string) => string;
  date: (iso: string) => string;
}

interface Texts {
  compose(reply: Reply, format: Formatters): string;
  refused(reply: Extract<Reply, { kind: 'refused' }>): string;
  alertList(alerts: readonly AlertRef[], cut: boolean): string;
}

const ZH: Texts = {
  compose(reply, { time, date }) {
    switch (reply.kind) {
      case 'acknowledged': {
        const report = reply.reportBy ? `请${time(reply.reportBy)}前报${reply.superior || '上级'}${reply.alert ? `，报后回${reply.alert}R` : ''}。` : '';
        return `已确认#${reply.code}${reply.category && `(${reply.category})`}，由您负责，升级已停止。${report}`;
      }
      case 'already-acknowledged':
        return `#${reply.code}已${zhBy(reply.by)}于${time(reply.at)}确认，无需重复。`;
      case 'received':
        return `已阅#${reply.code}，已记录。此短信供您知悉，不停止升级，由学校负责人确认处置。`;
      case 'not-allowed':
        return `#${reply.code}${reply.by ? `只能由${reply.by}` : '须由预案指定的人'}${reply.action === 'reported' ? '标记已上报' : '结案'}，您的回复未记录。`;
      case 'reported':
        return `已记录#${reply.code}已上报${reply.superior || '上级'}。处理完毕请${reply.alert ? `回${reply.alert}C` : '点链接'}结案。`;
      case 'already-reported':
        return `#${reply.code}已${zhBy(reply.by)}于${time(reply.at)}上报，无需重复。`;
      case 'escalated':
        return `已记录，#${reply.code}立即通知下一级人员。`;
      case 'closed':
        return `#${reply.code}已结案。请按预案提交书面报告。`;
      case 'already-closed':
        return `#${reply.code}已${zhBy(reply.by)}于${time(reply.at)}结案。`;
      case 'all-clear':
        return `已收到${date(reply.at)}平安报告(零报告)，谢谢。`;
      case 'situation-received':
        return `已收到情况报告${reply.code ? `，编号${reply.code}` : ''}，已转值班领导。`;
      case 'report-received':
        return `已收到您的报告${reply.category ? `(${reply.category})` : ''}，编号${reply.code}，正在通知学校负责人。${zhEmergency(reply.emergencyNumbers)}`;
      case 'report-joined':
        return `已收到，与编号${reply.code}为同一事件，已补充记录，学校负责人正在处理。${zhEmergency(reply.emergencyNumbers)}`;
      case 'report-limited':
        return `本号码${reply.minutes}分钟内已报告${reply.count}次，此条未记录，请稍后再发。${zhEmergency(['110', '119', '120'])}`;
      case 'help':
        return reply.audience === 'reporter'
          ? `报告事件请直接发短信写明地点和情况，如"3号楼着火"。${zhEmergency(['110', '119', '120'])}回TD退订。`
          : `回复短信中的序号：1确认 1R已上报 1E升级 1C结案；值班员回"平安"报平安；回TD退订。也可点短信中的链接。`;
      case 'not-understood':
        return `未能识别您的回复。回1确认 1R已上报 1E升级 1C结案，或点短信中的链接；回?看帮助。`;
      case 'refused':
        return ZH.refused(reply);
      case 'stopped':
        return `已退订，本号码不再收到应急短信(含事件通知)。回"订阅"或START恢复。`;
      case 'started':
        return `已恢复，本号码将继续收到应急短信。回TD退订。`;
      case 'recorded':
        return reply.what === 'risk'
          ? `已登记风险信息${reply.code ? `，编号${reply.code}` : ''}，谢谢。`
          : reply.what === 'screening'
            ? reply.count === 0
              ? `已收到今日排查：无异常，谢谢。`
              : `已收到今日排查：${reply.count}条风险信息，已登记。`
            : `已记入值班记录。`;
    }
  },
  refused(reply) {
    switch (reply.reason) {
      case 'unknown-number':
        return `此号码不在应急名单中，回复未记录。报告事件请直接写明地点和情况。`;
      case 'no-alerts':
        return `您目前没有待处理的事件，回复未记录。报告事件请直接写明地点和情况。`;
      case 'not-on-incident':
        return `抱歉，${reply.named ? `"${reply.named}"` : '该事件'}不在您的待处理事件中，回复未记录。`;
      case 'which-alert':
        return `您有${reply.alerts.length}个待处理事件，请加序号回复，如1C。`;
      case 'not-zero-reporter':
        return `平安报告须由值班人员发送，您的回复未记录。`;
    }
  },
  alertList: (alerts, cut) => `待处理：${alerts.map((alert) => `${alert.number}=#${alert.code}`).join(' ')}${cut ? '等' : ''}`,
};

/** Who did it, unless the name had to give way to fit the segment. */
function zhBy(name: string): string {
  return name ? `由${name}` : '';
}

function enBy(name: string): string {
  return name ? ` by ${name}` : '';
}

function zhEmergency(numbers: readonly string[]): string {
  if (numbers.length === 0) return '';
  return numbers.length === 1 ? `紧急请拨${numbers[0]}。` : `如有危险请拨${numbers.join('/')}。`;
}

function enEmergency(numbers: readonly string[]): string {
  if (numbers.length === 0) return '';
  return numbers.length === 1 ? ` In danger, call ${numbers[0]}.` : ` In danger, call ${numbers.join('/')}.`;
}

const EN: Texts = {
  compose(reply, { time, date }) {
    switch (reply.kind) {
      case 'acknowledged': {
        const report = reply.reportBy ? ` Report to ${reply.superior || 'your superior'} by ${time(reply.reportBy)}${reply.alert ? `, then reply ${reply.alert}R` : ''}.` : '';
        return `Acknowledged #${reply.code}${reply.category && ` (${reply.category})`}: it is yours, escalation stopped.${report}`;
      }
      case 'already-acknowledged':
        return `#${reply.code} was already acknowledged${enBy(reply.by)} at ${time(reply.at)}.`;
      case 'received':
        return `Recorded: you have read #${reply.code}. You were told for information; the escalation goes on until the school acknowledges.`;
      case 'not-allowed':
        return `Only ${reply.by || 'those the plan names'} can ${reply.action === 'reported' ? 'mark' : 'close'} #${reply.code}${reply.action === 'reported' ? ' reported' : ''}; nothing was recorded.`;
      case 'reported':
        return `Recorded: #${reply.code} reported to ${reply.superior || 'your superior'}. When done, ${reply.alert ? `reply ${reply.alert}C` : 'use the link'} to close.`;
      case 'already-reported':
        return `#${reply.code} was already reported${enBy(reply.by)} at ${time(reply.at)}.`;
      case 'escalated':
        return `Recorded: the next level is texted now for #${reply.code}.`;
      case 'closed':
        return `#${reply.code} closed. Please file the written report the plan requires.`;
      case 'already-closed':
        return `#${reply.code} was already closed${enBy(reply.by)} at ${time(reply.at)}.`;
      case 'all-clear':
        return `All-clear for ${date(reply.at)} received (zero report). Thank you.`;
      case 'situation-received':
        return `Report received${reply.code ? `, #${reply.code}` : ''}; passed to the duty leader.`;
      case 'report-received':
        return `Report received${reply.category ? ` (${reply.category})` : ''}, #${reply.code}. The school's leaders are being texted.${enEmergency(reply.emergencyNumbers)}`;
      case 'report-joined':
        return `Received: same incident as #${reply.code}, added to its record; the school is on it.${enEmergency(reply.emergencyNumbers)}`;
      case 'report-limited':
        return `This number sent ${reply.count} reports in ${reply.minutes} minutes; this one was not recorded. Please wait.${enEmergency(['110', '119', '120'])}`;
      case 'help':
        return reply.audience === 'reporter'
          ? `To report an incident, text what happened and where, e.g. "Fire in building 3".${enEmergency(['110', '119', '120'])} STOP to opt out.`
          : `Reply with the alert's number: 1 ack, 1R reported, 1E escalate, 1C close. Duty officer: OK to send the all-clear. STOP to opt out. Or use the link.`;
      case 'not-understood':
        return `Sorry, that reply was not understood. Reply 1 ack, 1R reported, 1E escalate, 1C close, or use the link. HELP for help.`;
      case 'refused':
        return EN.refused(reply);
      case 'stopped':
        return `You will get no more texts from this number, incident alerts included. Reply START to resume.`;
      case 'started':
        return `Texts resumed: this number gets incident alerts again. Reply STOP to opt out.`;
      case 'recorded':
        return reply.what === 'risk'
          ? `Risk recorded${reply.code ? `, #${reply.code}` : ''}. Thank you.`
          : reply.what === 'screening'
            ? reply.count === 0
              ? `Today's screening received: nothing found. Thank you.`
              : `Today's screening received: ${reply.count} risk(s) recorded.`
            : `Added to the duty log.`;
    }
  },
  refused(reply) {
    switch (reply.reason) {
      case 'unknown-number':
        return `This number is not on any alert list, so nothing was recorded. To report an incident, text what happened and where.`;
      case 'no-alerts':
        return `You have no open alerts, so nothing was recorded. To report an incident, text what happened and where.`;
      case 'not-on-incident':
        return `Sorry, ${reply.named ? `"${reply.named}"` : 'that incident'} is not one of your alerts; nothing was recorded.`;
      case 'which-alert':
        return `You have ${reply.alerts.length} open alerts: reply with the number, e.g. 1C.`;
      case 'not-zero-reporter':
        return `Only the duty officer's all-clear counts as the zero report; nothing was recorded.`;
    }
  },
  alertList: (alerts, cut) => ` Open: ${alerts.map((alert) => `${alert.number}=#${alert.code}`).join(' ')}${cut ? ' ...' : ''}`,
};

/** As many of the sender's open alerts as fit in the same segment, in number order. */
function withAlertList(text: string, alerts: readonly AlertRef[], list: Texts['alertList']): string {
  const ordered = [...alerts].sort((a, b) => a.number - b.number);
  for (let shown = ordered.length; shown >= 1; shown -= 1) {
    const candidate = text + list(ordered.slice(0, shown), shown < ordered.length);
    if (fitsOneSegment(candidate)) return candidate;
  }
  return text;
}
