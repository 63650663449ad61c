/**
 * The one table's keys, which both wirings create (lib/aws/data.ts, lib/local/dynamodb.ts).
 * Item layout: dynamodb-incident-store.ts and dynamodb-plan-catalog.ts.
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

/** A sparse index of the incidents still open, per school, oldest first. */
export const OPEN_INCIDENTS_INDEX = { name: 'open-incidents', partitionKey: 'openOrg', sortKey: 'reportedAt' } as const;

/**
 * The attribute DynamoDB's time to live reads (enabled on it in lib/aws/data.ts): an item whose
 * value, in epoch seconds, has passed is deleted, typically within two days
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html).
 * Only transient items carry it; incidents and their timelines never do. dynalite ignores it.
 */
export const EXPIRES_AT = 'expiresAt';

/** How long each kind of transient item is worth keeping. */
export const KEEP_SECONDS = {
  /** A client retries a report within minutes; a day covers a phone that was offline overnight. */
  idempotencyKey: 24 * 60 * 60,
  /** End User Messaging redelivers an inbound text for a while, never for a week. */
  inboundMessage: 7 * 24 * 60 * 60,
} as const;

/** `{ expiresAt }` for an item worth keeping `seconds` after `from` (an instant or epoch milliseconds). */
export const expiresAfter = (from: string | number, seconds: number) => ({ [EXPIRES_AT]: Math.floor(new Date(from).getTime() / 1000) + seconds });
