import type { Ids } from '../base';
import { writeDutyLog, type DutyLogStore } from '../duty-log';
import type { Person, Plan } from '../plan';
import { reportRisk, type RiskDependencies } from '../risks';
import type { RecordText, Reply } from '../sms';

/**
 * A record kept by text from someone on a plan: a risk, the day's screening, a duty-log entry
 * (../sms/records.ts reads them). Ids and time come from the message, so a redelivered text writes
 * the same items again, which the stores keep once.
 */
export type RecordDependencies = RiskDependencies & { dutyLog: DutyLogStore };

export async function keepRecordBySms(
  deps: RecordDependencies,
  plan: Plan,
  person: Person,
  record: RecordText,
  message: { messageId: string; receivedAt: string },
): Promise<Reply> {
  let sequence = 0;
  const ids: Ids = { ...deps.ids, incidentId: () => `${message.messageId}-${(sequence += 1)}` };
  const scoped = { ...deps, ids, clock: { now: () => new Date(message.receivedAt) } };
  if (record.kind === 'duty-log') {
    await writeDutyLog(scoped, plan, person, { kind: record.entry, text: record.text }, 'sms');
    return { kind: 'recorded', what: 'duty-log', count: 1 };
  }
  const items = record.kind === 'risk' ? [record.text] : record.items;
  const outcome = await reportRisk(
    scoped,
    plan,
    person,
    record.kind === 'risk' ? { planId: plan.id, kind: 'risk', item: { summary: items[0]! } } : { planId: plan.id, kind: 'screening', items: items.map((summary) => ({ summary })) },
    'sms',
  );
  return { kind: 'recorded', what: record.kind, count: outcome.risks.length, ...(record.kind === 'risk' && { code: outcome.risks[0]!.code }) };
}
