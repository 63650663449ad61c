import * as z from 'zod';
import { charCount, fields, text } from '../base';
import { WRITTEN_REPORT_FIELDS, type WrittenReportField } from '../incident';

/** What the written-report routes take: one schema per body (functions/core/base/requests.ts). */

export const FIELD_MAX_LENGTH = 5000;
export const REASON_MAX_LENGTH = 2000;

const contentField = z
  .string({ error: 'expected text' })
  .trim()
  .refine((value) => charCount(value) <= FIELD_MAX_LENGTH, { error: `too long: at most ${FIELD_MAX_LENGTH} characters`, abort: true })
  .meta({ maxChars: FIELD_MAX_LENGTH })
  .optional();

/** The report's text, any of its fields (时间、地点、情况、谁何时知情、采取的措施、善后). */
const content = fields(
  Object.fromEntries(WRITTEN_REPORT_FIELDS.map((field) => [field, contentField])) as Record<WrittenReportField, typeof contentField>,
  'field',
  `required: the report’s fields, an object with ${WRITTEN_REPORT_FIELDS.join(', ')}`,
);

/** PUT …/written-report (content required: there is something to save) and POST …/submit (content optional). */
export const WrittenReportEdit = fields({ content }).meta({ title: 'WrittenReportEdit' });
export const WrittenReportSubmission = fields({ content: content.optional() }).meta({ title: 'WrittenReportSubmission' });
/** POST …/accept: nothing to say. */
export const WrittenReportAcceptance = fields({}).meta({ title: 'WrittenReportAcceptance' });
/** POST …/return: what to revise. */
export const WrittenReportReturn = z.object({ reason: text(REASON_MAX_LENGTH, 'required: what to revise') }).meta({ title: 'WrittenReportReturn' });
