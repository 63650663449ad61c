import { parseDuration } from '../base';
import { categoryOf, chainOf, type Plan, type WrittenReport } from '../plan';
import type { Incident } from './model';
import type { IncidentStore, WrittenReportWatch } from './ports';
import type { PlanCatalog } from '../plan';

/**
 * What closing an incident sets going: the written report after handling (书面报告; plan 1 七、八,
 * plan 3 七1) falls due. The rest of its life is functions/core/written-report.
 */

/** The plans say "after handling" and name no deadline; this is the system's (docs/plans.md). */
export const DEFAULT_WRITTEN_REPORT_WITHIN = '7d';

/** What the plan asks for: the chain's own written report, else the plan's; undefined when it asks for none. */
export function writtenReportOf(plan: Plan, incident: Incident): WrittenReport | undefined {
  const chain = categoryOf(plan, incident.category) ? chainOf(plan, incident.category, incident.severity) : undefined;
  return chain?.writtenReport ?? plan.afterAction?.writtenReport;
}

/**
 * At close: when the plan asks for a written report it becomes due `within` (7 days unless the
 * plan says) of the close, and the wait for that deadline starts. Safe to repeat.
 */
export async function writtenReportBecomesDue(
  deps: { incidents: IncidentStore; plans: PlanCatalog; writtenReports: WrittenReportWatch },
  incidentId: string,
): Promise<string | undefined> {
  const record = await deps.incidents.get(incidentId);
  const closed = record?.timeline.find((event) => event.type === 'closed');
  if (!record || !closed) return undefined;
  const plan = await deps.plans.get(record.incident.planId, record.incident.planVersion);
  const wanted = plan && writtenReportOf(plan, record.incident);
  if (!wanted) return undefined;
  const dueAt = new Date(Date.parse(closed.at) + parseDuration(wanted.within ?? DEFAULT_WRITTEN_REPORT_WITHIN)).toISOString();
  await deps.incidents.append(incidentId, { type: 'written-report-due', key: 'written-report-due', at: closed.at, dueAt, to: wanted.to });
  await deps.writtenReports.start({ incidentId, dueAt });
  return dueAt;
}
