import type { Incident } from './incident';
import type { Category, Language, Plan } from './plan';

/**
 * The texts people receive. Short on purpose: an alert should fit one SMS segment (70 UCS-2
 * characters), so it says what, where, which incident, and where to act.
 */

export interface AlertFacts {
  plan: Plan;
  category: Category;
  incident: Incident;
  link: string;
  signature?: string;
}

const EMERGENCY_LABEL: Record<Language, (number: string) => string> = {
  'zh-CN': (number) => `急拨${number}`,
  en: (number) => `call ${number}`,
};

function emergencySuffix(language: Language, category: Category): string {
  return category.emergencyNumber ? ` ${EMERGENCY_LABEL[language](category.emergencyNumber)}` : '';
}

/** The text that asks a person on the chain to acknowledge. */
export function alertText({ plan, category, incident, link, signature = '' }: AlertFacts): string {
  const emergency = emergencySuffix(plan.language, category);
  return plan.language === 'en'
    ? `${signature}${category.name} at ${incident.place}, #${incident.code}. Ack: ${link}${emergency}`
    : `${signature}${category.name}:${incident.place} 编号${incident.code} 请确认${link}${emergency}`;
}

/** The text the superior (the bureau) gets when the school's report is late (缓报). */
export function lateReportText({ plan, category, incident, link, signature = '' }: AlertFacts): string {
  const reported = localTime(plan, incident.reportedAt);
  return plan.language === 'en'
    ? `${signature}LATE: ${plan.organisation.name} ${category.name} at ${incident.place} (${reported}) not reported. #${incident.code} ${link}`
    : `${signature}缓报:${plan.organisation.name}${reported}${category.name}(${incident.place})未按时上报 编号${incident.code} ${link}`;
}

/** 24-hour HH:mm in the plan's own time zone. */
export function localTime(plan: Plan, iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: plan.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}
