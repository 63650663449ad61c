import { REPORT_LIMITS } from '../incident';

/**
 * Texts arrive typed on every kind of phone: full-width digits and letters (１ＡＣＫ), ideographic
 * spaces, Chinese and Western punctuation, emoji, zero-width characters pasted from chat apps.
 */

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/** NFKC (full-width → half-width, ideographic space → space), invisible characters out, spaces collapsed. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/**
 * The words of a text without punctuation, symbols or emoji, lower-cased, single-spaced: what
 * reply codes and keywords are matched against. `收到！👍` → `收到`, `１ＡＣＫ` → `1ack`.
 */
export function commandKey(text: string): string {
  return normalizeText(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Texts are stored as typed, up to the limit the web form has; a longer one is cut with "…". */
export function clipText(text: string, limit: number = REPORT_LIMITS.description): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join('')}…`;
}
