import * as z from 'zod';
import { localDate, query } from '../base';

/** What the accountability route takes (functions/core/base/requests.ts). */

const date = localDate('required: a date YYYY-MM-DD, e.g. 2026-03-01');

/** GET /accountability: a period of local dates, inclusive, and optionally one school. */
export const LedgerQueryParams = query({
  from: date,
  to: date,
  school: z
    .string()
    .regex(/^[a-z0-9-]{1,100}$/, { error: 'an organisation id, e.g. huapu-primary' })
    .optional(),
}).meta({ title: 'LedgerQuery' });
