import type { Plan } from '../plan';
import { fitOneSegment } from './segments';

/**
 * The text that tells a school's duty lead and principal that someone on a chain or a roster
 * texted STOP: who, in which role, and that they get nothing until they text START (or 恢复), e.g.
 * `【应急】退订提醒:福成镇花铺小学领导小组副组长陈祖伟已退订，回复START或恢复前收不到任何应急短信，请电话联系或安排替补。`
 * One segment: the school's name gives way first, then the role is cut; never the name.
 */
export interface OptOutFacts {
  plan: Plan;
  /** The person who texted STOP. */
  name: string;
  /** Their roles on the plan, named in its language. */
  role: string;
  signature?: string;
}

interface Fields extends Record<string, string> {
  organisation: string;
  role: string;
}

export function optOutNoticeText({ plan, name, role, signature = '' }: OptOutFacts): string {
  const render =
    plan.language === 'en'
      ? ({ organisation, role: roles }: Fields) =>
          `${signature}Opt-out: ${name}${roles && ` (${roles})`}${organisation && ` of ${organisation}`} texted STOP and gets no texts until they text START. Call them or arrange cover.`
      : ({ organisation, role: roles }: Fields) => `${signature}退订提醒:${organisation}${roles}${name}已退订，回复START或恢复前收不到任何应急短信，请电话联系或安排替补。`;
  return fitOneSegment(render, { organisation: oneLine(plan.organisation.name), role: oneLine(role) }, [{ field: 'organisation', whole: true }, { field: 'role' }]);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
