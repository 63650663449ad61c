/** What every feature shares: errors, durations, ids, bounds on input, the Clock/Ids/Links ports. Imports no feature. */
export { fitsKey, instantParam, isLocalDate, MAX_KEY_BYTES, YEARS } from './bounds';
export { parseDuration } from './duration';
export { ConflictError, type FieldErrors, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from './errors';
export { linksUnder, randomIds, systemClock } from './ids';
export type { Clock, Ids, Links } from './ports';
