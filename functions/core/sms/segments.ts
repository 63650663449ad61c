/**
 * How many SMS segments a text costs. A message that only uses the GSM 03.38 alphabet is sent as
 * GSM-7 (160 septets, 153 per part when split); one character outside it (any Chinese character,
 * 【】, an emoji, "…") makes the whole message UCS-2 (70 UTF-16 code units, 67 per part).
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export const SEGMENT_LIMITS: Record<SmsEncoding, { single: number; perPart: number }> = {
  'GSM-7': { single: 160, perPart: 153 },
  'UCS-2': { single: 70, perPart: 67 },
};

const GSM_BASIC = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');
/** Sent as an escape plus a character: two septets each. */
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

export function encodingOf(text: string): SmsEncoding {
  for (const char of text) {
    if (!GSM_BASIC.has(char) && !GSM_EXTENSION.has(char)) return 'UCS-2';
  }
  return 'GSM-7';
}

/** The cost of one character in its encoding: an extension character or an astral one counts 2. */
function unitsOf(char: string, encoding: SmsEncoding): number {
  return encoding === 'GSM-7' ? (GSM_EXTENSION.has(char) ? 2 : 1) : char.length;
}

/**
 * The parts a phone network would send. A part never ends half-way through an escape sequence or
 * a surrogate pair, which is why a split message can need more parts than units / perPart.
 */
export function splitSegments(text: string): string[] {
  if (text === '') return [];
  const encoding = encodingOf(text);
  const { single, perPart } = SEGMENT_LIMITS[encoding];
  const chars = [...text];
  const total = chars.reduce((sum, char) => sum + unitsOf(char, encoding), 0);
  if (total <= single) return [text];

  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const char of chars) {
    const cost = unitsOf(char, encoding);
    if (used + cost > perPart) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += char;
    used += cost;
  }
  parts.push(current);
  return parts;
}

export function countSegments(text: string): SegmentCount {
  const encoding = encodingOf(text);
  const units = [...text].reduce((sum, char) => sum + unitsOf(char, encoding), 0);
  return { encoding, units, segments: splitSegments(text).length };
}

export function fitsOneSegment(text: string): boolean {
  return countSegments(text).segments <= 1;
}

const ELLIPSES = ['…', '...'];

/**
 * The longest prefix of `value` (whole characters, ending in an ellipsis when cut) for which
 * `render` still fits one segment; '' when even the shortest does not. "…" is one character but
 * not GSM-7, so for an otherwise GSM-7 text "..." is tried too.
 */
export function truncateToFit(value: string, render: (value: string) => string): string {
  if (fitsOneSegment(render(value))) return value;
  const chars = [...value];
  for (let keep = chars.length - 1; keep >= 1; keep -= 1) {
    const head = chars.slice(0, keep).join('').trimEnd();
    for (const ellipsis of ELLIPSES) {
      const candidate = head + ellipsis;
      if (fitsOneSegment(render(candidate))) return candidate;
    }
  }
  return '';
}

export type Shrink<F> = { field: keyof F & string; whole?: boolean };

/**
 * Fits a text into one segment by giving up its flexible fields in order: each is cut to what
 * fits (or dropped, when `whole`), and only when that is not enough does the next one give way;
 * the ones given up earlier then take back what room is left. When even all of them gone is too
 * long the text is returned as it is — the segment tests catch a signature or link base that long.
 */
export function fitOneSegment<F extends Record<string, string>>(render: (fields: F) => string, fields: F, order: readonly Shrink<F>[]): string {
  const current: F = { ...fields };
  let last = -1;
  while (!fitsOneSegment(render(current)) && last < order.length - 1) {
    last += 1;
    current[order[last]!.field] = '' as F[keyof F & string];
  }
  for (let index = last; index >= 0; index -= 1) {
    const { field, whole } = order[index]!;
    const value = fields[field];
    const fits = (candidate: string) => render({ ...current, [field]: candidate });
    current[field] = (whole ? (fitsOneSegment(fits(value)) ? value : '') : truncateToFit(value, fits)) as F[keyof F & string];
  }
  return render(current);
}
