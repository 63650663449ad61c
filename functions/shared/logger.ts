import { Logger } from '@aws-lambda-powertools/logger';
import { redactingReplacer } from './redact';

/**
 * One logger per handler chain: on Lambda that is one per container; in the local runtime, where
 * every function shares a process, it keeps each invocation's context on its own lines. Phone
 * numbers and link tokens are masked in everything it writes (./redact.ts).
 */
export const createLogger = () => new Logger({ serviceName: 'yingji', jsonReplacerFn: redactingReplacer });
