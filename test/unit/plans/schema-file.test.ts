import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planJsonSchema } from '../../../functions/core/plan/schema';
import { ROOT } from './support';

test('plans/plan.schema.json is what the zod definition generates (regenerate: npx yingji plan schema --write)', () => {
  const onDisk = JSON.parse(readFileSync(join(ROOT, 'plans', 'plan.schema.json'), 'utf8'));
  expect(onDisk).toEqual(planJsonSchema());
});

test('the JSON Schema holds editors to what the validator holds files to: kebab-case ids, E.164 phones, known fields', () => {
  const schema = planJsonSchema() as {
    additionalProperties: boolean;
    required: string[];
    properties: { people: { items: { properties: { phone: { pattern: string } } } } };
  };
  expect(schema.additionalProperties).toBe(false);
  expect(schema.required).toEqual(expect.arrayContaining(['id', 'timeZone', 'organisation', 'roles', 'people', 'categories', 'chains']));
  expect(new RegExp(schema.properties.people.items.properties.phone.pattern).test('+8613800000101')).toBe(true);
  expect(new RegExp(schema.properties.people.items.properties.phone.pattern).test('138 0000 0101')).toBe(false);
});
