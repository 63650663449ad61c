import type { Clock } from '../base';
import { type DutyStore, mayHoldRole, peopleAt } from '../duty';
import { type OptOutNotice, rolesNamed } from '../incident';
import type { Person, Plan, PlanCatalog } from '../plan';
import { optOutNoticeText, type PhoneStore, type Reply, type SmsGateway, SmsRejectedError } from '../sms';

/**
 * STOP and START (carrier opt-out: honoured as sent, whoever sends it). When the phone belongs to
 * someone on a chain's levels or a duty roster, no alert reaches them until they text START, so the
 * plan's duty lead and principal are told at once by text, and the board shows it until the START.
 */
export interface OptOutDependencies {
  phones: PhoneStore;
  plans: PlanCatalog;
  sms: SmsGateway;
  clock: Clock;
  duty?: DutyStore;
  smsSignature?: string;
}

export async function optOut(deps: OptOutDependencies, sms: { messageId: string; from: string; receivedAt?: string }, stop: boolean): Promise<Reply> {
  const at = sms.receivedAt ?? deps.clock.now().toISOString();
  await deps.phones.setOptedOut(sms.from, stop, at);
  // The latest STOP or START by when it was sent decides, whatever order they arrived in.
  const optedOut = await deps.phones.isOptedOut(sms.from);
  for (const plan of await deps.plans.list()) {
    const person = plan.people.find((candidate) => candidate.phone === sms.from);
    const roles = person ? await rolesOnChainOrRoster(deps, plan, person) : [];
    if (!person || roles.length === 0) continue;
    if (optedOut) await tellOfOptOut(deps, plan, person, roles, sms.messageId, at);
    else await deps.phones.clearOptOutNotice(plan.id, person.id);
  }
  return { kind: stop ? 'stopped' : 'started' };
}

/** The person's roles on any chain's levels (those told at once included), and the duty roster's role if they may hold it. */
async function rolesOnChainOrRoster(deps: OptOutDependencies, plan: Plan, person: Person): Promise<string[]> {
  const onChains = new Set(Object.values(plan.chains).flatMap((chain) => chain.levels.flatMap((level) => level.notify)));
  const roles = person.roles.filter((role) => onChains.has(role));
  const roster = plan.duty;
  if (roster && !roles.includes(roster.role) && mayHoldRole(plan, deps.duty ? await deps.duty.overrides(plan.id) : [], person.id, roster.role)) roles.push(roster.role);
  return roles;
}

/**
 * Keeps the notice, then texts it to each of those to tell, each claimed before it is sent. A
 * redelivery of the same STOP texts whoever it has not reached yet; a later STOP while the notice
 * stands (no START between) texts nobody again.
 */
async function tellOfOptOut(deps: OptOutDependencies, plan: Plan, person: Person, onChain: string[], messageId: string, at: string): Promise<void> {
  const told = await whomToTell(deps, plan, person);
  const roles = rolesNamed(plan, onChain);
  const notice: OptOutNotice = {
    planId: plan.id,
    orgId: plan.organisation.id,
    orgName: plan.organisation.name,
    personId: person.id,
    name: person.name,
    roles,
    at,
    messageId,
    told: told.map((recipient) => recipient.name),
  };
  const kept = await deps.phones.openOptOutNotice(notice);
  if (kept.messageId !== messageId) return;
  // The text names the first role that puts them on a chain; the board lists them all.
  const body = optOutNoticeText({ plan, name: person.name, role: rolesNamed(plan, onChain.slice(0, 1)), signature: deps.smsSignature });
  for (const recipient of told) {
    if (!(await deps.phones.claimNoticeText(messageId, recipient.phone!))) continue;
    try {
      await deps.sms.send({ to: recipient.phone!, body });
    } catch (error) {
      // A number that cannot be texted will not become textable by trying again.
      if (error instanceof SmsRejectedError) continue;
      await deps.phones.releaseNoticeText(messageId, recipient.phone!);
      throw error;
    }
  }
}

/**
 * The duty lead (the roster's leads, and whoever holds the roster's role now) and the principal
 * (the `principal` role; a plan without one: those who report the person's chains to the superior),
 * each once, with a phone that has not opted out itself, the person who texted STOP excepted.
 */
async function whomToTell(deps: OptOutDependencies, plan: Plan, person: Person): Promise<Person[]> {
  const chains = Object.values(plan.chains).filter((chain) => chain.levels.some((level) => level.notify.some((role) => person.roles.includes(role))));
  const heads = plan.roles?.principal ? ['principal'] : [...new Set(chains.flatMap((chain) => chain.reportToSuperior.by ?? []))];
  const roles = [...(plan.duty ? [...(plan.duty.leads ?? []), plan.duty.role] : []), ...heads];
  const overrides = plan.duty && deps.duty ? await deps.duty.overrides(plan.id) : [];
  const candidates = peopleAt(plan, overrides, roles, deps.clock.now()).filter((candidate) => candidate.id !== person.id && candidate.phone && candidate.phone !== person.phone);
  const optedOut = await deps.phones.optedOutAmong(candidates.map((candidate) => candidate.phone!));
  return candidates.filter((candidate) => !optedOut.has(candidate.phone!));
}
