import type { Incident } from './incident';
import type { Category, Language, Plan } from './plan';
import { fitsOneSegment, truncateToFit } from './sms/segments';

/**
 * The texts people on the chain receive. An alert must fit one SMS segment — 70 UCS-2 characters
 * for Chinese, signature and link included (see docs/sms.md) — so it says what, where, which
 * incident, whom to call and where to act, and gives up the place (then the category name) a
 * character at a time, never the code, the emergency number or the link.
 */

export interface AlertFacts {
  plan: Plan;
  category: Category;
  incident: Incident;
  link: string;
  /** The registered 【signature】 the carrier requires in front of every text, e.g. 【应急】. */
  signature?: string;
  /**
   * This incident's reply number on this phone ("回1确认"), where the carrier delivers replies.
   * Without it the text asks for the link only.
   */
  replyNumber?: number;
}

const EMERGENCY_LABEL: Record<Language, (number: string) => string> = {
  'zh-CN': (number) => ` 急拨${number}`,
  en: (number) => ` Call ${number}.`,
};

interface AlertFields {
  category: string;
  place: string;
}

/**
 * The text that asks a person on the chain to acknowledge, e.g.
 * `【应急】火灾:3号楼 #ABC123 急拨119 回1确认 https://yj.example.cn/a/…`. The link comes last so
 * that no phone's link detection swallows the words after it.
 */
export function alertText({ plan, category, incident, link, signature = '', replyNumber }: AlertFacts): string {
  const emergency = category.emergencyNumber ? EMERGENCY_LABEL[plan.language](category.emergencyNumber) : '';
  const render =
    plan.language === 'en'
      ? ({ category: name, place }: AlertFields) =>
          `${signature}${name}${place && ` at ${place}`} #${incident.code}.${emergency} ${replyNumber ? `Reply ${replyNumber} or ack:` : 'Ack:'} ${link}`
      : ({ category: name, place }: AlertFields) =>
          `${signature}${name}${place && `:${place}`} #${incident.code}${emergency} ${replyNumber ? `回${replyNumber}确认` : '确认'} ${link}`;
  return fitOneSegment(render, { category: oneLine(category.name), place: oneLine(incident.place) }, [
    { field: 'place' },
    { field: 'category' },
  ]);
}

interface LateReportFields {
  organisation: string;
  category: string;
  place: string;
  time: string;
}

/**
 * The text the superior (the bureau) gets when the school's report is late (缓报). Which school,
 * what and which incident matter most; the place and then the time go first when room runs out.
 */
export function lateReportText({ plan, category, incident, link, signature = '' }: AlertFacts): string {
  const render =
    plan.language === 'en'
      ? ({ organisation, category: name, place, time }: LateReportFields) =>
          `${signature}LATE: ${organisation} ${name}${place && ` at ${place}`}${time && ` (${time})`} not reported. #${incident.code} ${link}`
      : ({ organisation, category: name, place, time }: LateReportFields) =>
          `${signature}缓报:${organisation}${time && ` ${time}`} ${name}${place && `(${place})`}未上报 #${incident.code} ${link}`;
  return fitOneSegment(
    render,
    {
      organisation: oneLine(plan.organisation.name),
      category: oneLine(category.name),
      place: oneLine(incident.place),
      time: localTime(plan, incident.reportedAt),
    },
    [{ field: 'place' }, { field: 'time', whole: true }, { field: 'organisation' }, { field: 'category' }],
  );
}

/**
 * Shrinks the flexible fields in order — each cut to what fits (or dropped, when `whole`) — until
 * the text is one segment. When nothing is left to shrink the text is returned as it is; the
 * segment tests catch a signature or link base too long for any alert.
 */
function fitOneSegment<F extends object>(
  render: (fields: F) => string,
  fields: F,
  order: readonly { field: keyof F & string; whole?: boolean }[],
): string {
  const current = { ...fields };
  for (const { field, whole } of order) {
    if (fitsOneSegment(render(current))) break;
    const shrunk = whole ? '' : truncateToFit(String(current[field]), (value) => render({ ...current, [field]: value }));
    current[field] = shrunk as F[typeof field];
  }
  return render(current);
}

/** A place typed with line breaks or runs of spaces reads as one line in a text. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** 24-hour HH:mm in the plan's own time zone. */
export function localTime(plan: Plan, iso: string): string {
  return clockTime(plan.timeZone, iso);
}

/** 24-hour HH:mm in a time zone. */
export function clockTime(timeZone: string, iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}
