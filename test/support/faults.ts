import { ProvisionedThroughputExceededException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SmsRejectedError, SmsUnavailableError, type OutgoingSms, type SmsGateway } from '../../functions/core/sms';

/**
 * Faults to inject, for the fault suite in `npm test` and for `npm run chaos`: a DynamoDB client
 * that counts every request and throttles the ones a plan picks, and an SMS provider that records
 * what it accepted and fails the sends a plan picks. Everything is decided by a seeded generator, so
 * a run is the same every time.
 */

/** A small seeded generator (mulberry32): the same seed, the same faults. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface StoreTap {
  /** Every request sent, by command name (`PutItemCommand`, `BatchGetItemCommand` ...), in order. */
  readonly calls: string[];
  count(command?: string): number;
  reset(): void;
  /** Decides per request whether DynamoDB throttles it (ProvisionedThroughputExceededException); undefined: none. */
  throttle?: (command: string, n: number) => boolean;
  /** How many requests were throttled. */
  throttled: number;
}

/**
 * Counts (and optionally throttles) every request the client sends. The throttle is raised before
 * the request leaves, as DynamoDB refuses a throttled request without applying it, and before the
 * SDK's own retries, so the code under test sees every one.
 */
export function tapStore(client: DynamoDBClient): StoreTap {
  const tap: StoreTap = {
    calls: [],
    count: (command) => (command ? tap.calls.filter((call) => call === command).length : tap.calls.length),
    reset: () => {
      tap.calls.length = 0;
      tap.throttled = 0;
    },
    throttled: 0,
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName);
      tap.calls.push(command);
      if (tap.throttle?.(command, tap.calls.length)) {
        tap.throttled += 1;
        throw new ProvisionedThroughputExceededException({
          message: 'The level of configured provisioned throughput for the table was exceeded.',
          $metadata: { httpStatusCode: 400 },
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'yingjiStoreTap' },
  );
  return tap;
}

export type SmsFault = 'unavailable' | 'rejected' | 'unknown-after-accepting';

/**
 * An SMS provider that keeps every text it accepted (what phones receive) and fails the sends
 * `fault` picks: `unavailable` (throttled or down: nothing sent), `rejected` (the number cannot be
 * texted), `unknown-after-accepting` (sent, then the answer is lost: the one case a text may be
 * sent twice, after its claim's lease).
 */
export class FaultySms implements SmsGateway {
  readonly accepted: (OutgoingSms & { messageId: string })[] = [];
  readonly failures: { to: string; fault: SmsFault }[] = [];

  constructor(private readonly fault: (message: OutgoingSms, n: number) => SmsFault | undefined = () => undefined) {}

  async send(message: OutgoingSms): Promise<{ messageId: string }> {
    const fault = this.fault(message, this.accepted.length + this.failures.length + 1);
    if (fault) this.failures.push({ to: message.to, fault });
    if (fault === 'unavailable') throw new SmsUnavailableError('ThrottlingException: Rate exceeded');
    if (fault === 'rejected') throw new SmsRejectedError('InvalidParameterException: invalid phone number');
    const messageId = `sms-${this.accepted.length + 1}`;
    this.accepted.push({ ...message, messageId });
    if (fault === 'unknown-after-accepting') throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    return { messageId };
  }

  /** Texts a phone received more than once with the same body and link: doubles. */
  doubles(): string[] {
    const seen = new Set<string>();
    return this.accepted.flatMap((text) => {
      const key = `${text.to}\u0000${text.body}`;
      if (seen.has(key)) return [key];
      seen.add(key);
      return [];
    });
  }
}
