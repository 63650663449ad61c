import type { Incident } from '../incident';
import { categoryOf, type Plan } from '../plan';
import { fitOneSegment } from './segments';

/**
 * The text that chases a written report past its deadline, one segment:
 * `【应急】书面报告逾期:花铺小学 火灾 #ABC234 请在系统中提交`. The incident is closed, so its
 * action links are dead; the report is written in the console. The names go first when room runs out.
 */
export function writtenReportOverdueText(plan: Plan, incident: Pick<Incident, 'code' | 'category'>, signature = ''): string {
  const category = categoryOf(plan, incident.category)?.name ?? incident.category;
  const render =
    plan.language === 'en'
      ? ({ organisation, name }: Record<'organisation' | 'name', string>) =>
          `${signature}Written report overdue: ${organisation} ${name} #${incident.code}, submit it in the console`
      : ({ organisation, name }: Record<'organisation' | 'name', string>) => `${signature}书面报告逾期:${organisation} ${name} #${incident.code} 请在系统中提交`;
  return fitOneSegment(render, { organisation: plan.organisation.name, name: category }, [{ field: 'name' }, { field: 'organisation' }]);
}
