import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../lib/definitions';
import { levelsReachingNobody } from '../../../functions/core/duty/coverage';
import { parsePlanFile } from '../../../functions/core/plan/file';

/** `plan validate`'s warnings for a level that no text can reach: by the roster, or for want of a mobile. */

const NIGHT_GAP = readFileSync(join(PROJECT_ROOT, 'test/fixtures/duty/no-night-cover.yaml'), 'utf8');
const plan = (text: string) => parsePlanFile(text, 'plan.yaml');

test("a day-only roster: the duty officer's level reaches nobody at night (the first gap, from midnight of the rota's first day)", () => {
  expect(levelsReachingNobody(plan(NIGHT_GAP))).toEqual([
    'warning: chain accident level 1 (值班人员) can text nobody who could acknowledge from 00:00 to 08:00 on 2014-03-03: nobody is on duty then',
  ]);
});

test('a level whose only holder has a landline and no mobile is named, with why no text reaches it', () => {
  const landlineOnly = NIGHT_GAP.replace(
    '{ id: principal, name: 张校长, phone: "+8613900000101", roles: [principal] }',
    '{ id: principal, name: 张校长, landline: "010-12345678", roles: [principal] }',
  );
  expect(levelsReachingNobody(plan(landlineOnly))).toContain(
    'warning: chain accident level 2 (校长) can text nobody who could acknowledge: 张校长 have a landline and no mobile: they are called where the stage has voice, and no text reaches them',
  );
});

test('a rota person with a landline only leaves their shifts without anyone to text', () => {
  const rotaLandline = NIGHT_GAP.replace(
    '{ id: teacher-li, name: 李老师, phone: "+8613900000102", roles: [teacher] }',
    '{ id: teacher-li, name: 李老师, landline: "010-12345679", roles: [teacher] }',
  ).replace('starts: "08:00"\n      ends: "18:00"', 'starts: "08:00"\n      ends: "08:00"');
  expect(levelsReachingNobody(plan(rotaLandline))).toEqual([
    'warning: chain accident level 1 (值班人员) can text nobody who could acknowledge from 08:00 to 08:00 on 2014-03-03: 李老师 have a landline and no mobile: they are called where the stage has voice, and no text reaches them',
  ]);
});

test('every level of a plan where everyone has a mobile and the roster covers the day gives no warning', () => {
  const roundTheClock = NIGHT_GAP.replace('starts: "08:00"\n      ends: "18:00"', 'starts: "08:00"\n      ends: "08:00"');
  expect(levelsReachingNobody(plan(roundTheClock))).toEqual([]);
});
