import { ValidationError } from './errors';

/**
 * What the API accepts before any of it reaches the calendar code or DynamoDB. Rosters, rotas and
 * report calendars are walked day by day from a plan's start, so an instant in year 9999 would
 * hold the process for minutes; no plan concerns a day outside these years.
 */
export const YEARS = { first: 2000, last: 2100 } as const;

/**
 * Longest value (UTF-8 bytes) used in a key: ids, tokens, plan ids, Idempotency-Keys. DynamoDB
 * refuses a partition key over 2,048 bytes and a sort key over 1,024
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html), and ours
 * add a prefix; nothing we issue is longer than a few dozen characters.
 */
export const MAX_KEY_BYTES = 200;

export function fitsKey(value: string): boolean {
  return Buffer.byteLength(value, 'utf8') <= MAX_KEY_BYTES;
}

const ISO_INSTANT = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO 8601 instant with its offset, within YEARS; otherwise a 400 naming `field`. */
export function instantParam(value: unknown, field: string): Date {
  const match = typeof value === 'string' ? ISO_INSTANT.exec(value) : null;
  const instant = match ? new Date(value as string) : undefined;
  if (!instant || Number.isNaN(instant.getTime()) || !withinYears(instant.getUTCFullYear()) || !withinYears(Number(match![1]))) {
    throw new ValidationError(`Which time? ${field} is not an instant this system can use.`, {
      [field]: `expected an ISO 8601 instant with its offset between the years ${YEARS.first} and ${YEARS.last}, e.g. 2014-03-05T22:00:00+08:00`,
    });
  }
  return instant;
}

/** True for a real calendar day `YYYY-MM-DD` within YEARS (no 2014-02-30). */
export function isLocalDate(value: unknown): value is string {
  const match = typeof value === 'string' ? LOCAL_DATE.exec(value) : null;
  if (!match || !withinYears(Number(match[1]))) return false;
  const day = new Date(`${value as string}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

function withinYears(year: number): boolean {
  return year >= YEARS.first && year <= YEARS.last;
}
