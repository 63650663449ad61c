/**
 * The one table's keys, which both wirings create (lib/aws/data.ts, lib/local/dynamodb.ts).
 * Item layout: dynamodb-incident-store.ts and dynamodb-plan-catalog.ts.
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

/** A sparse index of the incidents still open, per school, oldest first. */
export const OPEN_INCIDENTS_INDEX = { name: 'open-incidents', partitionKey: 'openOrg', sortKey: 'reportedAt' } as const;
