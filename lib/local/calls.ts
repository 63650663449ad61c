import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../functions/core/base';
import type { CallGateway, OutgoingCall } from '../../functions/core/voice';

export interface PlacedCall {
  id: string;
  to: string;
  text: string;
  at: string;
  incidentId?: string;
}

/** The local stand-in for End User Messaging voice: every call is kept in a file, printed, and readable over HTTP. */
export class LocalCallOutbox implements CallGateway {
  private readonly file: string;
  private readonly calls: PlacedCall[];

  constructor(
    dataDir: string,
    private readonly clock: Clock,
    private readonly print: (line: string) => void = console.log,
  ) {
    this.file = join(dataDir, 'calls.jsonl');
    this.calls = existsSync(this.file)
      ? readFileSync(this.file, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as PlacedCall)
      : [];
  }

  async call(call: OutgoingCall): Promise<{ callId: string }> {
    const placed: PlacedCall = {
      id: randomUUID(),
      to: call.to,
      text: call.text,
      at: this.clock.now().toISOString(),
      incidentId: call.incidentId,
    };
    appendFileSync(this.file, `${JSON.stringify(placed)}\n`);
    this.calls.push(placed);
    this.print(`CALL → ${placed.to}: ${placed.text}`);
    return { callId: placed.id };
  }

  list(): PlacedCall[] {
    return [...this.calls];
  }
}
