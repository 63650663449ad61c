import type { Incident } from '../incident';
import { type Category, localTime, type Plan } from '../plan';
import { fitOneSegment, fitsOneSegment, type Shrink } from './segments';

/**
 * The texts people on the chain receive. An alert must fit one SMS segment — 70 UCS-2 characters
 * for Chinese, signature and link included (see docs/sms.md) — so it says what, where, which
 * school, which incident, whom to call and where to act. The school's name (or its 简称), the
 * category, the code, the emergency number and the link are kept; the place and the reply number
 * give way first.
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
  /** Someone asked to remind the unconfirmed again (再次提醒): the text says so. */
  reminder?: boolean;
}

interface AlertFields extends Record<string, string> {
  organisation: string;
  category: string;
  place: string;
  /** The reply number as text; '' when the text asks for the link only. */
  reply: string;
  /** The word that says what to do with the link (确认, 已阅) when there is no reply number; it goes first. */
  verb: string;
}

/**
 * The text that asks a person on the chain to acknowledge, e.g.
 * `【应急】福成镇花铺小学火灾:3号楼 #ABC234 拨119 回1确认 https://yj.example.cn/a/…`. The link
 * comes last so that no phone's link detection swallows the words after it. Which school, what
 * and which incident always stay (a late notice once lost the school's name): when room runs out
 * the word 确认 beside a bare link goes first, then the place is cut, then the reply number goes,
 * then the school gives way to its short name (简称); only a category too long for all of that is
 * cut. The emergency number, the code and the link are never given up.
 */
export function alertText({ plan, category, incident, link, signature = '', replyNumber, repeatAtLevel, reminder }: AlertFacts): string {
  const number = category.emergencyNumber;
  const render = (repeat: string) =>
    plan.language === 'en'
      ? ({ organisation, category: name, place, reply, verb }: AlertFields) =>
          `${signature}${repeat}${organisation}: ${name}${place && ` at ${place}`} #${incident.code}${number ? ` call ${number}` : ''} ${reply ? `reply ${reply} or ack:` : verb && `${verb}:`} ${link}`.replace(
            / {2,}/g,
            ' ',
          )
      : ({ organisation, category: name, place, reply, verb }: AlertFields) =>
          `${signature}${repeat}${organisation}${name}${place && `:${place}`} #${incident.code}${number ? ` 拨${number}` : ''} ${reply ? `回${reply}确认` : verb} ${link}`.replace(
            / {2,}/g,
            ' ',
          );
  const fields = { category: oneLine(category.name), place: oneLine(incident.place), reply: replyNumber ? String(replyNumber) : '', verb: plan.language === 'en' ? 'ack' : '确认' };
  // A repeat keeps saying so: its marker gets shorter, then the name, and only then does the marker go,
  // before the school's name or the category would.
  const order = defaultOrder<AlertFields>(fields);
  for (const organisation of namesOf(plan)) {
    for (const marker of reminder ? reminderMarkers(plan) : repeatAtLevel === undefined ? [] : repeatMarkers(plan, repeatAtLevel)) {
      const text = fitOneSegment(render(marker), { ...fields, organisation }, order);
      if (fitsOneSegment(text)) return text;
    }
  }
  return fitKeepingNames(plan, render(''), fields);
}

/** "再次提醒·已升级至第3级", then shorter ways of saying it, for a signature that leaves less room. */
function repeatMarkers(plan: Plan, level: number): string[] {
  return plan.language === 'en'
    ? [`Reminder, now level ${level}: `, `Again, L${level}: `, `Re:L${level} `]
    : [`再次提醒·已升级至第${level}级 `, `再次提醒·第${level}级 `, `再提醒·第${level}级 `, `再提醒${level}级 `];
}

/** "再次提醒", then shorter: a reminder someone asked for, at the level the chain has reached. */
function reminderMarkers(plan: Plan): string[] {
  return plan.language === 'en' ? ['Reminder: ', 'Again: '] : ['再次提醒 ', '再提醒 '];
}

/**
 * The text for someone told for information (the bureau's desk, `immediately`): it says so, and
 * that answering records 已阅 and stops nothing, e.g. `【应急】供知悉:福成镇花铺小学集体上访:校门口 #ABC234 回1已阅 https://…`.
 */
export function informationText({ plan, category, incident, link, signature = '', replyNumber, reminder }: AlertFacts): string {
  const again = reminder ? reminderMarkers(plan).at(-1)! : '';
  const render =
    plan.language === 'en'
      ? ({ organisation, category: name, place, reply, verb }: AlertFields) =>
          `${signature}${again}FYI ${organisation}: ${name}${place && ` at ${place}`} #${incident.code} ${reply ? `reply ${reply} if read:` : verb && `${verb}:`} ${link}`.replace(
            / {2,}/g,
            ' ',
          )
      : ({ organisation, category: name, place, reply, verb }: AlertFields) =>
          `${signature}${again}供知悉:${organisation}${name}${place && `:${place}`} #${incident.code} ${reply ? `回${reply}已阅` : verb} ${link}`.replace(/ {2,}/g, ' ');
  return fitKeepingNames(plan, render, {
    category: oneLine(category.name),
    place: oneLine(incident.place),
    reply: replyNumber ? String(replyNumber) : '',
    verb: plan.language === 'en' ? 'read' : '已阅',
  });
}

type NamedFields = Record<string, string> & { organisation: string; category: string };

const GIVE_WAY_FIRST = ['verb', 'place', 'reply', 'time'] as const;

/**
 * One segment that keeps the school's name and the category whole, or undefined when none does:
 * the flexible parts give way first (`order`), then the full name yields to the short name.
 */
function fitWithNames<F extends NamedFields>(plan: Plan, render: (fields: F) => string, fields: Omit<F, 'organisation'>, order = defaultOrder<F>(fields)): string | undefined {
  for (const organisation of namesOf(plan)) {
    const text = fitOneSegment(render, { ...fields, organisation } as F, order);
    if (fitsOneSegment(text)) return text;
  }
  return undefined;
}

/** As `fitWithNames`; when nothing else is left to give, the category is cut, then the name, never the code or the link. */
function fitKeepingNames<F extends NamedFields>(plan: Plan, render: (fields: F) => string, fields: Omit<F, 'organisation'>, order = defaultOrder<F>(fields)): string {
  return (
    fitWithNames(plan, render, fields, order) ??
    fitOneSegment(render, { ...fields, organisation: namesOf(plan).at(-1)! } as F, [...order, { field: 'category' }, { field: 'organisation' }])
  );
}

function defaultOrder<F extends NamedFields>(fields: object): Shrink<F>[] {
  return GIVE_WAY_FIRST.filter((field) => field in fields).map((field) => ({ field, whole: field !== 'place' }) as Shrink<F>);
}

function namesOf(plan: Plan): string[] {
  return [oneLine(plan.organisation.name), ...(plan.organisation.shortName ? [oneLine(plan.organisation.shortName)] : [])];
}

interface LateReportFields extends Record<string, string> {
  organisation: string;
  category: string;
  place: string;
  time: string;
}

/**
 * The text the superior (the bureau) gets when the school's report is late (缓报). Which school,
 * what and which incident matter most; the time and then the place go first when room runs out.
 */
export function lateReportText({ plan, category, incident, link, signature = '' }: AlertFacts): string {
  const render =
    plan.language === 'en'
      ? ({ organisation, category: name, place, time }: LateReportFields) =>
          `${signature}Late report: ${organisation} ${name}${place && ` at ${place}`}${time && ` ${time}`} #${incident.code} ${link}`
      : ({ organisation, category: name, place, time }: LateReportFields) =>
          `${signature}缓报:${organisation}${name}${place && `(${place})`}${time && ` ${time}发生`} #${incident.code} ${link}`;
  return fitKeepingNames(plan, render, { category: oneLine(category.name), place: oneLine(incident.place), time: localTime(plan, incident.reportedAt) }, [
    { field: 'time', whole: true },
    { field: 'place' },
  ]);
}

/** A place typed with line breaks or runs of spaces reads as one line in a text. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
