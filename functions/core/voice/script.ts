import type { Incident } from '../incident';
import type { Category, Plan } from '../plan';

/**
 * What a call reads out (Amazon Polly, voice Zhiyu for Mandarin): the school, what happened,
 * where, the incident code letter by letter, and how to confirm. A call cannot be answered by
 * pressing keys, so it says where to confirm, and it says everything twice: the first words of a
 * call are often lost while the phone is brought to the ear.
 */

export interface CallFacts {
  plan: Plan;
  category: Category;
  incident: Pick<Incident, 'code' | 'place'>;
  /** The person was texted the alert (with its link); a landline was not. */
  texted: boolean;
  /** The texts offer reply codes (where carriers deliver replies). */
  replies?: boolean;
  /** The incident code of a late report to the bureau, rather than an alert up the chain. */
  lateReport?: boolean;
}

/** `ABC234` → `A B C 2 3 4`, so the voice reads it out character by character. */
export const spelled = (code: string) => [...code].join(' ');

export function callScript({ plan, category, incident, texted, replies, lateReport }: CallFacts): string {
  const school = plan.organisation.name;
  const code = spelled(incident.code);
  if (plan.language === 'en') {
    const what = lateReport ? `${school} has not reported a ${category.name} at ${incident.place} on time.` : `${category.name} at ${school}, ${incident.place}.`;
    const confirm = texted
      ? `Please confirm with the link in the text we sent${replies ? ', or reply to it' : ''}.`
      : 'Please confirm in the Yingji console or by calling the school.';
    const once = `This is Yingji, the emergency system. ${what} Incident code ${code}. ${confirm}`;
    return `${once} Once more: ${once}`;
  }
  const what = lateReport ? `${school}的${category.name}事件，地点${incident.place}，未按时上报。` : `${school}发生${category.name}，地点：${incident.place}。`;
  const confirm = texted ? `请点击刚才短信中的链接确认${replies ? '，或回复短信确认' : ''}。` : '请登录应急平台或致电学校确认。';
  const once = `这里是应急平台。${what}事件编号：${code}。${confirm}`;
  return `${once}再说一遍：${once}`;
}
