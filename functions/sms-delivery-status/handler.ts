import { gunzipSync } from 'node:zlib';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import { recordDelivery } from '../core/escalation';
import type { IncidentStore } from '../core/incident';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { workflowTask } from '../shared/http';

/** One line of SNS's SMS delivery-status log (sns/<region>/<account>/DirectPublishToPhoneNumber[/Failure]). */
interface SnsDeliveryLog {
  notification: { messageId: string; timestamp: string };
  delivery: { providerResponse?: string; dwellTimeMs?: number };
  status: 'SUCCESS' | 'FAILURE';
}

/** Delivery reports for our texts, from the delivery-status log groups' subscription, onto the timeline. */
export const createHandler = (deps: { incidents: IncidentStore }) =>
  workflowTask(async (event: CloudWatchLogsEvent): Promise<{ recorded: number }> => {
    const batch = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as { logEvents: { timestamp: number; message: string }[] };
    let recorded = 0;
    for (const line of batch.logEvents) {
      const log = JSON.parse(line.message) as SnsDeliveryLog;
      const delivered = await recordDelivery(deps, {
        messageId: log.notification.messageId,
        delivered: log.status === 'SUCCESS',
        at: new Date(line.timestamp).toISOString(),
        providerResponse: log.delivery.providerResponse,
        dwellTimeMs: log.delivery.dwellTimeMs,
      });
      if (delivered) recorded += 1;
    }
    return { recorded };
  });

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['sms-delivery-status']));
