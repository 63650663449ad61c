import { type Category, type Chain, clockTime, localDate, peopleWithRoles, type Person, type Plan, roleName, type Severity } from '../../functions/core/plan';
import type { Simulation } from './simulate';

/**
 * The simulation as text, for `npx yingji plan simulate`. The texts themselves stay in the plan's
 * language (they are what phones receive); everything around them is in the reader's.
 */

interface Words {
  title: (plan: Plan) => string;
  incident: (category: Category, severity: string, chainId: string, at: string, timeZone: string) => string;
  severity: Record<Severity, string>;
  deadlines: string;
  level: (level: number) => string;
  repeat: (level: number) => string;
  reportTo: (superior: string) => string;
  reported: string;
  texted: (level: number | 'report') => string;
  textFailed: (reason: string) => string;
  called: (level: number | 'report') => string;
  callFailed: (reason: string) => string;
  escalated: (level: number, previous: number, minutesLate: string) => string;
  acknowledged: (name: string) => string;
  received: (name: string) => string;
  stopped: (level: number, outcome: 'acknowledged' | 'closed') => string;
  unanswered: string;
  skipped: (level: number) => string;
  reportedToSuperior: (name: string, superior: string) => string;
  onTime: (superior: string) => string;
  late: (superior: string) => string;
  outcome: string;
  ackSummary: (name: string, after: string) => string;
  noAck: string;
  reportSummary: (late: boolean, superior: string) => string;
  scheduled: string;
  scheduledLine: (name: string, from: string, to: string, chase: string) => string;
  chase: (after: string, who: string) => string;
  list: string;
}

const WORDS: Record<'zh-CN' | 'en', Words> = {
  'zh-CN': {
    title: (plan) => `模拟:${plan.name}(${plan.id}@${plan.version})`,
    incident: (category, severity, chainId, at, timeZone) => `事件:${category.name}(${category.id})· ${severity} · 报告链 ${chainId} · 报告于 ${at}(${timeZone})`,
    severity: { general: '一般', major: '重大', 'especially-major': '特大' },
    deadlines: '期限',
    level: (level) => `第${level}级`,
    repeat: (level) => `第${level}级(重复)`,
    reportTo: (superior) => `报${superior}`,
    reported: '收到报告',
    texted: (level) => (level === 'report' ? '缓报通知' : `第${level}级短信`),
    textFailed: (reason) => `短信发送失败:${reason}`,
    called: (level) => (level === 'report' ? '缓报来电' : `第${level}级来电`),
    callFailed: (reason) => `未能致电:${reason}`,
    escalated: (level, previous, after) => `第${previous}级 ${after} 内无人确认 → 升级至第${level}级`,
    acknowledged: (name) => `${name} 确认收到,负责处置`,
    received: (name) => `${name} 回复已阅(供知悉,不能停止升级),报告链继续`,
    stopped: (level, outcome) => `第${level}级期限到:${outcome === 'closed' ? '事件已结案' : '已有人确认'},停止升级`,
    skipped: (level) => `第${level}级此时无人(无人值班):跳过,立即通知下一级`,
    unanswered: '最后一级期限到,仍无人确认:报告链结束(无人应答)',
    reportedToSuperior: (name, superior) => `${name} 标记已上报${superior}`,
    onTime: (superior) => `上报期限到:已按时上报${superior}`,
    late: (superior) => `上报期限到:未上报${superior},记为缓报`,
    outcome: '结果',
    ackSummary: (name, after) => `${name} 于报告后 ${after} 确认`,
    noAck: '无人确认',
    reportSummary: (late, superior) => (late ? `未按时上报${superior}(缓报)` : `按时上报${superior}`),
    scheduled: '报告后24小时内到期的定时报告',
    scheduledLine: (name, from, to, chase) => `${name}:${from} → ${to};逾期:${chase}`,
    chase: (after, who) => `${after}后通知${who}`,
    list: '、',
  },
  en: {
    title: (plan) => `Simulation: ${plan.name} (${plan.id}@${plan.version})`,
    incident: (category, severity, chainId, at, timeZone) => `Incident: ${category.name} (${category.id}) · ${severity} · chain ${chainId} · reported ${at} (${timeZone})`,
    severity: { general: 'general', major: 'major', 'especially-major': 'especially major' },
    deadlines: 'Deadlines',
    level: (level) => `level ${level}`,
    repeat: (level) => `level ${level} (repeat)`,
    reportTo: (superior) => `report to ${superior}`,
    reported: 'Incident reported',
    texted: (level) => (level === 'report' ? 'Late notice' : `Level ${level} text`),
    textFailed: (reason) => `text failed: ${reason}`,
    called: (level) => (level === 'report' ? 'Late notice call' : `Level ${level} call`),
    callFailed: (reason) => `not called: ${reason}`,
    escalated: (level, previous, after) => `Nobody at level ${previous} acknowledged within ${after} → level ${level}`,
    acknowledged: (name) => `${name} acknowledges and takes charge`,
    received: (name) => `${name} answers "received" (told for information: this does not stop the escalation), the chain goes on`,
    stopped: (level, outcome) => `Level ${level} deadline: ${outcome === 'closed' ? 'incident closed' : 'acknowledged'}, escalation stops`,
    skipped: (level) => `Nobody holds level ${level}'s roles at this time (nobody on duty): skipped at once`,
    unanswered: 'Last level deadline passed with nobody acknowledging: the chain ends unanswered',
    reportedToSuperior: (name, superior) => `${name} marks it reported to ${superior}`,
    onTime: (superior) => `Report deadline: reported to ${superior} on time`,
    late: (superior) => `Report deadline: not reported to ${superior}, flagged LATE`,
    outcome: 'Outcome',
    ackSummary: (name, after) => `acknowledged by ${name} ${after} after the report`,
    noAck: 'nobody acknowledged',
    reportSummary: (late, superior) => (late ? `not reported to ${superior} on time (late)` : `reported to ${superior} on time`),
    scheduled: 'Scheduled reports due in the 24 hours after the report',
    scheduledLine: (name, from, to, chase) => `${name}: ${from} → ${to}; if late: ${chase}`,
    chase: (after, who) => `after ${after} text ${who}`,
    list: ', ',
  },
};

/** Who the chain's report goes to: a superior unit by name (昌平公安分局内保处), else the role. */
export function reportRecipients(plan: Plan, chain: Chain): string[] {
  const recipients = peopleWithRoles(plan, chain.reportToSuperior.to).map((person) => {
    const unit = person.unit && plan.organisation.superiors?.find((superior) => superior.id === person.unit);
    return unit ? unit.name : (person.roles.filter((role) => chain.reportToSuperior.to.includes(role)).map((role) => roleName(plan, role))[0] ?? person.name);
  });
  return [...new Set(recipients)];
}

/** `+0m`, `+7m`, `+1h30m`, `+1d2h`. */
export function formatOffset(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const text = `${days ? `${days}d` : ''}${hours ? `${hours}h` : ''}${rest || (!days && !hours) ? `${rest}m` : ''}`;
  return `+${text}`;
}

export function renderSimulation(simulation: Simulation, language: 'zh-CN' | 'en' = 'zh-CN'): string {
  const words = WORDS[language];
  const { plan, category, incident, chain } = simulation;
  const start = Date.parse(incident.reportedAt);
  const startDay = localDate(new Date(start), plan.timeZone);
  const when = (iso: string) => {
    const day = localDate(new Date(iso), plan.timeZone);
    const time = clockTime(plan.timeZone, iso);
    return day === startDay ? time : `${day.slice(5)} ${time}`;
  };
  const after = (iso: string) => formatOffset(Date.parse(iso) - start).slice(1);
  const names = (roles: readonly string[]) => roles.map((role) => plan.roles?.[role] ?? role).join(words.list);
  const superior = reportRecipients(plan, chain).join(words.list);
  const who = (person: Person, level: number | 'report') => {
    const roles = level === 'report' ? chain.reportToSuperior.to : (chain.levels[level - 1]?.notify ?? []);
    const why = names(person.roles.filter((role) => roles.includes(role)));
    return why === person.name ? person.name : `${person.name}(${why})`;
  };

  const lines = [
    words.title(plan),
    words.incident(category, words.severity[simulation.severity], simulation.chainId, `${localDate(new Date(start), plan.timeZone)} ${when(incident.reportedAt)}`, plan.timeZone),
    `${words.deadlines}: ${[
      ...simulation.deadlines.levels.map(({ level, at }) => `${chain.levels[level - 1]?.repeat ? words.repeat(level) : words.level(level)} ${when(at)}`),
      `${words.reportTo(superior)} ${when(simulation.deadlines.report)}`,
    ].join(' · ')}`,
    '',
  ];
  for (const step of simulation.steps) {
    const line = (text: string) => lines.push(`${formatOffset(Date.parse(step.at) - start).padEnd(7)} ${when(step.at).padEnd(5)}  ${text}`);
    switch (step.type) {
      case 'reported':
        line(words.reported);
        break;
      case 'texted':
        line(`${words.texted(step.level)} → ${who(step.person, step.level)} ${step.person.phone}`);
        lines.push(`${' '.repeat(15)}「${step.body}」`);
        break;
      case 'notify-failed':
        line(`${step.person.name}: ${words.textFailed(step.reason)}`);
        break;
      case 'called':
        line(`${words.called(step.level)} ☎ ${who(step.person, step.level)} ${step.to}`);
        lines.push(`${' '.repeat(15)}「${step.text}」`);
        break;
      case 'call-failed':
        line(`${step.person.name}: ${words.callFailed(step.reason)}`);
        break;
      case 'escalated':
        line(words.escalated(step.level, step.level - 1, after(step.deadline)));
        break;
      case 'acknowledged':
        line(words.acknowledged(step.person.name));
        break;
      case 'received':
        line(words.received(step.person.name));
        break;
      case 'chain-stopped':
        line(words.stopped(step.level, step.outcome));
        break;
      case 'unanswered':
        line(words.unanswered);
        break;
      case 'skipped':
        line(words.skipped(step.level));
        break;
      case 'reported-to-superior':
        line(words.reportedToSuperior(step.person.name, superior));
        break;
      case 'report-on-time':
        line(words.onTime(superior));
        break;
      case 'late':
        line(words.late(superior));
        break;
    }
  }
  const { state } = simulation;
  lines.push(
    '',
    `${words.outcome}: ${state.acknowledgedBy ? words.ackSummary(state.acknowledgedBy.name, after(state.acknowledgedBy.at)) : words.noAck}; ${words.reportSummary(state.late, superior)}`,
  );
  if (simulation.scheduled.length > 0) {
    lines.push('', `${words.scheduled}:`);
    for (const { report, due } of simulation.scheduled) {
      const chase = report.ifLate.map((step) => words.chase(step.after, names(step.notify))).join(words.list);
      lines.push(`  ${when(due)}  ${words.scheduledLine(report.name, names(report.from), names(report.to), chase)}`);
    }
  }
  return lines.join('\n');
}
