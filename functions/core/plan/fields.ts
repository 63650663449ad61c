import * as z from 'zod';

/**
 * The forms a plan file writes its fields in (ids, durations, phones, times of day), and the
 * fields that say how a plan reaches people beyond a text: landlines, when the unconfirmed are
 * called, quiet hours. ./schema.ts builds the plan file's schema from them.
 */

export const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The same form as functions/core/base/duration.ts parses: a whole number and s, m, h or d. */
export const DURATION_PATTERN = /^\d+[smhd]$/;
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
export const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/**
 * A fixed line as Chinese numbers are written: area code with its trunk 0 and a 7- or 8-digit
 * number (010-12345678, 0755-1234567, (010) 1234 5678), or in international form without the
 * trunk 0 (+86 10 1234 5678); spaces and hyphens anywhere between digits. ./file.ts turns it into E.164.
 */
export const LANDLINE_PATTERN = /^(?:\+86[ -]?[1-9]\d{1,2}|\(?0[1-9]\d{1,2}\)?)[ -]?\d{3,4}[ -]?\d{4}$/;

export const landlineSchema = z
  .string()
  .regex(LANDLINE_PATTERN, {
    error: 'a landline is an area code and number, e.g. "010-12345678", "0755-1234567" or "+86 10 1234 5678"',
  })
  .optional()
  .meta({
    description:
      'A fixed line (a duty room): "010-12345678", "0755-1234567", "+86 10 1234 5678". Called, never texted; someone with only a landline is called as soon as their level is reached.',
    examples: ['010-12345678', '0755-1234567', '+86 10 1234 5678'],
  });

export const callAfter = (where: string) =>
  z
    .string()
    .regex(DURATION_PATTERN, {
      error: "callAfter must be a duration like 3m or 5m, counted from the level's text",
    })
    .optional()
    .meta({
      description: `How long after a level's text someone who has not confirmed is called (${where}); half the level's window when absent.`,
    });

const timeOfDay = (what: string) =>
  z.string().regex(TIME_OF_DAY, {
    error: `${what} is a time of day HH:mm, 00:00 to 23:59, in quotes: "08:00"`,
  });

export const quietHoursSchema = z
  .strictObject({
    from: timeOfDay('quietHours.from').meta({
      description: 'Local time calls stop, "HH:mm".',
    }),
    to: timeOfDay('quietHours.to').meta({
      description: 'Local time calls may start again, "HH:mm"; earlier than from runs past midnight.',
    }),
  })
  .optional()
  .meta({
    description:
      'Hours nobody is called for a text they have not confirmed (texts still go out). Stability events, people told at once (immediately) and fixed lines are called anyway.',
  });
