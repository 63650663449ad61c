import { REQUESTS, jsonSchemaOf } from '../../../lib/requests';
import { ConsoleActionBody, FORM_LIMITS, IncidentReportBody, validateReport } from '../../../functions/core/incident';
import { ValidationError } from '../../../functions/core/base';

/** Keywords of JSON Schema draft 4, the only draft API Gateway models take (lib/requests.ts cites AWS). */
const DRAFT4 = new Set([
  '$schema',
  'id',
  '$ref',
  'title',
  'description',
  'default',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'additionalItems',
  'items',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'required',
  'additionalProperties',
  'definitions',
  'properties',
  'patternProperties',
  'dependencies',
  'enum',
  'type',
  'format',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
]);

function keywords(schema: unknown, found = new Set<string>()): Set<string> {
  if (typeof schema !== 'object' || schema === null) return found;
  for (const [key, value] of Object.entries(schema)) {
    found.add(key);
    if (['properties', 'patternProperties', 'definitions'].includes(key)) for (const inner of Object.values(value as object)) keywords(inner, found);
    else if (Array.isArray(value)) for (const inner of value) keywords(inner, found);
    else if (typeof value === 'object') keywords(value, found);
  }
  return found;
}

const bodies = Object.entries(REQUESTS).flatMap(([key, { body }]) => (body ? [[key, body] as const] : []));

test.each(bodies)('the API Gateway model of %s is draft 4 with a title', (_, body) => {
  const schema = jsonSchemaOf(body, 'api-gateway');
  expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
  expect(schema.title).toEqual(expect.any(String));
  expect([...keywords(schema)].filter((keyword) => !DRAFT4.has(keyword))).toEqual([]);
});

test('the handler counts characters, so the gateway admits twice as many UTF-16 units and OpenAPI states the characters', () => {
  const place = '🔥'.repeat(100);
  const plans = [{ id: 'p', categories: [{ id: 'fire' }] }] as never;
  expect(validateReport({ planId: 'p', category: 'fire', place, description: '冒烟' }, plans).place).toBe(place);
  expect(() => validateReport({ planId: 'p', category: 'fire', place: `${place}火`, description: '冒烟' }, plans)).toThrow(ValidationError);
  expect((jsonSchemaOf(IncidentReportBody, 'api-gateway').properties as Record<string, { maxLength: number }>).place.maxLength).toBeGreaterThanOrEqual(place.length);
  expect((jsonSchemaOf(IncidentReportBody, 'openapi').properties as Record<string, { maxLength: number }>).place.maxLength).toBe(100);
});

test('a refusal names each field at fault under its path, in the schema words', () => {
  const plans = [{ id: 'p', categories: [{ id: 'fire' }] }] as never;
  try {
    validateReport({ planId: 'p', category: 'smoke', place: ' ', description: 'x', reporter: { phone: '123', age: 3 } }, plans);
    throw new Error('accepted');
  } catch (error) {
    expect((error as ValidationError).fields).toEqual({
      category: expect.stringContaining('unknown category "smoke"'),
      place: 'required: a non-empty text',
      'reporter.phone': 'expected an international number in E.164 form, e.g. +8613800000000',
      'reporter.age': 'unknown field; expected name or phone',
    });
  }
});

test("the console forms' caps are the schemas' own", () => {
  const lengths = (schema: Parameters<typeof jsonSchemaOf>[0]) =>
    jsonSchemaOf(schema, 'openapi').properties as Record<string, { maxLength?: number; anyOf?: { properties?: Record<string, { maxLength?: number }> }[] }>;
  const report = lengths(IncidentReportBody);
  const action = lengths(ConsoleActionBody);
  expect(FORM_LIMITS).toEqual({
    place: report.place!.maxLength,
    description: report.description!.maxLength,
    reporterName: report.reporter!.anyOf![0]!.properties!.name!.maxLength,
    note: action.text!.maxLength,
    resolution: action.resolution!.maxLength,
  });
});
