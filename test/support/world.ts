import { MemoryIncidentStore, MemoryPhoneStore, MemoryPlanCatalog, MemoryReportCounters } from '../../functions/adapters/memory';
import { MemoryDutyLogStore, MemoryRiskStore } from '../../functions/adapters/memory-records';
import { MemoryDutyStore, MemoryReportStore } from '../../functions/adapters/memory-reports';
import { randomIds } from '../../functions/core/base';
import { rosterRoleHolders } from '../../functions/core/duty';
import type { EscalationDependencies } from '../../functions/core/escalation';
import { type IncidentReport, submitIncident, type Incident, type WrittenReportWatchInput } from '../../functions/core/incident';
import type { Plan } from '../../functions/core/plan';
import type { InboundDependencies } from '../../functions/core/inbound';
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
 * What both worlds share: the plans, a clock the test moves (from `start`), ids, action links and
 * an SMS gateway that keeps what it sent, or throws the error `sendFails` gives, as the provider would.
 */
function sharedPorts(plans: Plan[], start: Date, sendFails: (message: OutgoingSms) => Error | undefined) {
  let now = start;
  const sent: OutgoingSms[] = [];
  const ports = {
    plans: new MemoryPlanCatalog(plans),
    sms: {
      send: async (message: OutgoingSms) => {
        const failure = sendFails(message);
        if (failure) throw failure;
        sent.push(message);
        return { messageId: `m${sent.length}` };
      },
    },
    clock: { now: () => now },
    ids: randomIds,
    links: { actionLink: (token: string) => `https://yj.example.cn/a/${token}` },
  };
  return { ports, sent, setClock: (instant: Date) => (now = instant) };
}

/**
 * The domain's ports on in-memory adapters, a clock the test moves, an SMS gateway that keeps
 * what it sent and a written-report watch that keeps what it was asked to watch: the world the
 * escalation steps, the written report and the ledger run in, without AWS.
 */
export function world({ plans, start = new Date('2026-03-05T08:00:00Z'), sendFails = () => undefined, duty }: WorldOptions) {
  const { ports, sent, setClock } = sharedPorts(plans, start, sendFails);
  const watches: WrittenReportWatchInput[] = [];
  const dutyStore = duty ? new MemoryDutyStore() : undefined;
  const deps: EscalationDependencies & { escalations: { start: () => Promise<void> }; writtenReports: { start: (input: WrittenReportWatchInput) => Promise<void> } } = {
    ...ports,
    incidents: new MemoryIncidentStore(),
    phones: new MemoryPhoneStore(),
    escalations: { start: async () => undefined },
    writtenReports: { start: async (input) => void watches.push(input) },
    ...(dutyStore && { duty: dutyStore }),
  };
  /** A report through intake, as the API takes it; `details` replaces the place, description or reporter. */
  const report = async (category = 'fire', planId = plans[0]!.id, details: Partial<Pick<IncidentReport, 'place' | 'description' | 'reporter'>> = {}): Promise<Incident> =>
    (
      await submitIncident(deps, {
        plan: plans.find((plan) => plan.id === planId)!,
        report: { planId, category, place: '3号楼', description: '冒烟', reporter: {}, ...details },
        channel: 'web',
      })
    ).record.incident;
  const timeline = async (id: string) => (await deps.incidents.get(id))!.timeline;
  const advanceTo = (instant: Date | string) => setClock(new Date(instant));
  /** Moves the clock on by some minutes. */
  const advance = (minutes: number) => setClock(new Date(ports.clock.now().getTime() + minutes * 60_000));
  /** Sets the clock to some minutes after the world's start. */
  const at = (minutes: number) => setClock(new Date(start.getTime() + minutes * 60_000));
  return { deps, sent, watches, report, timeline, advanceTo, advance, at, duty: dutyStore };
}

export interface SmsWorldOptions {
  plans: Plan[];
  /** When the world's clock starts; it moves only when a test moves it. */
  start?: Date;
  /** An error for the gateway to throw for a message, as the provider would; undefined sends it. */
  sendFails?: (message: OutgoingSms) => Error | undefined;
  /** Settings of the channel beyond the defaults (the SMS signature, reply codes). */
  settings?: Partial<Pick<InboundDependencies, 'smsSignature' | 'smsReplyCodes' | 'smsDefaultPlanId'>>;
  /** Who holds a duty role comes from the roster with its covers and swaps, as on a stage. */
  rosterRoles?: boolean;
  /** What starts an incident's escalation; by default nothing is started. */
  escalations?: InboundDependencies['escalations'];
}

/**
 * The SMS channel's world: everything a text arriving can touch (incidents, scheduled reports,
 * risks, the duty log, report limits) on in-memory adapters, a clock the test moves and a gateway
 * that keeps what it sent. A text from nobody's plan goes to the first plan.
 */
export function smsWorld({
  plans,
  start = new Date('2026-03-05T08:00:00Z'),
  sendFails = () => undefined,
  settings = {},
  rosterRoles = false,
  escalations = { start: async () => undefined },
}: SmsWorldOptions) {
  const { ports, sent, setClock } = sharedPorts(plans, start, sendFails);
  const phones = new MemoryPhoneStore();
  const incidents = new MemoryIncidentStore();
  const duty = new MemoryDutyStore();
  const deps: InboundDependencies = {
    ...ports,
    incidents,
    phones,
    escalations,
    writtenReports: { start: async () => undefined },
    duty,
    reports: new MemoryReportStore(),
    risks: new MemoryRiskStore(),
    dutyLog: new MemoryDutyLogStore(),
    reportCounters: new MemoryReportCounters(),
    smsDefaultPlanId: plans[0]!.id,
    ...(rosterRoles && { roleHolders: rosterRoleHolders(duty) }),
    ...settings,
  };
  /** Moves the clock on by some milliseconds. */
  const later = (ms: number) => setClock(new Date(ports.clock.now().getTime() + ms));
  return { deps, sent, phones, incidents, duty, later };
}
