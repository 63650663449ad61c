import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../lib/definitions';
import { API_ROUTES } from '../../../lib/catalog';
import { openApiDocument } from '../../../lib/openapi';

type Operation = { operationId: string; parameters?: { name: string; in: string }[]; requestBody?: unknown };
const committed = JSON.parse(readFileSync(join(PROJECT_ROOT, 'docs/openapi.json'), 'utf8')) as { openapi: string; paths: Record<string, Record<string, Operation>> };

test('docs/openapi.json is what `npm run openapi` writes now (run it after changing a route or a request schema)', () => {
  expect(committed).toEqual(openApiDocument());
});

test('it is OpenAPI 3.1 with every route, each path parameter declared and every body route with its body', () => {
  expect(committed.openapi).toBe('3.1.0');
  for (const route of API_ROUTES) {
    const operation = committed.paths[route.path]?.[route.method.toLowerCase()];
    expect(operation).toBeDefined();
    const declared = (operation!.parameters ?? []).filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
    expect(declared).toEqual([...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]));
    if (route.method !== 'GET') expect(operation!.requestBody).toBeDefined();
  }
  const ids = Object.values(committed.paths).flatMap((methods) => Object.values(methods).map((operation) => operation.operationId));
  expect(new Set(ids).size).toBe(ids.length);
});
