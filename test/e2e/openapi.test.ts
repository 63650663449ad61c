import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/definitions';
import { startTestRuntime, type TestRuntime } from '../support/runtime';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 1 });
});
afterAll(() => runtime.close());

test('GET /openapi.json serves the committed document, and a body it says is incomplete is refused naming the field', async () => {
  const served = await runtime.get('/openapi.json');
  expect(served.status).toBe(200);
  expect(served.body).toEqual(JSON.parse(readFileSync(join(PROJECT_ROOT, 'docs/openapi.json'), 'utf8')));

  const report = served.body.paths['/incidents'].post.requestBody.content['application/json'].schema;
  const complete = { planId: 'huapu-primary', category: 'fire', place: '3号楼', description: '三楼冒烟' };
  expect(Object.keys(complete).sort()).toEqual([...report.required].sort());
  for (const field of report.required as (keyof typeof complete)[]) {
    const { [field]: _left, ...without } = complete;
    const refused = await runtime.post('/incidents', without);
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.error.fields)).toEqual([field]);
  }
});
