import type { Ids } from '../base';
import type { DutyStore } from '../duty';
import type { PlanCatalog } from '../plan';
import type { CallGateway } from '../voice';
import type { TextingContext, TextingDependencies } from './texting';

/** What every escalation step needs, and the incident it loads to decide. */

export interface EscalationDependencies extends TextingDependencies {
  plans: PlanCatalog;
  ids: Ids;
  /** Swaps and covers of the duty roster; without it, the roster as the plan states it. */
  duty?: DutyStore;
  /** Calls for texts nobody confirmed and for landlines (End User Messaging voice); none where a stage has no voice. */
  calls?: CallGateway;
}

export type EscalationContext = TextingContext;
