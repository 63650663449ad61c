import type { ActionDependencies, EscalationLookup, EscalationStarter, IntakeDependencies, ReportLimitDependencies } from '../core/incident';
import type { CaseDependencies } from '../core/cases';
import type { DutyLogDependencies } from '../core/duty-log';
import type { EscalationDependencies } from '../core/escalation';
import type { InboundDependencies } from '../core/inbound';
import type { ScheduledReportDependencies } from '../core/scheduled-reports';
import type { WrittenReportDependencies } from '../core/written-report';
import type { CalendarDependencies } from '../core/periods';
import type { WebConsoleDependencies } from '../shared/web';

type InboundSettings = Pick<InboundDependencies, 'smsDefaultPlanId'>;

/** Everything a function may need; each handler takes the part it uses. */
export type Dependencies = IntakeDependencies &
  EscalationDependencies &
  ActionDependencies &
  InboundSettings &
  WebConsoleDependencies &
  ScheduledReportDependencies &
  Pick<CaseDependencies, 'cases' | 'risks'> &
  WrittenReportDependencies &
  Pick<CalendarDependencies, 'calendar'> &
  Pick<DutyLogDependencies, 'dutyLog'> &
  Pick<ReportLimitDependencies, 'reportCounters'> & { escalations: EscalationStarter & EscalationLookup };
