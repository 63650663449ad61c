/**
 * Sets of school tags (schoolTag), which the roll-up's index and day counts keep, are spread over
 * this many items each: an item holds at most 400 KB
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html), and an
 * update is charged by the size of the item it changes
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html),
 * so 5,000 schools' tags make sixteen items of about 3 KB per set rather than one of 50 KB.
 */
export const TAG_SHARDS = 16;

export const shardOf = (tag: string) => String(tag.charCodeAt(0) % TAG_SHARDS).padStart(2, '0');

/** Tags grouped by the shard they are kept in. */
export function byShard(tags: Iterable<string>): Map<string, Set<string>> {
  const shards = new Map<string, Set<string>>();
  for (const tag of tags) {
    const shard = shardOf(tag);
    shards.set(shard, (shards.get(shard) ?? new Set()).add(tag));
  }
  return shards;
}
