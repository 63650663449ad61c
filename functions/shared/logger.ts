import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One logger per handler chain: on Lambda that is one per container; in the local runtime, where
 * every function shares a process, it keeps each invocation's context on its own lines.
 */
export const createLogger = () => new Logger({ serviceName: 'yingji' });
