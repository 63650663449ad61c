import * as z from 'zod';
import { fields, localDate, optionalText, YEARS } from '../base';

/** What the duty-roster routes take: one schema per body and query (functions/core/base/requests.ts). */

const day = localDate(`expected the local date the shift starts on, YYYY-MM-DD, between the years ${YEARS.first} and ${YEARS.last}`);
/** Which shifts and people exist is the plan's to say, and ./overrides.ts says so in the plan's words; here, only that they are ids. */
const id = z.string().min(1).max(100);
const reason = optionalText(200, 'expected a text of at most 200 characters');

/** A cover: `personId` takes the shift on `date`. */
export const CoverBody = fields({ kind: z.literal('cover'), shift: id, date: day, personId: id, reason }).meta({ title: 'DutyCover' });
/** A swap: whoever is on the two shifts trade them. */
export const SwapBody = fields({ kind: z.literal('swap'), shift: id, date: day, withShift: id, withDate: day, reason }).meta({ title: 'DutySwap' });

/** POST /duty/{planId}/overrides. */
export const DutyOverrideBody = z.union([CoverBody, SwapBody]).meta({ title: 'DutyOverride' });

/** GET /duty/{planId}: who is on duty now, or at `at` (an instant with its offset; ./roster.ts reads it with instantParam). */
export const RosterQueryParams = z
  .object({ at: z.string().optional().meta({ description: 'an ISO 8601 instant with its offset, e.g. 2014-03-05T22:00:00+08:00' }) })
  .meta({ title: 'RosterQuery' });
