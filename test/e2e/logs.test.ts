import { createLogger } from '../../functions/shared/logger';
import { eventually, linkIn, recordedText, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * What the local runtime prints while a report goes round (the outbox's texts, a failure's
 * context, the functions' structured logs) shows no whole phone number and no link token.
 */

const PRINCIPAL = '+8613800000101';
const REPORTER = '+8613900000001';
const lines: string[] = [];
let runtime: TestRuntime;
const restore: (() => void)[] = [];

beforeAll(async () => {
  // The functions' structured logs go to stdout and stderr; the runtime's own lines to its log.
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write;
    stream.write = ((chunk: string | Uint8Array) => lines.push(String(chunk)) > 0) as typeof stream.write;
    restore.push(() => (stream.write = write));
  }
  runtime = await startTestRuntime({ speed: 60, log: (line) => lines.push(line) });
});
afterAll(async () => {
  await runtime?.close();
  for (const undo of restore) undo();
});

test('after a report, its texts, a link action and a failure log, the output masks every phone and every link token', async () => {
  await runtime.post('/incidents', { planId: 'huapu-primary', category: 'fire', place: '3号楼', description: '冒烟', reporter: { name: '李老师', phone: REPORTER } });
  const incidentId = await eventually(() => runtime.inbox(PRINCIPAL)[0]?.incidentId);
  const link = linkIn((await recordedText(runtime, incidentId, PRINCIPAL)).body);
  expect((await runtime.post(link, { action: 'ack' })).status).toBe(200);
  await runtime.text('+8613700009999', '3号楼着火了 13812345678 快来');
  // A failure logged with its input, as the workflow's steps and the API log theirs.
  createLogger().error('workflow step failed', { input: { phone: PRINCIPAL, link: `http://127.0.0.1/a/${link.slice(3)}`, token: 'abcdefghijkl' } });

  const output = lines.join('\n');
  expect(output).toContain('SMS → +86138****0101');
  expect(output).toContain('+86138****0101');
  for (const secret of [PRINCIPAL, REPORTER, '+8613700009999', '13812345678', link, link.slice(3), 'abcdefghijkl']) expect(output).not.toContain(secret);
  expect(output).not.toMatch(/\+\d{11,}/);
  expect(output).not.toMatch(/\/[ar]\/[A-Za-z0-9_-]{6,}/);
});
