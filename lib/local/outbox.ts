import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../functions/core/base';
import type { OutgoingSms, SmsGateway } from '../../functions/core/sms';

export interface OutboxMessage {
  id: string;
  to: string;
  body: string;
  at: string;
  incidentId?: string;
}

/** The local stand-in for SNS: every text is kept in a file, printed, and readable over HTTP. */
export class LocalOutbox implements SmsGateway {
  private readonly file: string;
  private readonly messages: OutboxMessage[];

  constructor(
    dataDir: string,
    private readonly clock: Clock,
    private readonly print: (line: string) => void = console.log,
  ) {
    this.file = join(dataDir, 'outbox.jsonl');
    this.messages = existsSync(this.file)
      ? readFileSync(this.file, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as OutboxMessage)
      : [];
  }

  private deliveries?: (message: OutboxMessage, deliveredAt: string) => Promise<unknown>;
  private readonly reporting = new Set<Promise<unknown>>();

  /** Local phones receive every text at once; the carrier's report goes where SNS would log it. */
  reportDeliveriesTo(listener: (message: OutboxMessage, deliveredAt: string) => Promise<unknown>): void {
    this.deliveries = listener;
  }

  async send(message: OutgoingSms): Promise<{ messageId: string }> {
    const sent: OutboxMessage = { id: randomUUID(), to: message.to, body: message.body, at: this.clock.now().toISOString(), incidentId: message.incidentId };
    appendFileSync(this.file, `${JSON.stringify(sent)}\n`);
    this.messages.push(sent);
    this.print(`SMS → ${sent.to}: ${sent.body}`);
    // A carrier's report comes a while after SNS accepted the text (seconds on AWS); a tenth of a
    // second here leaves the sender time to note which incident the text was for.
    const report = new Promise((resolve) => setTimeout(resolve, 100))
      .then(() => this.deliveries?.(sent, this.clock.now().toISOString()))
      .catch((error) => this.print(`delivery report for ${sent.id} failed: ${error}`))
      .finally(() => this.reporting.delete(report));
    this.reporting.add(report);
    return { messageId: sent.id };
  }

  /** Waits for the delivery reports still on their way, before the runtime stops. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.reporting]);
  }

  list(): OutboxMessage[] {
    return [...this.messages];
  }
}
