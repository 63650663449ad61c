/** Where a page ended, as an opaque cursor: two strings (a sort position and an id), base64url JSON. */
export function encodeCursor(position: readonly [string, string]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The two strings of a cursor encodeCursor gave out; undefined for anything else (a 400 to the caller). */
export function decodeCursor(text: string): [string, string] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string')) return [value[0], value[1]];
  } catch {
    // Not base64url JSON.
  }
  return undefined;
}
