import * as z from 'zod';
import { fields, optionalText, query, text } from '../base';
import { SEVERITIES } from '../plan';

/** What the incident routes take: one schema per body and query (functions/core/base/requests.ts). */

export const REPORT_LIMITS = { place: 100, description: 2000, reporterName: 50 } as const;
export const E164 = /^\+[1-9]\d{6,14}$/;
/** The longest id a body may name (a plan, a category): far beyond any a plan uses. */
const ID_MAX = 100;

export type ActionName = 'ack' | 'received' | 'reported' | 'request-written-report' | 'close';
export const ACTIONS: readonly ActionName[] = ['ack', 'received', 'reported', 'request-written-report', 'close'];
export type ConsoleActionName = ActionName | 'note';
export const CONSOLE_ACTIONS: readonly ConsoleActionName[] = [...ACTIONS, 'note'];
export const NOTE_MAX_LENGTH = 2000;
export const RESOLUTION_MAX_LENGTH = 2000;

const E164_WORDS = 'expected an international number in E.164 form, e.g. +8613800000000';

/** POST /incidents: a witness's report. Whether the plan and its category exist is the domain's to say. */
export const IncidentReportBody = fields({
  planId: text(ID_MAX, 'required: the id of the school plan'),
  category: text(ID_MAX, 'required: the kind of incident'),
  place: text(REPORT_LIMITS.place, 'required: a non-empty text'),
  description: text(REPORT_LIMITS.description, 'required: a non-empty text'),
  // Empty name or phone means none, as a form sends an empty input.
  reporter: z
    .strictObject(
      {
        name: optionalText(REPORT_LIMITS.reporterName),
        phone: z.union([z.literal(''), z.string().regex(E164, { error: E164_WORDS })], { error: E164_WORDS }).optional(),
      },
      { error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown field; expected name or phone' : 'expected an object with optional name and phone') },
    )
    .nullable()
    .optional(),
  severity: z.enum(SEVERITIES, { error: `expected one of ${SEVERITIES.join(', ')}` }).optional(),
}).meta({ title: 'IncidentReport' });

const resolution = optionalText(RESOLUTION_MAX_LENGTH);

/** POST /a/{token}: what the link's person does. Closing needs a resolution (the domain says so). */
export const PersonActionBody = z
  .object({
    action: z.enum(ACTIONS, { error: `expected one of ${ACTIONS.join(', ')}` }),
    resolution,
  })
  .meta({ title: 'PersonAction' });

/** POST /incidents/{id}/actions: the same actions as a link's, and a note. */
export const ConsoleActionBody = z
  .object({
    action: z.enum(CONSOLE_ACTIONS, { error: `expected one of ${CONSOLE_ACTIONS.join(', ')}` }),
    text: optionalText(NOTE_MAX_LENGTH),
    resolution,
  })
  .meta({ title: 'ConsoleAction' });

export const BOARD_LIMIT = { default: 100, max: 500 } as const;

/** GET /incidents: a page of the board. The cursor's content is the board's to read. */
export const BoardQueryParams = query({
  open: z.enum(['1', 'true'], { error: 'expected 1 (the open incidents)' }).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, { error: `expected a whole number from 1 to ${BOARD_LIMIT.max}` })
    .refine((value) => Number(value) >= 1 && Number(value) <= BOARD_LIMIT.max, { error: `expected a whole number from 1 to ${BOARD_LIMIT.max}` })
    .optional(),
  cursor: z.string().optional(),
  school: z.string().optional(),
  category: z.string().optional(),
  status: z.enum(['open', 'acknowledged'], { error: 'expected open or acknowledged' }).optional(),
  overdue: z.enum(['1', '0', 'true', 'false'], { error: 'expected 1 or 0' }).optional(),
  q: z.string().optional(),
}).meta({ title: 'BoardQuery' });

/** `GET /me?schools=0|1`: the schools (the duty pages; the default) or only who the caller is (every page's bar). */
export const SessionQueryParams = query({
  schools: z.enum(['0', '1'], { error: 'expected 1 (list the schools, the default) or 0 (only who you are)' }).optional(),
}).meta({ title: 'SessionQuery' });

/** `POST /incidents/{id}/remind` takes `{}`: whom and what follow from the incident. */
export const RemindBody = z
  .strictObject({}, { error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown field; remind again takes none' : 'expected a JSON object') })
  .meta({ title: 'RemindAgain' });

/** The console forms' caps (maxlength), served in /console.json: the same numbers the schemas above check. */
export const FORM_LIMITS = {
  place: REPORT_LIMITS.place,
  description: REPORT_LIMITS.description,
  reporterName: REPORT_LIMITS.reporterName,
  note: NOTE_MAX_LENGTH,
  resolution: RESOLUTION_MAX_LENGTH,
} as const;
