/** What every feature shares: errors, durations, ids, bounds on input, the Clock/Ids/Links ports. Imports no feature. */
export { fitsKey, instantParam, isLocalDate, MAX_KEY_BYTES, YEARS } from './bounds';
export { decodeCursor, encodeCursor } from './cursor';
export { parseDuration } from './duration';
export { charCount, fieldErrors, fields, localDate, optionalText, parseRequest, query, readRequest, refuse, text, type TextMeta } from './requests';
export { ConflictError, type FieldErrors, ForbiddenError, NotFoundError, TooManyRequestsError, UnauthorizedError, ValidationError } from './errors';
export { linksUnder, randomIds, systemClock } from './ids';
export type { Clock, Ids, Links } from './ports';
export {
  CLAIM_LEASE_MS,
  type Channel,
  claimToken,
  type ClaimDecision,
  decideClaim,
  type DeliveryClaim,
  type DeliveryUnit,
  forEachLimited,
  RECORD_RESERVE_MS,
  recordWithRetry,
  type StepBudget,
  TextsPendingError,
  unitKey,
  UNLIMITED_BUDGET,
} from './claims';
