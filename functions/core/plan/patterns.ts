/** The forms plan files write ids, durations, phones and times of day in (schema.ts, reach-schema.ts). */

export const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The same form as functions/core/base/duration.ts parses: a whole number and s, m, h or d. */
export const DURATION_PATTERN = /^\d+[smhd]$/;
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
export const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
