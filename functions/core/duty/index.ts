/** Who is on duty when: the roster, overrides, handovers. */
export { type DutyOverride, type DutyStore, mayHoldRole, peopleAt } from './duty';
export { type HandoverDependencies, type HandoverInput, handoverSlots, overrideAs, recordHandovers, type RosterDependencies, rosterFor } from './roster';
