import { localTime, type Plan, type ScheduledReport } from '../plan';
import { fitOneSegment } from './segments';

/**
 * The texts of scheduled reports (零报告, 报平安 ...). Like the alerts they fit one SMS segment,
 * signature and link included, and give up the names first, never the time or the link.
 */

export interface ReportTextFacts {
  plan: Plan;
  report: ScheduledReport;
  /** When the report is due. */
  dueAt: string;
  link: string;
  signature?: string;
  /** For a chase: who is on duty (who should have sent it), so the one chased knows whom to call. */
  onDuty?: string;
}

interface Fields extends Record<string, string> {
  name: string;
  organisation: string;
  onDuty: string;
}

/** Before the due time, to those who submit it: `【应急】安全稳定零报告17:00前请报送 https://…/r/…`. */
export function reminderText({ plan, report, dueAt, link, signature = '' }: ReportTextFacts): string {
  const time = localTime(plan, dueAt);
  const render =
    plan.language === 'en' ? ({ name }: Fields) => `${signature}${name} due ${time}: send it here ${link}` : ({ name }: Fields) => `${signature}${name}${time}前请报送 ${link}`;
  return fitOneSegment(render, { name: oneLine(report.name), organisation: '', onDuty: '' }, [{ field: 'name' }]);
}

/**
 * After the due time, to whoever the plan chases: which school, which report, since when, who is on
 * duty (whom to call); `【应急】福成镇花铺小学安全稳定零报告17:00未报 值班:谢永玉 https://…/r/…`.
 */
export function chaseText({ plan, report, dueAt, link, signature = '', onDuty = '' }: ReportTextFacts): string {
  const time = localTime(plan, dueAt);
  const render =
    plan.language === 'en'
      ? ({ name, organisation, onDuty: who }: Fields) => `${signature}${organisation} ${name} (due ${time}) not in${who && ` on duty: ${who}`} ${link}`
      : ({ name, organisation, onDuty: who }: Fields) => `${signature}${organisation}${name}${time}未报${who && ` 值班:${who}`} ${link}`;
  return fitOneSegment(
    render,
    { name: oneLine(report.name), organisation: oneLine(plan.organisation.name), onDuty: oneLine(onDuty) },
    // Those chased are the school's own people: the school's name goes first, then who is on duty.
    [{ field: 'organisation' }, { field: 'onDuty', whole: true }, { field: 'name' }],
  );
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
