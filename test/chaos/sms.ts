import type { SNSEvent } from 'aws-lambda';
import * as smsInbound from '../../functions/sms-inbound/handler';
import { lambdaContext } from '../../lib/local/http';
import { seeded } from '../support/faults';
import { startTestRuntime } from '../support/runtime';

/**
 * Texts arriving as SNS delivers them: at least once and in no particular order
 * (https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms.html). 200 texted reports
 * from 200 phones and a STOP then START from 50 more, each delivered 1 to 3 times, shuffled,
 * 10 at a time, to the same handler the SNS subscription invokes. Every report must open one
 * incident and be answered once; every phone that sent START last must still be texted.
 */
export async function duplicateAndReorderedTexts(seed = 20261129): Promise<string[]> {
  const runtime = await startTestRuntime({ speed: 60 });
  try {
    const handler = smsInbound.createHandler(runtime.dependencies);
    const random = seeded(seed);
    const reports = Array.from({ length: 200 }, (_, n) => ({
      id: `report-${n}`,
      from: `+86159${String(10_000_000 + n).slice(-8)}`,
      body: `${n}号楼着火了 有学生受伤`,
      at: new Date(Date.UTC(2026, 2, 10, 0, 0, n)).toISOString(),
    }));
    const stopStart = Array.from({ length: 50 }, (_, n) => `+86158${String(10_000_000 + n).slice(-8)}`).flatMap((from, n) => [
      { id: `stop-${n}`, from, body: 'STOP', at: new Date(Date.UTC(2026, 2, 10, 1, 0, n)).toISOString() },
      { id: `start-${n}`, from, body: 'START', at: new Date(Date.UTC(2026, 2, 10, 1, 1, n)).toISOString() },
    ]);
    const texts = [...reports, ...stopStart];
    const deliveries = texts.flatMap((text) => Array.from({ length: 1 + Math.floor(random() * 3) }, () => text));
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }
    const deliver = (text: (typeof texts)[number]) =>
      handler(
        {
          Records: [
            {
              EventSource: 'aws:sns',
              Sns: {
                Timestamp: text.at,
                Message: JSON.stringify({ originationNumber: text.from, destinationNumber: '+8610690000', messageBody: text.body, inboundMessageId: text.id }),
              },
            },
          ],
        } as unknown as SNSEvent,
        lambdaContext('sms-inbound'),
      );
    let failed = 0;
    for (let i = 0; i < deliveries.length; i += 10) {
      const results = await Promise.allSettled(deliveries.slice(i, i + 10).map(deliver));
      failed += results.filter((result) => result.status === 'rejected').length;
    }
    await runtime.outbox.settle();

    const answers = runtime.outbox.list();
    const answered = (phone: string) => answers.filter((text) => text.to === phone).length;
    const open = await runtime.dependencies.incidents.listOpen('huapu-primary');
    const openedBy = new Map<string, number>();
    for (const { timeline } of open) {
      const reported = timeline.find((event) => event.type === 'reported');
      const phone = reported?.type === 'reported' ? reported.reporter.phone : undefined;
      if (phone) openedBy.set(phone, (openedBy.get(phone) ?? 0) + 1);
    }
    const lost = reports.filter((text) => openedBy.get(text.from) === undefined || answered(text.from) === 0).length;
    const doubledIncidents = [...openedBy.values()].filter((count) => count > 1).length;
    const doubledAnswers = reports.filter((text) => answered(text.from) > 1).length + stopStart.filter((text) => text.body === 'STOP' && answered(text.from) > 2).length;
    let optedOut = 0;
    for (const text of stopStart) if (text.body === 'START' && (await runtime.dependencies.phones.isOptedOut(text.from))) optedOut += 1;
    return [
      `duplicate and out-of-order SNS deliveries: ${texts.length} texts delivered ${deliveries.length} times, shuffled, 10 at a time (${failed} deliveries failed): ` +
        `${lost} reports lost, ${doubledIncidents} opened twice, ${doubledAnswers} answered twice, ${optedOut} of 50 phones left opted out by a STOP that arrived after their START`,
    ];
  } finally {
    await runtime.close();
  }
}
