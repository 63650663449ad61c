import { readPlanFolder } from '../../lib/local/plans';
import type { Incident } from '../../functions/core/incident/model';
import { REPORT_LIMITS } from '../../functions/core/incident';
import { alertText, informationText, lateReportText, type AlertFacts } from '../../functions/core/sms/alert-texts';
import { localTime } from '../../functions/core/plan/time';
import type { Category, Plan } from '../../functions/core/plan/model';
import { countSegments } from '../../functions/core/sms/segments';

/** Every alert goes out as one SMS segment, signature and link included: these tests count. */

const SEED_PLANS = readPlanFolder('plans');
/** 12 URL-safe characters, as functions/core/base/ids.ts makes them. */
const LINK = 'https://yj.example.cn/a/Ab3_x-Z9kQ2w';
/** None, the usual, and a 6-character one (【银海区教育局】, 8 with its brackets). */
const SIGNATURES = ['', '【应急】', '【银海区教育局】'];
/** The longest place a report may carry (REPORT_LIMITS.place characters), as a witness might type it. */
const LONGEST_PLACE = '福成镇花铺小学北校区三号教学楼二楼东侧男生卫生间旁边的楼梯间'.repeat(5).slice(0, REPORT_LIMITS.place);

/** Plan 1 as an English-speaking school would write it. */
const ENGLISH_PLAN: Plan = (() => {
  const plan = SEED_PLANS.find((candidate) => candidate.id === 'huapu-primary')!;
  const names: Record<string, string> = {
    building: 'Building safety accident',
    fire: 'Fire',
    traffic: 'Traffic accident',
    'food-poisoning': 'Food safety accident',
    activity: 'Activity safety accident',
    network: 'Network security incident',
    psychological: 'Psychological crisis',
    'collective-petition': 'Collective petition',
    demonstration: 'Demonstration',
    'sit-in': 'Sit-in',
    strike: "Teachers' or students' strike",
  };
  return {
    ...plan,
    id: 'huapu-primary-en',
    language: 'en',
    organisation: { ...plan.organisation, name: 'Huapu Primary School, Fucheng Town', shortName: 'Huapu Primary' },
    categories: plan.categories.map((category) => ({ ...category, name: names[category.id] ?? category.name })),
  };
})();
const PLANS = [...SEED_PLANS, ENGLISH_PLAN];

function incidentOf(plan: Plan, category: Category, place: string): Incident {
  return {
    id: 'incident-1',
    code: 'ABC234',
    planId: plan.id,
    planVersion: plan.version,
    orgId: plan.organisation.id,
    category: category.id,
    kind: category.kind,
    place,
    description: '3号楼着火了 有学生受伤',
    reporter: {},
    reportedAt: '2026-11-29T01:30:00.000Z',
    deadlines: { levels: [{ level: 1, at: '2026-11-29T01:40:00.000Z' }], report: '2026-11-29T03:30:00.000Z' },
  };
}

const CASES = PLANS.flatMap((plan) =>
  plan.categories.flatMap((category) =>
    SIGNATURES.flatMap((signature) =>
      [undefined, 1, 99].map((replyNumber) => ({
        label: `${plan.id} ${category.id} ${signature || 'no signature'} reply ${replyNumber ?? 'by link'}`,
        facts: { plan, category, incident: incidentOf(plan, category, LONGEST_PLACE), link: LINK, signature, replyNumber } as AlertFacts,
      })),
    ),
  ),
);

describe.each([
  ['alertText', alertText],
  ['informationText', informationText],
  ['lateReportText', lateReportText],
] as const)('%s', (_name, template) => {
  test(`is one segment for every category of every plan, with the longest place (${CASES.length} cases)`, () => {
    const tooLong = CASES.map(({ label, facts }) => ({ label, text: template(facts) })).filter(({ text }) => countSegments(text).segments > 1);
    expect(tooLong).toEqual([]);
  });

  test('never gives up the incident code, the link (last, for link detection) or the signature', () => {
    for (const { facts } of CASES) {
      const text = template(facts);
      expect(text.startsWith(facts.signature ?? '')).toBe(true);
      expect(text).toContain(`#${facts.incident.code}`);
      expect(text.endsWith(` ${LINK}`)).toBe(true);
    }
  });

  test("keeps the school's name (or its short name) and the category whole, even with a 6-character signature", () => {
    const lost = CASES.filter(({ facts }) => facts.plan.language === 'zh-CN')
      .filter(({ facts }) => {
        const text = template(facts);
        const { name, shortName } = facts.plan.organisation;
        return !(text.includes(name) || (shortName && text.includes(shortName))) || !text.includes(facts.category.name);
      })
      .map(({ label, facts }) => ({ label, text: template(facts) }));
    expect(lost).toEqual([]);
  });
});

describe('a repeated alert', () => {
  const REPEATS = CASES.map(({ label, facts }) => ({ label, facts: { ...facts, repeatAtLevel: 3 } }));

  test(`says it is a repeat and names the level reached, still in one segment (${REPEATS.length} cases)`, () => {
    const unmarked: string[] = [];
    for (const { label, facts } of REPEATS) {
      const text = alertText(facts);
      expect({ label, segments: countSegments(text).segments }).toEqual({ label, segments: 1 });
      expect(text).toContain(`#${facts.incident.code}`);
      expect(text.endsWith(` ${LINK}`)).toBe(true);
      const marker =
        facts.plan.language === 'en' ? /(Reminder, now level 3: |Again, L3: |Re:L3 )/ : /^(【[^】]*】)?(再次提醒·已升级至第3级|再次提醒·第3级|再提醒·第3级|再提醒3级) /;
      // The exception: under a signature a long name and category may leave no room for even the
      // shortest marker, and the school's name and the category come first.
      if (!marker.test(text)) {
        expect(text).toBe(alertText({ ...facts, repeatAtLevel: undefined }));
        unmarked.push(facts.signature ? 'with a signature' : label);
      }
    }
    // Without a signature every repeat says so.
    expect(unmarked.filter((label) => label !== 'with a signature')).toEqual([]);
  });

  test('reads in full where there is room, and differs from the first alert', () => {
    const plan = SEED_PLANS.find((candidate) => candidate.id === 'huapu-primary')!;
    const fire = plan.categories.find((category) => category.id === 'fire')!;
    const facts: AlertFacts = { plan, category: fire, incident: incidentOf(plan, fire, '3号楼'), link: LINK };
    expect(alertText({ ...facts, repeatAtLevel: 3 })).toBe(`再次提醒·第3级 福成镇花铺小学火灾 #ABC234 拨119 ${LINK}`);
    expect(alertText(facts)).toBe(`福成镇花铺小学火灾:3号楼 #ABC234 拨119 确认 ${LINK}`);
    // A signature takes room: the marker says it more briefly.
    expect(alertText({ ...facts, signature: '【应急】', repeatAtLevel: 3 })).toBe(`【应急】再提醒3级 福成镇花铺小学火灾 #ABC234 拨119 ${LINK}`);
  });
});

describe('a reminder someone asked for (再次提醒)', () => {
  const REMINDERS = CASES.map(({ label, facts }) => ({ label, facts: { ...facts, reminder: true } }));

  test.each([
    ['alertText', alertText],
    ['informationText', informationText],
  ] as const)(`%s says it is a reminder, in one segment, keeping the code and the link (${REMINDERS.length} cases)`, (_name, template) => {
    const unmarked: string[] = [];
    for (const { label, facts } of REMINDERS) {
      const text = template(facts);
      expect({ label, segments: countSegments(text).segments }).toEqual({ label, segments: 1 });
      expect(text).toContain(`#${facts.incident.code}`);
      expect(text.endsWith(` ${LINK}`)).toBe(true);
      const marker = facts.plan.language === 'en' ? /^(【[^】]*】)?(Reminder: |Again: )/ : /^(【[^】]*】)?(再次提醒|再提醒) /;
      if (!marker.test(text)) unmarked.push(facts.signature ? 'with a signature' : label);
    }
    // Without a signature every reminder says so; a signature may leave room for the names only.
    expect(unmarked.filter((label) => label !== 'with a signature')).toEqual([]);
  });
});

describe('alertText', () => {
  const plan = SEED_PLANS.find((candidate) => candidate.id === 'huapu-primary')!;
  const fire = plan.categories.find((category) => category.id === 'fire')!;
  const facts = (place: string, extra: Partial<AlertFacts> = {}): AlertFacts => ({
    plan,
    category: fire,
    incident: incidentOf(plan, fire, place),
    link: LINK,
    signature: '【应急】',
    ...extra,
  });

  test('says what, where, which incident, whom to call and where to act', () => {
    expect(alertText(facts('3号楼'))).toBe(`【应急】福成镇花铺小学火灾:3号楼 #ABC234 拨119 确认 ${LINK}`);
    expect(alertText(facts('3号楼', { signature: '' }))).toBe(`福成镇花铺小学火灾:3号楼 #ABC234 拨119 确认 ${LINK}`);
  });

  test('tells the reply number where the carrier delivers replies', () => {
    expect(alertText(facts('3号楼', { replyNumber: 1 }))).toBe(`【应急】福成镇花铺小学火灾 #ABC234 拨119 回1确认 ${LINK}`);
    expect(alertText(facts('3号楼', { replyNumber: 1, signature: '' }))).toBe(`福成镇花铺小学火灾:3号楼 #ABC234 拨119 回1确认 ${LINK}`);
  });

  test('cuts a long place with … to what fits, keeping its beginning', () => {
    const text = alertText(facts(LONGEST_PLACE));
    const place = /火灾:(.+) #ABC234/.exec(text)?.[1];
    expect(place?.endsWith('…')).toBe(true);
    expect(LONGEST_PLACE.startsWith(place!.slice(0, -1))).toBe(true);
    expect([...place!].length).toBeGreaterThanOrEqual(4);
    expect(countSegments(text)).toMatchObject({ units: 70, segments: 1 });
  });

  test('a place typed over several lines reads as one', () => {
    expect(alertText(facts('3号楼\n 二楼', { signature: '' }))).toContain(':3号楼 二楼 #ABC234');
  });

  test('every emergency number of every plan survives the cut', () => {
    for (const { facts: caseFacts } of CASES.filter(({ facts: f }) => f.category.emergencyNumber)) {
      expect(alertText(caseFacts)).toMatch(new RegExp(`(拨|call )${caseFacts.category.emergencyNumber}`));
    }
  });

  test('an English alert without Chinese stays GSM-7 and keeps a 40-character place whole', () => {
    const englishFire = ENGLISH_PLAN.categories.find((category) => category.id === 'fire')!;
    const place = 'Building 3, second floor, east staircase';
    const text = alertText({ plan: ENGLISH_PLAN, category: englishFire, incident: incidentOf(ENGLISH_PLAN, englishFire, place), link: LINK, replyNumber: 1 });
    expect(text).toBe(`Huapu Primary School, Fucheng Town: Fire at ${place} #ABC234 call 119 reply 1 or ack: ${LINK}`);
    expect(countSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });
});

describe('informationText', () => {
  const plan = SEED_PLANS.find((candidate) => candidate.id === 'huapu-primary')!;
  const petition = plan.categories.find((category) => category.id === 'collective-petition')!;

  test('says it is for information and that answering records 已阅, with no emergency number to dial', () => {
    const text = informationText({ plan, category: petition, incident: incidentOf(plan, petition, '校门口'), link: LINK, signature: '【应急】', replyNumber: 1 });
    expect(text).toBe(`【应急】供知悉:福成镇花铺小学集体上访 #ABC234 回1已阅 ${LINK}`);
    expect(informationText({ plan, category: petition, incident: incidentOf(plan, petition, '校门口'), link: LINK, replyNumber: 1 })).toBe(
      `供知悉:福成镇花铺小学集体上访:校门口 #ABC234 回1已阅 ${LINK}`,
    );
  });
});

describe('the short name (简称)', () => {
  const plan = SEED_PLANS.find((candidate) => candidate.id === 'changping-college')!;
  const longest = [...plan.categories].sort((a, b) => b.name.length - a.name.length)[0]!;
  const named = { ...plan, organisation: { ...plan.organisation, name: '北京市昌平区某某职业技术学院', shortName: '昌平职院' } };

  test('stands in for a full name that does not fit beside the longest category', () => {
    const text = alertText({ plan: named, category: longest, incident: incidentOf(named, longest, '校门口'), link: LINK, signature: '【银海区教育局】', replyNumber: 12 });
    expect(text).toContain(`昌平职院${longest.name}`);
    expect(countSegments(text).segments).toBe(1);
  });
});

describe('lateReportText', () => {
  const plan = SEED_PLANS.find((candidate) => candidate.id === 'huapu-primary')!;
  const fire = plan.categories.find((category) => category.id === 'fire')!;

  test("names the school, what, where and when, in the plan's time zone, when there is room", () => {
    const englishFire = ENGLISH_PLAN.categories.find((category) => category.id === 'fire')!;
    const text = lateReportText({ plan: ENGLISH_PLAN, category: englishFire, incident: incidentOf(ENGLISH_PLAN, englishFire, 'Building 3'), link: LINK });
    expect(text).toBe(`Late report: Huapu Primary School, Fucheng Town Fire at Building 3 09:30 #ABC234 ${LINK}`);
  });

  test('in one UCS-2 segment the time gives way before the place', () => {
    const text = lateReportText({ plan, category: fire, incident: incidentOf(plan, fire, '3号楼'), link: LINK, signature: '【应急】' });
    expect(text).toBe(`【应急】缓报:福成镇花铺小学火灾(3号楼) #ABC234 ${LINK}`);
  });

  test("gives up the place before the school's name", () => {
    const text = lateReportText({ plan, category: fire, incident: incidentOf(plan, fire, LONGEST_PLACE), link: LINK, signature: '【银海区教育局】' });
    expect(text).toContain('福成镇花铺小学');
    expect(countSegments(text).segments).toBe(1);
  });
});

describe('localTime', () => {
  test("is the plan's wall-clock time, 24-hour", () => {
    const plan = SEED_PLANS.find((candidate) => candidate.id === 'huapu-primary')!;
    expect(localTime(plan, '2026-11-29T13:05:00.000Z')).toBe('21:05');
  });
});
