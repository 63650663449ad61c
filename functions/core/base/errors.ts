/**
 * Errors a caller can act on. Each has a `name` that the HTTP error middleware maps to a status
 * and that a state machine `Catch` can match.
 */

/** field path (e.g. `reporter.phone`) → what is wrong with it, in words a person can act on. */
export type FieldErrors = Record<string, string>;

export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
  }
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** The request conflicts with what is stored, e.g. an Idempotency-Key reused for another report. */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

/** Nobody is signed in (or the sign-in is no longer valid). */
export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError';
}

/** The signed-in caller may not see or do this (another school's incident). */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

/** Over a limit on how often something may be done (reports per phone or address): try again after `retryAfterSeconds`. */
export class TooManyRequestsError extends Error {
  override name = 'TooManyRequestsError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    readonly fields: FieldErrors = {},
    /** When it may be done again, where one instant says so (remind again: five minutes after the last round). */
    readonly retryAt?: string,
  ) {
    super(message);
  }
}
