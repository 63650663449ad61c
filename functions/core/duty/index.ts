/** Who is on duty when: the roster, overrides (covers and swaps), handovers. */
export { dutyAt, mayHoldRole, peopleAt, rosterRoleHolders, shiftAt, shiftsBetween, type ShiftOccurrence } from './duty';
export type { DutyOverride, DutyStore } from './ports';
export { type HandoverDependencies, type HandoverInput, handoverSlots, overrideAs, recordHandovers, type RosterDependencies, rosterFor } from './roster';
export { levelsReachingNobody } from './coverage';
export { CoverBody, DutyOverrideBody, RosterQueryParams, SwapBody } from './requests';
