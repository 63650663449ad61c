import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlanFolder } from '../../../lib/local/plans';
import { PlanFileError } from '../../../functions/core/plan/file';
import { fixturePath, ROOT } from './support';

/** The local runtime loads plans/ at start with readPlanFolder; it must run no plan but a valid one. */

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'yingji-plans-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

test('every plan in plans/ loads, under its own id', () => {
  const plans = readPlanFolder(join(ROOT, 'plans'));
  expect(plans.map((plan) => plan.id).sort()).toEqual(['changping-college', 'huapu-primary', 'jiedao-lianghui', 'xuegongzuobu', 'zihe-middle']);
});

test('an invalid plan stops the start with the messages plan validate prints, for every broken file', () => {
  copyFileSync(fixturePath('minimal.yaml'), join(folder, 'a-good.yaml'));
  copyFileSync(fixturePath('broken/unknown-role.yaml'), join(folder, 'b-unknown-role.yaml'));
  copyFileSync(fixturePath('broken/shared-phone.yaml'), join(folder, 'c-shared-phone.yml'));
  let thrown: unknown;
  try {
    readPlanFolder(folder);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(PlanFileError);
  expect((thrown as Error).message.split('\n')).toEqual([
    `${join(folder, 'b-unknown-role.yaml')}:39:18: chains.accident.levels[0].notify[0]: unknown role "principle" (did you mean "principal"?); every role must be declared under roles:`,
    `${join(folder, 'c-shared-phone.yml')}:24:12: people[1].phone: +8613900000001 is also zhang's phone; two people with one phone cannot each acknowledge for themselves (theirs: line 20:12)`,
  ]);
});

test('two files with one plan id are refused: an incident could not say which it ran under', () => {
  copyFileSync(fixturePath('minimal.yaml'), join(folder, 'one.yaml'));
  copyFileSync(fixturePath('minimal.yaml'), join(folder, 'two.yaml'));
  expect(() => readPlanFolder(folder)).toThrow(`${join(folder, 'two.yaml')}:2:1: plan id "example-primary" is also the id of ${join(folder, 'one.yaml')}`);
});

test('files that are not plans (the JSON Schema, notes) are left alone', () => {
  copyFileSync(fixturePath('minimal.yaml'), join(folder, 'school.yaml'));
  copyFileSync(join(ROOT, 'plans', 'plan.schema.json'), join(folder, 'plan.schema.json'));
  expect(readdirSync(folder)).toHaveLength(2);
  expect(readPlanFolder(folder).map((plan) => plan.id)).toEqual(['example-primary']);
});
