import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Ids } from './ports';

/** No 0/O, 1/I/L: codes are read out over the phone and typed into replies. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export const randomIds: Ids = {
  incidentId: () => randomUUID(),
  incidentCode: () => Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join(''),
  // 72 random bits: 12 URL-safe characters, short enough for a one-segment text.
  actionToken: () => randomBytes(9).toString('base64url'),
};

export const systemClock = { now: () => new Date() };

export function linksUnder(publicBaseUrl: string) {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return { actionLink: (token: string) => `${base}/a/${token}`, reportLink: (token: string) => `${base}/r/${token}` };
}
