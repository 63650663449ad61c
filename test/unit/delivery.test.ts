import { gzipSync } from 'node:zlib';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import { MemoryIncidentStore } from '../../functions/adapters/memory';
import { createHandler } from '../../functions/sms-delivery-status/handler';
import { lambdaContext } from '../../lib/local/http';

/** SNS's SMS delivery-status log lines, as the log group subscription delivers them, onto the timeline. */

const logLine = (messageId: string, status: 'SUCCESS' | 'FAILURE', providerResponse: string, dwellTimeMs = 812) => ({
  notification: { messageId, timestamp: '2026-03-05 08:00:03.120' },
  delivery: { destination: '+8613800000101', smsType: 'Transactional', providerResponse, dwellTimeMs },
  status,
});

const subscriptionEvent = (...lines: object[]): CloudWatchLogsEvent => ({
  awslogs: {
    data: gzipSync(
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        logEvents: lines.map((line, n) => ({ id: String(n), timestamp: Date.parse('2026-03-05T08:00:04.000Z'), message: JSON.stringify(line) })),
      }),
    ).toString('base64'),
  },
});

async function world() {
  const incidents = new MemoryIncidentStore();
  await incidents.create({
    id: 'i-1',
    code: 'ABC234',
    planId: 'huapu-primary',
    planVersion: 'v1',
    orgId: 'huapu-primary',
    category: 'fire',
    kind: 'safety',
    place: '3号楼',
    description: '冒烟',
    reporter: {},
    reportedAt: '2026-03-05T08:00:00.000Z',
    deadlines: { levels: [], report: '2026-03-05T10:00:00.000Z' },
  });
  const sent = (messageId: string, level: number, personId: string, phone: string) =>
    incidents.recordText(
      'i-1',
      { type: 'notified', key: `notified:${level}:${personId}`, at: '2026-03-05T08:00:01.000Z', level, personId, name: personId, phone, messageId },
      { incidentId: 'i-1', level, personId, phone },
    );
  await sent('m-ok', 1, 'ye-yuanxin', '+8613800000101');
  await sent('m-bad', 2, 'chen-zuwei', '+8613800000102');
  return { incidents, handler: createHandler({ incidents }) };
}

test('a delivered text and a failed one go onto the incident timeline with the carrier’s words and the delay', async () => {
  const { incidents, handler } = await world();
  const result = await handler(
    subscriptionEvent(logLine('m-ok', 'SUCCESS', 'Message has been accepted by phone carrier'), logLine('m-bad', 'FAILURE', 'Phone is currently unreachable/unavailable')),
    lambdaContext('sms-delivery-status'),
  );
  expect(result).toEqual({ recorded: 2 });
  const timeline = (await incidents.get('i-1'))!.timeline;
  expect(timeline).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ type: 'delivered', level: 1, phone: '+8613800000101', dwellTimeMs: 812, at: '2026-03-05T08:00:04.000Z' }),
      expect.objectContaining({ type: 'delivery-failed', level: 2, phone: '+8613800000102', reason: 'Phone is currently unreachable/unavailable' }),
    ]),
  );
});

test('a report delivered twice is recorded once, and one for a text we never sent is ignored', async () => {
  const { incidents, handler } = await world();
  const line = logLine('m-ok', 'SUCCESS', 'Message has been accepted by phone carrier');
  await handler(subscriptionEvent(line), lambdaContext('sms-delivery-status'));
  expect(await handler(subscriptionEvent(line, logLine('m-unknown', 'SUCCESS', 'ok')), lambdaContext('sms-delivery-status'))).toEqual({ recorded: 0 });
  expect((await incidents.get('i-1'))!.timeline.filter((event) => event.type === 'delivered')).toHaveLength(1);
});
