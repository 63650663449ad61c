import { MemoryIncidentStore, MemoryPhoneStore, MemoryPlanCatalog } from '../../functions/adapters/memory';
import { MemoryDutyStore } from '../../functions/adapters/memory-reports';
import { randomIds } from '../../functions/core/base';
import type { EscalationDependencies } from '../../functions/core/escalation';
import { submitIncident, type Incident } from '../../functions/core/incident';
import type { Plan } from '../../functions/core/plan';
import type { OutgoingSms } from '../../functions/core/sms';

export interface WorldOptions {
  plans: Plan[];
  /** When the world's clock starts; it moves only when a test moves it. */
  start?: Date;
  /** An error for the gateway to throw for a message, as the provider would; undefined sends it. */
  sendFails?: (message: OutgoingSms) => Error | undefined;
  /** Keep covers and swaps in a duty store (without one, the roster as the plan states it). */
  duty?: boolean;
}

/**
 * The domain's ports on in-memory adapters, a clock the test moves and an SMS gateway that keeps
 * what it sent: the world the escalation steps run in, without AWS.
 */
export function world({ plans, start = new Date('2026-03-05T08:00:00Z'), sendFails = () => undefined, duty }: WorldOptions) {
  let now = start;
  const sent: OutgoingSms[] = [];
  const dutyStore = duty ? new MemoryDutyStore() : undefined;
  const deps: EscalationDependencies & { escalations: { start: () => Promise<void> } } = {
    incidents: new MemoryIncidentStore(),
    plans: new MemoryPlanCatalog(plans),
    sms: {
      send: async (message) => {
        const failure = sendFails(message);
        if (failure) throw failure;
        sent.push(message);
        return { messageId: `m${sent.length}` };
      },
    },
    clock: { now: () => now },
    ids: randomIds,
    phones: new MemoryPhoneStore(),
    links: { actionLink: (token) => `https://yj.example.cn/a/${token}` },
    escalations: { start: async () => undefined },
    ...(dutyStore && { duty: dutyStore }),
  };
  /** A report through intake, as the API takes it. */
  const report = async (category = 'fire', planId = plans[0]!.id): Promise<Incident> =>
    (await submitIncident(deps, { report: { planId, category, place: '3号楼', description: '冒烟', reporter: {} }, channel: 'web' })).record.incident;
  const timeline = async (id: string) => (await deps.incidents.get(id))!.timeline;
  const advanceTo = (instant: Date | string) => (now = new Date(instant));
  return { deps, sent, report, timeline, advanceTo, duty: dutyStore };
}
