import * as z from 'zod';
import { fields, localDate, query, text } from '../base';

/** What the duty-log routes take: one schema per body and query (functions/core/base/requests.ts). */

export type DutyLogKind = 'entry' | 'call' | 'handover';
export const DUTY_LOG_KINDS: readonly DutyLogKind[] = ['entry', 'call', 'handover'];
export const DUTY_LOG_LIMITS = { text: 1000, callerName: 50 } as const;

const callerName = `expected a text of at most ${DUTY_LOG_LIMITS.callerName} characters`;

/** POST /duty-log/{planId}: an entry, a call received (with who called, as far as they said) or a handover note. */
export const DutyLogEntryBody = fields({
  kind: z.enum(DUTY_LOG_KINDS, { error: `expected one of ${DUTY_LOG_KINDS.join(', ')}` }).optional(),
  text: text(DUTY_LOG_LIMITS.text, 'required: what to write in the log'),
  caller: z
    .strictObject(
      {
        name: z.string({ error: callerName }).trim().max(DUTY_LOG_LIMITS.callerName, { error: callerName }).optional(),
        phone: z
          .string({ error: 'expected digits, optionally with a leading +' })
          .regex(/^\+?\d{3,15}$/, { error: 'expected digits, optionally with a leading +' })
          .optional(),
      },
      { error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown field; expected name or phone' : 'expected { name?, phone? }') },
    )
    .optional(),
}).meta({ title: 'DutyLogEntry' });

/** GET /duty-log/{planId}: the log of one local date (today by default). */
export const DutyLogQueryParams = query({ date: localDate().optional() }).meta({ title: 'DutyLogQuery' });
