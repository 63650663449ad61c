const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+)([smhd])$/;

/** Durations in plans are written as a whole number and a unit: `0m`, `10m`, `2h`, `1d`. */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new RangeError(`"${text}" is not a duration like 10m, 2h or 1d`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

export function isDuration(text: string): boolean {
  return DURATION.test(text.trim());
}
