import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { MemoryIncidentStore, MemoryPlanCatalog, MemoryReportCounters } from '../../functions/adapters/memory';
import { ConflictError } from '../../functions/core/base/errors';
import { randomIds } from '../../functions/core/base/ids';
import { submitIncident, type IntakeDependencies, type IncidentReport } from '../../functions/core/incident/intake';
import { createHandler } from '../../functions/submit-incident/handler';
import { DynamoDbIncidentStore } from '../../functions/adapters/dynamodb-incident-store';
import { scratchDynamoDb } from '../support/dynamodb';
import { tapStore } from '../support/faults';
import { seedPlan } from '../support/plans';

/** Taking a report: nothing lost when a step fails half-way, nothing doubled when the client retries. */

const plan = seedPlan('huapu-primary.yaml');
const report: IncidentReport = { planId: 'huapu-primary', category: 'fire', place: '3号楼', description: '冒烟', reporter: {} };
const reportedAt = new Date('2026-03-05T08:00:00.000Z');

function intake(startFailures = 0) {
  const started: string[] = [];
  let failuresLeft = startFailures;
  const deps: IntakeDependencies = {
    incidents: new MemoryIncidentStore(),
    plans: new MemoryPlanCatalog([plan]),
    escalations: {
      start: async ({ incidentId }) => {
        if (failuresLeft-- > 0) throw Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' });
        started.push(incidentId);
      },
    },
    clock: { now: () => reportedAt },
    ids: randomIds,
  };
  return { deps, started };
}

test('the deadlines are absolute instants counted from the reported time', async () => {
  const { deps } = intake();
  const { record } = await submitIncident(deps, { plan, report, channel: 'web' });
  expect(record.incident.reportedAt).toBe('2026-03-05T08:00:00.000Z');
  expect(record.incident.deadlines).toEqual({
    levels: [
      { level: 1, at: '2026-03-05T08:10:00.000Z' },
      { level: 2, at: '2026-03-05T08:20:00.000Z' },
      { level: 3, at: '2026-03-05T08:30:00.000Z' },
    ],
    report: '2026-03-05T10:00:00.000Z',
  });
  expect(record.timeline).toEqual([expect.objectContaining({ type: 'reported', at: '2026-03-05T08:00:00.000Z', channel: 'web' })]);
});

test('when the workflow cannot be started the report is kept, and the client retry starts it', async () => {
  const { deps, started } = intake(1);
  const submission = { plan, report, channel: 'web' as const, idempotencyKey: 'retry-me' };
  await expect(submitIncident(deps, submission)).rejects.toThrow('Service unavailable');
  const retried = await submitIncident(deps, submission);
  expect(started).toEqual([retried.record.incident.id]);
  expect(retried.record.timeline.filter((event) => event.type === 'reported')).toHaveLength(1);
});

test('a retry with the same key returns the same incident and says it was not created again', async () => {
  const { deps } = intake();
  const first = await submitIncident(deps, { plan, report, channel: 'web', idempotencyKey: 'k' });
  const again = await submitIncident(deps, { plan, report, channel: 'web', idempotencyKey: 'k' });
  expect(first.created).toBe(true);
  expect(again.created).toBe(false);
  expect(again.record.incident).toEqual(first.record.incident);
});

test('a new report is one store request; an Idempotency-Key adds its claim; only a retry reads what was stored', async () => {
  const db = await scratchDynamoDb('yingji-intake-');
  try {
    const tap = tapStore(db.client);
    const { deps } = intake();
    deps.incidents = new DynamoDbIncidentStore(db.client, db.tableName);
    const requests = async (submission: Parameters<typeof submitIncident>[1]) => {
      tap.reset();
      const result = await submitIncident(deps, submission);
      return { calls: [...tap.calls], result };
    };

    const plain = await requests({ plan, report, channel: 'web' });
    expect(plain.calls).toEqual(['BatchWriteItemCommand']);
    // What one request stored is what a reader finds.
    expect(await deps.incidents.get(plain.result.record.incident.id)).toEqual(plain.result.record);

    const keyed = await requests({ plan, report, channel: 'web', idempotencyKey: 'k-1' });
    expect(keyed.calls).toEqual(['PutItemCommand', 'BatchWriteItemCommand']);
    const retried = await requests({ plan, report, channel: 'web', idempotencyKey: 'k-1' });
    expect(retried.result).toEqual({ record: keyed.result.record, created: false });
    expect(retried.calls).toContain('QueryCommand');
  } finally {
    await db.stop();
  }
});

test('the same key for a different report is a conflict, not a silent mix-up', async () => {
  const { deps } = intake();
  await submitIncident(deps, { plan, report, channel: 'web', idempotencyKey: 'k' });
  await expect(submitIncident(deps, { plan, report: { ...report, place: '食堂' }, channel: 'web', idempotencyKey: 'k' })).rejects.toBeInstanceOf(ConflictError);
});

test('POST /incidents refuses a report that is wrong whatever its plan before reading anything; then reads only the plan it names', async () => {
  const { deps } = intake();
  const reads: string[] = [];
  const plans = deps.plans;
  deps.plans = {
    ...plans,
    list: () => (reads.push('list'), plans.list()),
    get: (planId, version) => (reads.push(`get ${planId}`), plans.get(planId, version)),
    versions: (refs) => plans.versions(refs),
    publish: (plan) => plans.publish(plan),
  };
  const post = async (body: object) =>
    (await createHandler({ ...deps, reportCounters: new MemoryReportCounters() })(
      {
        httpMethod: 'POST',
        path: '/incidents',
        resource: '/incidents',
        headers: {},
        pathParameters: null,
        queryStringParameters: null,
        body: JSON.stringify(body),
        isBase64Encoded: false,
        requestContext: {},
      } as never,
      { functionName: 'test', awsRequestId: 'request-1' } as Context,
    )) as APIGatewayProxyResult;

  const missingPlace = await post({ planId: 'huapu-primary', category: 'fire', description: '冒烟', reporter: {} });
  expect(missingPlace.statusCode).toBe(400);
  expect(JSON.parse(missingPlace.body).error.fields).toEqual({ place: 'required: a non-empty text' });
  expect(reads).toEqual([]);

  const unknownPlan = await post({ ...report, planId: 'no-such-school' });
  expect(unknownPlan.statusCode).toBe(400);
  expect(JSON.parse(unknownPlan.body).error.fields.planId).toMatch(/unknown plan "no-such-school"/);
  const unknownCategory = await post({ ...report, category: 'meteor' });
  expect(JSON.parse(unknownCategory.body).error.fields.category).toMatch(/unknown category "meteor"/);
  expect(reads).toEqual(['get no-such-school', 'get huapu-primary']);
});
