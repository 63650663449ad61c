import * as z from 'zod';
import { fields, localDate, optionalText, text, YEARS } from '../base';
import { REPORT_LIMITS } from '../incident';
import { REPORT_KINDS } from './model';

/** What the scheduled-report routes take: one schema per body and query (functions/core/base/requests.ts). */

const situation = optionalText(REPORT_LIMITS.description, 'expected a text: what is going on');

/** POST /r/{token}: the report a reminder's link asks for, 平安 or what is going on. */
export const ReportByLinkBody = fields({ situation }).meta({ title: 'ScheduledReportByLink' });

/** POST /reports: a report sent through the API by the signed-in caller. */
export const ScheduledReportBody = fields({
  planId: text(100, 'required: the school plan the report is for'),
  // A report kind (zero-report, all-clear …) or a report id of the plan.
  type: z.string({ error: 'expected a report kind or id, e.g. zero-report' }).min(1, { error: 'expected a report kind or id, e.g. zero-report' }).max(100).optional(),
  situation,
}).meta({ title: 'ScheduledReport' });

export const ROLL_UP_LIMIT = { default: 100, max: 1000 } as const;
export const ROLL_UP_STATUSES = ['submitted', 'late', 'missing', 'pending'] as const;

/**
 * GET /reports: the roll-up of one kind of report on one local date: the counts, and a page of
 * the rows (`limit`, 0 for the counts alone; `cursor`, the previous page's `nextCursor`; `status`,
 * the rows of one status only). Other parameters are ignored, as they always were.
 */
export const RollUpQueryParams = z
  .object({
    date: localDate(`required: the local date, YYYY-MM-DD, between the years ${YEARS.first} and ${YEARS.last}`),
    type: z.enum(REPORT_KINDS, { error: `required: one of ${REPORT_KINDS.join(', ')}` }),
    bureau: z.string().optional(),
    status: z.enum(ROLL_UP_STATUSES, { error: `expected one of ${ROLL_UP_STATUSES.join(', ')}` }).optional(),
    limit: z
      .string()
      .regex(/^\d+$/, { error: `expected a whole number from 0 to ${ROLL_UP_LIMIT.max}` })
      .refine((value) => Number(value) <= ROLL_UP_LIMIT.max, { error: `expected a whole number from 0 to ${ROLL_UP_LIMIT.max}` })
      .optional(),
    cursor: z.string().max(2000, { error: 'not a cursor this roll-up gave out (use nextCursor from the previous page)' }).optional(),
  })
  .meta({ title: 'RollUpQuery' });
