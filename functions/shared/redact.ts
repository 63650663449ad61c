/**
 * What logs may not show: whole phone numbers and the tokens of action and report links (a link
 * is the sign-in of whoever holds it). A number keeps its country code, its first three digits and
 * its last four (`+86138****0101`), enough to tell numbers apart in a log; a link keeps its route.
 */

/** E.164 (`+8613800000101`), or a mainland mobile typed without the country code (`13800000101`). */
const E164 = /\+(\d{5})\d{2,8}(\d{4})(?!\d)/g;
const MAINLAND_MOBILE = /(?<![\d+])(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
/** `/a/{token}` (action links) and `/r/{token}` (report links). */
const LINK_TOKEN = /\/([ar])\/[A-Za-z0-9_-]{6,}/g;
/** Keys whose values are secrets whatever they look like. */
const SECRET_KEYS = new Set(['token', 'authorization', 'Authorization', 'idToken']);

export function redact(text: string): string {
  return text.replace(E164, '+$1****$2').replace(MAINLAND_MOBILE, '$1****$2').replace(LINK_TOKEN, '/$1/…');
}

/** A JSON replacer for structured logs: every string redacted, secret keys dropped. */
export function redactingReplacer(key: string, value: unknown): unknown {
  if (SECRET_KEYS.has(key) && typeof value === 'string') return '[redacted]';
  return typeof value === 'string' ? redact(value) : value;
}
