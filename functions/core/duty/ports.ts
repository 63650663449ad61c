/**
 * A swap or a cover, set by a duty lead. Stored whole and never changed: a later override of the
 * same shift wins, so the roster's history stays readable.
 */
export interface DutyOverride {
  id: string;
  planId: string;
  kind: 'cover' | 'swap';
  /** The shifts it changes and who takes each; a swap has two. */
  assignments: { shift: string; date: string; personId: string; replaces: string }[];
  setBy: { personId: string; name: string };
  setAt: string;
  reason?: string;
}

export interface DutyStore {
  /** Every override of a plan's roster, in the order they were set. */
  overrides(planId: string): Promise<DutyOverride[]>;
  /** The overrides of several plans (a wave's batch): plans that never had one cost no read each. */
  overridesOf(planIds: readonly string[]): Promise<Map<string, DutyOverride[]>>;
  /** Stores an override unless one with its id exists; true when this call stored it. */
  add(override: DutyOverride): Promise<boolean>;
}
