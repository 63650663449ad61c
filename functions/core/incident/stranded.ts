import { completeIntake, type IntakeDependencies } from './intake';
import { eventKey } from './model';
import type { EscalationLookup, EscalationStarter } from './ports';

/**
 * How old a report must be before the sweep treats it as stranded: intake stores the incident and
 * starts its escalation within one request, so a younger one may still be on its way.
 */
export const STRANDED_AFTER_MS = 10_000;

export interface StrandedSweep {
  /** Open incidents looked at. */
  checked: number;
  /** Incidents whose escalation this sweep started. */
  started: string[];
}

/**
 * Starts the escalation of every open incident stored without one: the process died (or
 * StartExecution failed) between storing a report and starting its workflow, and no client retried.
 * Runs every minute — EventBridge Scheduler on AWS, lib/local/scheduler.ts locally — so such an
 * incident is started at most 70 s after it was reported. What it starts is recorded on the timeline.
 */
export async function startStrandedEscalations(
  deps: Pick<IntakeDependencies, 'incidents' | 'clock'> & { escalations: EscalationStarter & EscalationLookup },
): Promise<StrandedSweep> {
  const now = deps.clock.now();
  const open = await deps.incidents.listAllOpen();
  // A started escalation texts level 1 at once, so only incidents that reached no level are asked about.
  const candidates = open.filter(({ incident, summary }) => summary.levelReached === 0 && Date.parse(incident.reportedAt) <= now.getTime() - STRANDED_AFTER_MS);
  const started: string[] = [];
  for (const { incident } of candidates) {
    if (await deps.escalations.started(incident.id)) continue;
    const record = await deps.incidents.get(incident.id);
    // On the open list but never stored: the report was never accepted (its client got no 201).
    if (!record) continue;
    await completeIntake(deps, record.incident, record.incident.channel ?? 'web');
    await deps.incidents.append(incident.id, {
      type: 'escalation-started',
      key: eventKey.escalationStarted(),
      at: now.toISOString(),
      reason: 'stored without a started escalation; started by the sweep for stranded incidents',
    });
    started.push(incident.id);
  }
  return { checked: open.length, started };
}
