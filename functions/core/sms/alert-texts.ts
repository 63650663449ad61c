import type { Incident } from '../incident';
import { type Category, localTime, type Plan } from '../plan';
import { fitOneSegment, fitsOneSegment } from './segments';

/**
 * The texts people on the chain receive. An alert must fit one SMS segment — 70 UCS-2 characters
 * for Chinese, signature and link included (see docs/sms.md) — so it says what, where, which
 * incident, whom to call and where to act, and gives up the place first (then the reply number,
 * then the category name), never the code, the emergency number or the link.
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
  /**
   * The person was texted about this incident at an earlier level, and the chain has now reached
   * this one: the text says it is a repeat, so it is not taken for the first one again.
   */
  repeatAtLevel?: number;
}

interface AlertFields extends Record<string, string> {
  category: string;
  place: string;
  /** The reply number as text; '' when the text asks for the link only. */
  reply: string;
}

/**
 * The text that asks a person on the chain to acknowledge, e.g.
 * `【应急】火灾:3号楼 #ABC234 急拨119 回1确认 https://yj.example.cn/a/…`. The link comes last so
 * that no phone's link detection swallows the words after it. When room runs out the place is cut
 * first, then the reply number goes (a bare 收到 still acknowledges the latest alert), then the
 * category name is cut; the place takes back whatever room that frees.
 */
export function alertText({ plan, category, incident, link, signature = '', replyNumber, repeatAtLevel }: AlertFacts): string {
  const number = category.emergencyNumber;
  const render = (repeat: string) =>
    plan.language === 'en'
      ? ({ category: name, place, reply }: AlertFields) =>
          `${signature}${repeat}${name}${place && ` at ${place}`} #${incident.code}${number ? ` call ${number}` : ''} ${reply ? `reply ${reply} or ack:` : 'ack:'} ${link}`
      : ({ category: name, place, reply }: AlertFields) =>
          `${signature}${repeat}${name}${place && `:${place}`} #${incident.code}${number ? ` 急拨${number}` : ''} ${reply ? `回${reply}确认` : '确认'} ${link}`;
  const fields = { category: oneLine(category.name), place: oneLine(incident.place), reply: replyNumber ? String(replyNumber) : '' };
  const order = [{ field: 'place' }, { field: 'reply', whole: true }, { field: 'category' }] as const;
  if (repeatAtLevel === undefined) return fitOneSegment(render(''), fields, order);
  // A repeat keeps saying so: its marker gets shorter before the category name gives way.
  const markers = repeatMarkers(plan, repeatAtLevel);
  for (const marker of markers.slice(0, -1)) {
    const text = fitOneSegment(render(marker), fields, order.slice(0, 2));
    if (fitsOneSegment(text)) return text;
  }
  const shortest = fitOneSegment(render(markers.at(-1)!), fields, order);
  // One segment comes first: an English text under a long Chinese signature has no room left.
  return fitsOneSegment(shortest) ? shortest : fitOneSegment(render(''), fields, order);
}

/** "再次提醒·已升级至第3级", then shorter ways of saying it, for a signature that leaves less room. */
function repeatMarkers(plan: Plan, level: number): string[] {
  return plan.language === 'en' ? [`Reminder, now level ${level}: `, `Again, L${level}: `, `Re:L${level} `] : [`再次提醒·已升级至第${level}级 `, `再次提醒·第${level}级 `, `再提醒·第${level}级 `, `再提醒${level}级 `];
}

interface LateReportFields extends Record<string, string> {
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
          `${signature}Late report: ${organisation} ${name}${place && ` at ${place}`}${time && ` ${time}`} #${incident.code} ${link}`
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

/** A place typed with line breaks or runs of spaces reads as one line in a text. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
