import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../lib/definitions';
import { readPlanFolder } from '../../../lib/local/plans';
import type { Incident } from '../../../functions/core/incident';
import { alertText, countSegments, informationText, lateReportText, SEGMENT_LIMITS } from '../../../functions/core/sms';
import type { Plan } from '../../../functions/core/plan';

/**
 * docs/sms.md shows the alerts as phones get them. Each example there is what the code sends for
 * plan 1's fire at 3号楼, and no other alert-shaped line is left in the doc (an old format once was).
 */

const DOC = readFileSync(join(PROJECT_ROOT, 'docs/sms.md'), 'utf8');
const LINK = 'https://yj.example.cn/a/Ab3_x-Z9kQ2w';
const huapu = readPlanFolder(join(PROJECT_ROOT, 'plans')).find((plan) => plan.id === 'huapu-primary')!;
const english: Plan = {
  ...huapu,
  language: 'en',
  organisation: { ...huapu.organisation, name: 'Huapu Primary', shortName: undefined },
  categories: huapu.categories.map((category) => (category.id === 'fire' ? { ...category, name: 'Fire' } : category)),
};

function facts(plan: Plan, place: string) {
  const category = plan.categories.find((candidate) => candidate.id === 'fire')!;
  const incident = { id: 'incident-1', code: 'ABC234', place, category: 'fire', reportedAt: '2026-11-29T01:30:00.000Z' } as Incident;
  return { plan, category, incident, link: LINK };
}

const EXAMPLES: Record<string, string> = {
  'alert with a reply number': alertText({ ...facts(huapu, '3号楼'), signature: '【应急】', replyNumber: 1 }),
  'alert with the link only': alertText({ ...facts(huapu, '3号楼'), signature: '【应急】' }),
  'information text': informationText({
    ...facts(huapu, '校门口'),
    category: huapu.categories.find((category) => category.id === 'collective-petition')!,
    signature: '【应急】',
    replyNumber: 2,
  }),
  'late notice to the bureau': lateReportText({ ...facts(huapu, '3号楼'), signature: '【应急】' }),
  'English alert': alertText({ ...facts(english, 'Building 3'), replyNumber: 1 }),
  'repeat without a signature': alertText({ ...facts(huapu, '3号楼'), replyNumber: 1, repeatAtLevel: 3 }),
  'repeat with a signature': alertText({ ...facts(huapu, '3号楼'), signature: '【应急】', replyNumber: 1, repeatAtLevel: 3 }),
};

/** A line of a code block in the doc that ends with the example link, with its `(n of 70)` count if it has one. */
const shown = [...DOC.matchAll(/^(.*https:\/\/yj\.example\.cn\/a\/Ab3_x-Z9kQ2w)(?: +\((\d+) of (\d+)\))?$/gm)].map((match) => ({ text: match[1]!, count: match[2], of: match[3] }));

test.each(Object.entries(EXAMPLES))('docs/sms.md shows the %s as the code writes it', (_, text) => {
  expect(shown.map((line) => line.text)).toContain(text);
});

test('every alert example in docs/sms.md is one the code writes, and its count of characters is right', () => {
  for (const line of shown) {
    expect(Object.values(EXAMPLES)).toContain(line.text);
    if (line.count === undefined) continue;
    const segments = countSegments(line.text);
    expect({ count: Number(line.count), of: Number(line.of) }).toEqual({ count: segments.units, of: SEGMENT_LIMITS[segments.encoding].single });
  }
});
