import fc from 'fast-check';
import { ENTRIES, entryName, requestFor, requestRunner } from '../support/generated';
import { startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * A seeded sample of generated input on every entry of the API (test/support/generated.ts): none
 * may get a 5xx, and none that is refused may write anything. `npm run chaos` runs 10,000 per
 * entry. The runtime starts at 03:00 on a quiet day, so no schedule writes while the sample runs.
 */
const RUNS_PER_ENTRY = 40;
const SEED = 20261129;

let runtime: TestRuntime;
let run: ReturnType<typeof requestRunner>;
beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 1, start: '2026-03-10T03:00:00+08:00' });
  const { Authorization } = await runtime.signIn('+8613800000101');
  run = requestRunner(runtime.url, runtime.dynamodb.client, Authorization, () => runtime.outbox.settle());
});
afterAll(() => runtime.close());

test.each(ENTRIES.map((entry) => [entryName(entry), entry] as const))('%s: generated input gets no 5xx, and a refusal writes nothing', async (_, entry) => {
  await fc.assert(
    fc.asyncProperty(requestFor(entry), async (request) => {
      const { status, writes } = await run(entry, request);
      expect(status).toBeLessThan(500);
      if (status >= 400) expect(writes).toBe(0);
    }),
    { numRuns: RUNS_PER_ENTRY, seed: SEED },
  );
});

test('the write count the property relies on sees the writes of an accepted report', async () => {
  const entry = ENTRIES.find((candidate) => entryName(candidate) === 'POST /incidents')!;
  const body = JSON.stringify({ planId: 'huapu-primary', category: 'fire', place: '3号楼', description: '冒烟', reporter: {} });
  const { status, writes } = await run(entry, { path: '/incidents', body, signedIn: false });
  expect(status).toBe(201);
  expect(writes).toBeGreaterThan(0);
});

test("a request after this process was held past the server's keep-alive still gets its answer (the 10,000-input run stopped on a reset there)", async () => {
  const entry = ENTRIES.find((candidate) => entryName(candidate) === 'POST /cases/{id}/escalate')!;
  const [first, second] = fc.sample(requestFor(entry), { numRuns: 2, seed: SEED });
  expect((await run(entry, first!)).status).toBeLessThan(500);
  // Held as generating 10,000 inputs at once held it on a busy machine: longer than Node's 5-s keep-alive, without spending CPU.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 6_000);
  const { status } = await run(entry, second!);
  expect(status).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
});
