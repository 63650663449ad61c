import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock, OutgoingSms, SmsGateway } from '../../functions/core/ports';

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
      ? readFileSync(this.file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as OutboxMessage)
      : [];
  }

  async send(message: OutgoingSms): Promise<{ messageId: string }> {
    const sent: OutboxMessage = { id: randomUUID(), to: message.to, body: message.body, at: this.clock.now().toISOString(), incidentId: message.incidentId };
    appendFileSync(this.file, `${JSON.stringify(sent)}\n`);
    this.messages.push(sent);
    this.print(`SMS → ${sent.to}: ${sent.body}`);
    return { messageId: sent.id };
  }

  list(): OutboxMessage[] {
    return [...this.messages];
  }
}
