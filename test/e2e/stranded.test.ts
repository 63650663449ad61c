import { DynamoDbIncidentStore } from '../../functions/adapters/dynamodb-incident-store';
import { DynamoDbPlanCatalog } from '../../functions/adapters/dynamodb-plan-catalog';
import { deadlinesFor } from '../../functions/core/incident/deadlines';
import { listingOf, type Incident } from '../../functions/core/incident';
import { chainOf } from '../../functions/core/plan';
import { eventually, startTestRuntime } from '../support/runtime';

/**
 * A report stored whose escalation never started (the process died between the two writes, and
 * the client never retried): the sweep for stranded incidents, on the local scheduler every minute
 * of runtime time, starts it, says so on the timeline, and the principal is texted once.
 */
const PRINCIPAL = '+8613800000101';

test('an incident stored without a started escalation is started within a minute and recorded on the timeline', async () => {
  const runtime = await startTestRuntime({ speed: 60 });
  try {
    const { client, tableName } = runtime.dynamodb;
    const plan = (await new DynamoDbPlanCatalog(client, tableName).get('huapu-primary'))!;
    const reportedAt = runtime.clock.now();
    const incident: Incident = {
      id: 'stranded-0001',
      code: 'STR001',
      planId: plan.id,
      planVersion: plan.version,
      orgId: plan.organisation.id,
      category: 'fire',
      kind: 'safety',
      severity: 'general',
      place: '3号楼',
      description: '冒烟',
      reporter: {},
      reportedAt: reportedAt.toISOString(),
      deadlines: deadlinesFor(chainOf(plan, 'fire', 'general'), reportedAt),
      channel: 'web',
    };
    // What intake's first write leaves behind when the process dies right after it.
    await new DynamoDbIncidentStore(client, tableName).create(incident, listingOf(plan, incident));

    const timeline = await eventually(async () => {
      const events = (await runtime.record(incident.id))!.timeline;
      return events.some((event) => event.type === 'notified') && events;
    }, 60_000);
    // How soon is the scheduler's business (every minute of runtime time), not asserted on a shared machine.
    expect(timeline.filter((event) => event.type === 'escalation-started')).toHaveLength(1);
    expect(timeline.filter((event) => event.type === 'reported')).toEqual([expect.objectContaining({ channel: 'web' })]);
    expect(runtime.textsFor(incident.id).map((text) => text.to)).toEqual([PRINCIPAL]);
    expect(runtime.escalation.status(incident.id)).toBe('RUNNING');
  } finally {
    await runtime.close();
  }
});
