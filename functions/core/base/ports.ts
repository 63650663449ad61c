/** The ports every feature shares; each feature keeps its own in its ports.ts. */

export interface Clock {
  now(): Date;
}

export interface Ids {
  incidentId(): string;
  incidentCode(): string;
  /** At least 64 random bits, URL-safe. */
  actionToken(): string;
}

export interface Links {
  actionLink(token: string): string;
}
