import * as z from 'zod';
import { isLocalDate, YEARS } from './bounds';
import { type FieldErrors, ValidationError } from './errors';

/**
 * The pieces every feature's request schemas (`<feature>/requests.ts`) are built from, and the one
 * reading of a zod failure as the API's 400: each problem under its field's path (`reporter.phone`,
 * `items.0.summary`), in the words of the schema. The same schemas become the API Gateway models
 * (lib/aws/api.ts) and docs/openapi.json (scripts/openapi.ts).
 */

/** Metadata the JSON Schema generators read: the most characters (code points) a text may have. */
export interface TextMeta {
  maxChars?: number;
}

/** Counted as people count them (code points: an emoji is one), as the handlers always have. */
export const charCount = (text: string) => [...text].length;

const tooLong = (max: number) => `too long: at most ${max} characters`;

/**
 * A text, trimmed, of at most `max` characters. `required` is what a missing or blank one is told;
 * without it the text may be absent.
 */
export function text(max: number, required: string) {
  return z
    .string({ error: required })
    .trim()
    .min(1, { error: required })
    .refine((value) => charCount(value) <= max, { error: tooLong(max), abort: true })
    .meta({ maxChars: max } satisfies TextMeta);
}

/** An optional text of at most `max` characters; `wrongType` is what a non-text is told. */
export function optionalText(max: number, wrongType = 'expected a text') {
  return z
    .string({ error: wrongType })
    .trim()
    .refine((value) => charCount(value) <= max, { error: tooLong(max), abort: true })
    .meta({ maxChars: max } satisfies TextMeta)
    .optional();
}

/** A local calendar day `YYYY-MM-DD` within YEARS. */
export function localDate(message = `expected a local date YYYY-MM-DD between ${YEARS.first} and ${YEARS.last}`) {
  return z
    .string({ error: message })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: message })
    .refine(isLocalDate, { error: message, abort: true });
}

/**
 * A JSON object with exactly these fields: any other is refused by name (`unknown field; expected
 * …`). `noun` says what the names are to the caller (query parameters are "parameters");
 * `notAnObject` is what a missing or non-object value is told.
 */
export function fields<Shape extends z.ZodRawShape>(shape: Shape, noun: 'field' | 'parameter' = 'field', notAnObject = 'expected a JSON object') {
  const names = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown ${noun}; expected one of ${names}` : notAnObject),
  });
}

/** A query string: every parameter a text, the named ones only. */
export const query = <Shape extends z.ZodRawShape>(shape: Shape) => fields(shape, 'parameter');

/** Each problem of a failed parse under its field's path; the first one said of a field stands. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const found: FieldErrors = {};
  const put = (path: readonly PropertyKey[], message: string) => {
    const name = path.length === 0 ? 'body' : path.map(String).join('.');
    found[name] ??= message;
  };
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) put([...issue.path, key], issue.message);
    else put(issue.path, issue.message);
  }
  return found;
}

/**
 * Reads a request against its schema: the parsed value, or the field errors so far (a caller adds
 * what only the domain can tell, such as an unknown plan, before `refuse`).
 */
export function readRequest<Schema extends z.ZodType>(schema: Schema, input: unknown): { value?: z.output<Schema>; fields: FieldErrors } {
  const parsed = schema.safeParse(input);
  return parsed.success ? { value: parsed.data, fields: {} } : { fields: fieldErrors(parsed.error) };
}

/** A 400 naming every field at fault: "The report has 2 problem(s): place, reporter.phone." */
export function refuse(what: string, fields: FieldErrors): never {
  throw new ValidationError(`${what} has ${Object.keys(fields).length} problem(s): ${Object.keys(fields).join(', ')}.`, fields);
}

/** The parsed request, or a 400 naming every field at fault. */
export function parseRequest<Schema extends z.ZodType>(schema: Schema, input: unknown, what: string): z.output<Schema> {
  const { value, fields } = readRequest(schema, input);
  if (Object.keys(fields).length > 0) refuse(what, fields);
  return value as z.output<Schema>;
}
