import * as z from 'zod';
import { fields, localDate } from '../base';

/** What the calendar route takes (functions/core/base/requests.ts). */

export const MAX_ENTRIES = 200;

/** One period's dates this year; which ids exist is the plans' to say (./calendar.ts). */
export const CalendarEntryBody = fields({ id: z.string(), name: z.string().min(1).max(100), from: localDate(), to: localDate() });

/** PUT /periods: this year's dates of the sensitive periods the plans name. */
export const CalendarBody = fields({ periods: z.array(CalendarEntryBody).max(MAX_ENTRIES) }).meta({ title: 'Calendar' });
