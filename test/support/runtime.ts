import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '../../lib/local/runtime';
import { PROJECT_ROOT } from '../../lib/definitions';
import type { OutboxMessage } from '../../lib/local/outbox';
import { DynamoDbIncidentStore } from '../../functions/adapters/dynamodb-incident-store';
import type { IncidentRecord } from '../../functions/core/incident/ports';
import type { SmsGateway } from '../../functions/core/sms/ports';

process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

export const PLANS_DIR = join(PROJECT_ROOT, 'plans');

export interface TestRuntime extends LocalRuntime {
  dataDir: string;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: any; text: string }>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; text: string }>;
  patch(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; text: string }>;
  put(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; text: string }>;
  textsFor(incidentId: string): OutboxMessage[];
  /** Signs in with the local development sign-in; the headers a signed-in request carries. */
  signIn(phone: string): Promise<{ Authorization: string }>;
  /** Texts to a phone, in the order sent. */
  inbox(phone: string): OutboxMessage[];
  /** A text arriving from a phone, as the carrier would deliver it. */
  text(from: string, body: string): Promise<{ decision: string; incidentId?: string; answer?: string }>;
  /** The stored record, read straight from the table (no sign-in needed). */
  record(incidentId: string): Promise<IncidentRecord | undefined>;
  /** Stops the runtime; `keepData` leaves the data folder for a restart. */
  close(keepData?: boolean): Promise<void>;
}

/**
 * Report limits no bench or chaos run reaches: their thousands of reports all come from 127.0.0.1
 * (and generated input repeats phones), where on AWS they would come from many clients.
 */
export const LIFTED_REPORT_LIMITS = { phone: { count: 1_000_000, perSeconds: 600 }, source: { count: 1_000_000, perSeconds: 600 } } as const;

export async function startTestRuntime(options: {
  speed: number;
  dataDir?: string;
  smsGateway?: SmsGateway;
  plansDir?: string;
  start?: string;
  log?: (line: string) => void;
  reportLimits?: LocalRuntimeOptions['reportLimits'];
}): Promise<TestRuntime> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'yingji-e2e-'));
  const runtime = await startLocalRuntime({
    port: 0,
    speed: options.speed,
    dataDir,
    plansDir: options.plansDir ?? PLANS_DIR,
    ...(options.start && { start: options.start }),
    smsDefaultPlanId: 'huapu-primary',
    smsGateway: options.smsGateway,
    reportLimits: options.reportLimits,
    log: options.log ?? (() => undefined),
  });
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${runtime.url}${path}`, {
      method,
      headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed as any, text };
  };
  return {
    ...runtime,
    dataDir,
    get: (path, headers) => call('GET', path, undefined, headers),
    post: (path, body, headers) => call('POST', path, body, headers),
    patch: (path, body, headers) => call('PATCH', path, body, headers),
    put: (path, body, headers) => call('PUT', path, body, headers),
    signIn: async (phone) => {
      const { status, body } = await call('POST', '/auth/dev-login', { phone });
      if (status !== 200) throw new Error(`development sign-in as ${phone} failed: ${status}`);
      return { Authorization: body.token };
    },
    textsFor: (incidentId) => runtime.outbox.list().filter((message) => message.incidentId === incidentId),
    inbox: (phone) => runtime.outbox.list().filter((message) => message.to === phone),
    text: async (from, body) => {
      const response = await call('POST', '/sms/inbound', { from, body });
      if (response.status !== 200) throw new Error(`POST /sms/inbound answered ${response.status}: ${response.text}`);
      return response.body;
    },
    record: (incidentId) => new DynamoDbIncidentStore(runtime.dynamodb.client, runtime.dynamodb.tableName).get(incidentId),
    close: async (keepData = false) => {
      await runtime.stop();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Polls until `probe` returns a value, at most `timeoutMs` of wall-clock time: a generous bound,
 * since a shared 2-core machine can be many times slower than a quiet one; a pass costs no more.
 */
export async function eventually<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 45_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The first text about an incident (to `to`, if given) once it is recorded. A text shows in the
 * outbox as the provider takes it; on two-way stages its link is stored with its record just after
 * (docs/delivery.md), so a link opened in between answers 404.
 */
export async function recordedText(runtime: TestRuntime, incidentId: string, to?: string): Promise<OutboxMessage> {
  return eventually(async () => {
    const text = runtime.textsFor(incidentId).find((message) => to === undefined || message.to === to);
    if (!text) return undefined;
    const { timeline } = (await runtime.record(incidentId))!;
    return timeline.some((event) => event.type === 'notified' && event.messageId === text.id) && text;
  });
}

/**
 * Waits until the runtime's clock has passed `iso`: the wall time that takes at the runtime's speed,
 * and half a minute more, since a busy machine makes everything slower.
 */
export async function clockPasses(runtime: LocalRuntime, iso: string): Promise<void> {
  const wallMs = Math.max(0, Date.parse(iso) - runtime.clock.now().getTime()) / runtime.clock.speed;
  await eventually(() => runtime.clock.now().toISOString() > iso, wallMs + 30_000);
}

/** Items in the table once the delivery reports of texts already sent have landed. */
export async function storedItemCount(runtime: LocalRuntime): Promise<number> {
  await runtime.outbox.settle();
  const { Count } = await runtime.dynamodb.client.send(new ScanCommand({ TableName: runtime.dynamodb.tableName, Select: 'COUNT' }));
  return Count ?? 0;
}

export const linkIn = (body: string) => new URL(/https?:\/\/\S+\/a\/[A-Za-z0-9_-]+/.exec(body)![0]).pathname;
