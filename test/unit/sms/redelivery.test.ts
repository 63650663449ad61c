import { receiveSms, type InboundSms } from '../../../functions/core/inbound/inbound';
import { notifyLevel } from '../../../functions/core/escalation/escalation';
import { seedPlan } from '../../support/plans';
import { smsWorld } from '../../support/world';

/**
 * SNS delivers a text at least once and in no particular order
 * (https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms.html). A text is handled
 * until it is answered: a redelivery after a failure does the work again and answers; a
 * redelivery after the answer is a duplicate and answers nothing.
 */

const huapu = seedPlan('huapu-primary.yaml');
const WITNESS = '+8615900001234';
const PRINCIPAL = '+8613800000101';
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

function channel() {
  const started: string[] = [];
  const faults = { start: 0, send: 0 };
  const { deps, sent, incidents, phones, later } = smsWorld({
    plans: [huapu],
    sendFails: () => (faults.send > 0 && faults.send-- ? throttled() : undefined),
    // Alerts carry reply numbers ("回1确认"), as where two-way SMS is offered.
    settings: { smsReplyCodes: true },
    escalations: {
      start: async ({ incidentId }) => {
        if (faults.start > 0 && faults.start--) throw throttled();
        if (!started.includes(incidentId)) started.push(incidentId);
      },
    },
  });
  const deliver = (sms: InboundSms) => receiveSms(deps, sms);
  return { deps, deliver, sent, started, faults, incidents, phones, later };
}

const report: InboundSms = { messageId: 'in-1', from: WITNESS, body: '3号楼着火了 有学生受伤' };

test('a texted report whose escalation could not start is escalated and answered on redelivery, not answered "duplicate"', async () => {
  const { deliver, sent, started, faults, incidents } = channel();
  faults.start = 1;
  await expect(deliver(report)).rejects.toThrow('Rate exceeded');
  expect(sent).toEqual([]);

  const redelivered = await deliver(report);
  expect(redelivered.decision).toBe('report');
  expect(started).toEqual([redelivered.incidentId]);
  expect(sent.map((text) => text.to)).toEqual([WITNESS]);
  const open = await incidents.listOpen(huapu.organisation.id);
  expect(open).toHaveLength(1);
  // The redelivery completed its own incident rather than joining it as a second witness.
  expect(open[0]!.timeline.filter((event) => event.type === 'witness')).toEqual([]);

  expect(await deliver(report)).toEqual({ decision: 'duplicate' });
  expect(sent).toHaveLength(1);
});

test('an answer that could not be sent is sent on redelivery, and the work is not done twice', async () => {
  const { deliver, sent, started, faults, incidents } = channel();
  faults.send = 1;
  await expect(deliver(report)).rejects.toThrow('Rate exceeded');
  const again = await deliver(report);
  expect(again).toMatchObject({ decision: 'report', answer: expect.stringContaining('已收到') });
  expect(sent).toHaveLength(1);
  expect(started).toHaveLength(1);
  expect(await incidents.listOpen(huapu.organisation.id)).toHaveLength(1);
});

test('two deliveries of one text at the same moment get one answer', async () => {
  const { deliver, sent, incidents } = channel();
  const outcomes = await Promise.all([deliver(report), deliver(report)]);
  expect(outcomes.map((outcome) => outcome.decision).sort()).toEqual(['duplicate', 'report']);
  expect(sent).toHaveLength(1);
  expect(await incidents.listOpen(huapu.organisation.id)).toHaveLength(1);
});

test('a START overtaken by the STOP sent before it still leaves the number texted', async () => {
  const { deliver, phones } = channel();
  await deliver({ messageId: 'start', from: WITNESS, body: 'START', receivedAt: '2026-03-05T08:01:00.000Z' });
  await deliver({ messageId: 'stop', from: WITNESS, body: 'STOP', receivedAt: '2026-03-05T08:00:00.000Z' });
  expect(await phones.isOptedOut(WITNESS)).toBe(false);

  await deliver({ messageId: 'stop-again', from: WITNESS, body: 'STOP', receivedAt: '2026-03-05T08:03:00.000Z' });
  await deliver({ messageId: 'start-late', from: WITNESS, body: 'START', receivedAt: '2026-03-05T08:02:00.000Z' });
  expect(await phones.isOptedOut(WITNESS)).toBe(true);
});

test('"1r" delivered before "1": the principal both acknowledges and reports, each answered once', async () => {
  const { deliver, sent, deps, later } = channel();
  const opened = await deliver(report);
  await notifyLevel(deps, { incidentId: opened.incidentId!, level: 1 });
  later(60_000);
  const reported = await deliver({ messageId: 'reported', from: PRINCIPAL, body: '1r', receivedAt: '2026-03-05T08:02:00.000Z' });
  const acknowledged = await deliver({ messageId: 'ack', from: PRINCIPAL, body: '1', receivedAt: '2026-03-05T08:01:00.000Z' });
  expect([reported.decision, acknowledged.decision]).toEqual(['reported', 'ack']);
  expect(await deliver({ messageId: 'ack', from: PRINCIPAL, body: '1' })).toEqual({ decision: 'duplicate' });
  const record = await deps.incidents.get(opened.incidentId!);
  expect(record!.timeline.map((event) => event.type)).toEqual(expect.arrayContaining(['acknowledged', 'reported-to-bureau']));
  expect(sent.filter((text) => text.to === PRINCIPAL && !text.body.includes('/a/'))).toHaveLength(2);
});
