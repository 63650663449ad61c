import { ValidationError } from '../base';
import { localDate, personById, type Plan } from '../plan';
import { fitOneSegment, SmsRejectedError, type OutgoingSms } from '../sms';
import { caseView, type CaseStore, type PetitionCase } from './model';

// --- Visit reminders ----------------------------------------------------------------------------

export interface CaseReminderDependencies {
  plans: { list(): Promise<Plan[]> };
  cases: CaseStore;
  sms: { send(message: OutgoingSms): Promise<{ messageId: string }> };
  clock: { now(): Date };
  smsSignature?: string;
}

/** The local time the visit reminders go out each day: this project's choice, before the working day. */
export const CASE_REMINDER_TIME = '08:30';

/** The time zones whose plans keep cases: one daily reminder schedule each. */
export function caseReminderSlots(plans: readonly Plan[]): { timeZone: string; time: string }[] {
  return [...new Set(plans.filter((plan) => (plan.cases ?? []).length > 0).map((plan) => plan.timeZone))].sort().map((timeZone) => ({ timeZone, time: CASE_REMINDER_TIME }));
}

/** `【应急】包案提醒:#ABC234 王某某 应于03-12下访(每7天)` — one segment, the name cut first. */
export function visitReminderText(petitionCase: PetitionCase, due: string, timeZone: string, signature = ''): string {
  const day = localDate(new Date(due), timeZone).slice(5);
  const mode = petitionCase.visits.mode === 'visit' ? '下访' : '约访';
  return fitOneSegment(
    (fields: { name: string }) => `${signature}包案提醒:#${petitionCase.code} ${fields.name} 应于${day}${mode}(每${petitionCase.visits.everyDays}天),请安排并在系统登记`,
    { name: petitionCase.petitioner.name },
    [{ field: 'name' }],
  );
}

/**
 * Once a day in each time zone: every open case whose next visit falls due by the end of that day
 * texts its leader and responsible person, once per due date (the reminder's key is the due instant,
 * so a repeated run texts nobody twice).
 */
export async function remindDueVisits(deps: CaseReminderDependencies, input: { timeZone: string; firedAt: string }): Promise<{ reminded: number }> {
  const fired = new Date(input.firedAt);
  if (Number.isNaN(fired.getTime())) throw new ValidationError('firedAt is not an instant.', { firedAt: 'expected an ISO 8601 instant' });
  let reminded = 0;
  const plans = (await deps.plans.list()).filter((plan) => plan.timeZone === input.timeZone && (plan.cases ?? []).length > 0);
  for (const orgId of new Set(plans.map((plan) => plan.organisation.id))) {
    for (const record of await deps.cases.list(orgId)) {
      const plan = plans.find((candidate) => candidate.id === record.case.planId);
      const view = caseView(record, fired);
      if (!plan || !view.nextVisitDue || localDate(new Date(view.nextVisitDue), plan.timeZone) > localDate(fired, plan.timeZone)) continue;
      const key = `reminded:${view.nextVisitDue}`;
      if (record.events.some((event) => event.key === key)) continue;
      const to = [view.leader, view.responsible].filter((person, index, all) => all.findIndex((other) => other.personId === person.personId) === index);
      for (const ref of to) {
        const person = personById(plan, ref.personId);
        if (!person?.phone) continue;
        try {
          await deps.sms.send({ to: person.phone, body: visitReminderText(view, view.nextVisitDue, plan.timeZone, deps.smsSignature) });
        } catch (error) {
          // An opted-out or invalid number is passed over; the other owner is still texted.
          if (!(error instanceof SmsRejectedError)) throw error;
        }
      }
      if (await deps.cases.append(record.case, { type: 'reminded', key, at: fired.toISOString(), due: view.nextVisitDue, to })) reminded += 1;
    }
  }
  return { reminded };
}
