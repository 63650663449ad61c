import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { CATEGORY_KEYWORDS, guessCategory } from '../../../functions/core/sms/categories';
import { parseInbound, type InboundReading } from '../../../functions/core/sms/parse';

/** The category ids each seed plan defines, read straight from its file. */
const PLAN_CATEGORIES = new Map(
  readdirSync('plans')
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => {
      const plan = parse(readFileSync(`plans/${name}`, 'utf8')) as { id: string; categories: { id: string }[] };
      return [plan.id, plan.categories.map((category) => category.id)] as const;
    }),
);
const planCategories = (planId: string) => {
  const categories = PLAN_CATEGORIES.get(planId);
  if (!categories) throw new Error(`no plan ${planId} in plans/`);
  return categories;
};

/** Texts as people send them to 花铺小学 (seed plan 1), each with what it must be read as. */
const MESSAGES: ReadonlyArray<readonly [string, InboundReading]> = [
  // Acknowledging: per-phone reply codes, full-width, typos, emoji, the latest alert when bare.
  ['1', { kind: 'ack', alert: 1 }],
  ['１', { kind: 'ack', alert: 1 }],
  ['1a', { kind: 'ack', alert: 1 }],
  ['1A', { kind: 'ack', alert: 1 }],
  ['1 ack', { kind: 'ack', alert: 1 }],
  ['１ＡＣＫ', { kind: 'ack', alert: 1 }],
  ['ack1', { kind: 'ack', alert: 1 }],
  ['1ak', { kind: 'ack', alert: 1 }],
  ['1收到', { kind: 'ack', alert: 1 }],
  ['2 确认！', { kind: 'ack', alert: 2 }],
  ['ACK 3', { kind: 'ack', alert: 3 }],
  ['确认 2', { kind: 'ack', alert: 2 }],
  ['已上报 2', { kind: 'reported', alert: 2 }],
  ['c 2', { kind: 'close', alert: 2 }],
  ['收到', { kind: 'ack' }],
  ['收到！！👍', { kind: 'ack' }],
  ['收倒', { kind: 'ack' }],
  ['shoudao', { kind: 'ack' }],
  ['好的', { kind: 'ack' }],
  ['嗯嗯', { kind: 'ack' }],
  ['OK', { kind: 'ack' }],
  ['ok了', { kind: 'ack' }],
  ['akc', { kind: 'ack' }],
  ['👍', { kind: 'ack' }],
  ['收到，马上到', { kind: 'ack', note: '马上到' }],
  ['收到。已到现场', { kind: 'ack', note: '已到现场' }],
  ['Ok, on my way', { kind: 'ack', note: 'on my way' }],
  ['1 on my way', { kind: 'ack', alert: 1, note: 'on my way' }],
  ['#ABC234 收到', { kind: 'ack', code: 'ABC234' }],
  ['收到 ＃ＡＢＣ２３４', { kind: 'ack', code: 'ABC234' }],
  ['确认3号楼着火', { kind: 'ack', note: '3号楼着火' }],
  // Reported to the bureau, escalate, close.
  ['1r', { kind: 'reported', alert: 1 }],
  ['1R 已电话报区教育局', { kind: 'reported', alert: 1, note: '已电话报区教育局' }],
  ['已上报', { kind: 'reported' }],
  ['已报', { kind: 'reported' }],
  ['REPORTED 2', { kind: 'reported', alert: 2 }],
  ['1e', { kind: 'escalate', alert: 1 }],
  ['2 escalate', { kind: 'escalate', alert: 2 }],
  ['升级', { kind: 'escalate' }],
  ['ESC', { kind: 'escalate' }],
  ['1c', { kind: 'close', alert: 1 }],
  ['c', { kind: 'close' }],
  ['1C 火已扑灭，无人受伤。', { kind: 'close', alert: 1, resolution: '火已扑灭，无人受伤。' }],
  ['１Ｃ　已处理完，无人受伤', { kind: 'close', alert: 1, resolution: '已处理完，无人受伤' }],
  ['结案 误报，是学生在烧纸', { kind: 'close', resolution: '误报，是学生在烧纸' }],
  ['CLOSE 1 false alarm', { kind: 'close', alert: 1, resolution: 'false alarm' }],
  ['已处理', { kind: 'close' }],
  // The duty officer's zero report, bare or with something to say.
  ['平安', { kind: 'all-clear' }],
  ['平按', { kind: 'all-clear' }],
  ['今日平安', { kind: 'all-clear' }],
  ['3月5日 平安无事', { kind: 'all-clear' }],
  ['3 月 5 日 平安无事', { kind: 'all-clear' }],
  ['花铺小学今日零报告，一切正常。', { kind: 'all-clear' }],
  ['零报告：无', { kind: 'all-clear' }],
  ['零报告 无伤亡', { kind: 'all-clear' }],
  ['OK 平安', { kind: 'all-clear' }],
  ['ＯＫ　平安', { kind: 'all-clear' }],
  ['✅ 平安', { kind: 'all-clear' }],
  ['All clear', { kind: 'all-clear' }],
  ['nothing to report today', { kind: 'all-clear' }],
  ['平安，但是食堂水管漏水', { kind: 'situation', text: '平安，但是食堂水管漏水' }],
  ['今天不正常，门卫室玻璃被砸', { kind: 'situation', text: '今天不正常，门卫室玻璃被砸' }],
  ['有情况：操场有人打架', { kind: 'situation', text: '有情况：操场有人打架' }],
  ['有情况', { kind: 'situation', text: '有情况' }],
  ['Situation: gate broken', { kind: 'situation', text: 'Situation: gate broken' }],
  // Opting out and in, asking for help.
  ['STOP', { kind: 'stop' }],
  ['stop.', { kind: 'stop' }],
  ['退订', { kind: 'stop' }],
  ['ＴＤ', { kind: 'stop' }],
  ['td', { kind: 'stop' }],
  ['START', { kind: 'start' }],
  ['订阅', { kind: 'start' }],
  ['HELP', { kind: 'help' }],
  ['？', { kind: 'help' }],
  ['??', { kind: 'help' }],
  ['帮助', { kind: 'help' }],
  // Nothing to read.
  ['', { kind: 'empty' }],
  ['　　', { kind: 'empty' }],
  ['😀😀', { kind: 'empty' }],
  ['。。。', { kind: 'empty' }],
  // Reports: category from keywords, place when it leads, the text as typed.
  ['3号楼着火了 有学生受伤', { kind: 'report', category: 'fire', description: '3号楼着火了 有学生受伤', place: '3号楼' }],
  ['３号楼着火了！！🔥🔥', { kind: 'report', category: 'fire', description: '３号楼着火了！！🔥🔥', place: '3号楼' }],
  ['1号楼着火了', { kind: 'report', category: 'fire', description: '1号楼着火了', place: '1号楼' }],
  ['宿舍楼302冒烟', { kind: 'report', category: 'fire', description: '宿舍楼302冒烟', place: '宿舍楼302' }],
  ['食堂很多学生呕吐腹泻', { kind: 'report', category: 'food-poisoning', description: '食堂很多学生呕吐腹泻', place: '食堂' }],
  ['学校门口发生车祸，一个学生被电动车撞了', { kind: 'report', category: 'traffic', description: '学校门口发生车祸，一个学生被电动车撞了', place: '学校门口' }],
  ['有家长在校门口静坐', { kind: 'report', category: 'sit-in', description: '有家长在校门口静坐', place: '校门口' }],
  ['一群家长拉横幅在大门口', { kind: 'report', category: 'demonstration', description: '一群家长拉横幅在大门口', place: '大门口' }],
  ['二十多名家长到镇政府集体上访', { kind: 'report', category: 'collective-petition', description: '二十多名家长到镇政府集体上访' }],
  ['初三学生罢课', { kind: 'report', category: 'strike', description: '初三学生罢课' }],
  ['三年级二班有学生晕倒', { kind: 'report', category: 'activity', description: '三年级二班有学生晕倒', place: '三年级二班' }],
  ['操场上有学生摔倒，头流血', { kind: 'report', category: 'activity', description: '操场上有学生摔倒，头流血', place: '操场' }],
  ['有学生在河边溺水', { kind: 'report', category: 'activity', description: '有学生在河边溺水', place: '河边' }],
  ['好多人在打架', { kind: 'report', category: 'activity', description: '好多人在打架' }],
  ['教学楼二楼天花板掉下来砸伤学生', { kind: 'report', category: 'building', description: '教学楼二楼天花板掉下来砸伤学生', place: '教学楼二楼' }],
  ['学生说想跳楼', { kind: 'report', category: 'psychological', description: '学生说想跳楼' }],
  ['地点：实验楼三楼，有人受伤', { kind: 'report', category: 'activity', description: '地点：实验楼三楼，有人受伤', place: '实验楼三楼' }],
  ['Someone fainted in the canteen', { kind: 'report', category: 'activity', description: 'Someone fainted in the canteen', place: 'canteen' }],
  ['fire in building 3!!', { kind: 'report', category: 'fire', description: 'fire in building 3!!', place: 'building 3' }],
  ['Car crash outside the school gate, 2 kids hurt', { kind: 'report', category: 'traffic', description: 'Car crash outside the school gate, 2 kids hurt', place: 'school gate' }],
  ['2 students hurt in the gym', { kind: 'report', category: 'activity', description: '2 students hurt in the gym', place: 'gym' }],
  ['A student fell down the stairs', { kind: 'report', category: 'activity', description: 'A student fell down the stairs' }],
  [
    'Many students vomiting after lunch at the canteen',
    { kind: 'report', category: 'food-poisoning', description: 'Many students vomiting after lunch at the canteen', place: 'canteen' },
  ],
  // Read as nothing in particular: who sent it decides (interpretInbound).
  ['110', { kind: 'unknown', text: '110' }],
  ['2号', { kind: 'unknown', text: '2号' }],
  ['二楼有人抽烟', { kind: 'unknown', text: '二楼有人抽烟' }],
  ['晚上吃火锅吗', { kind: 'unknown', text: '晚上吃火锅吗' }],
  ['平安夜快乐', { kind: 'unknown', text: '平安夜快乐' }],
  ['救命', { kind: 'unknown', text: '救命' }],
  ['thanks', { kind: 'unknown', text: 'thanks' }],
  ['No problem', { kind: 'unknown', text: 'No problem' }],
];

describe('parseInbound', () => {
  test('the table covers at least 60 real-looking messages', () => {
    expect(MESSAGES.length).toBeGreaterThanOrEqual(60);
  });

  test.each(MESSAGES)('%j', (message, expected) => {
    expect(parseInbound(message, { categories: planCategories('huapu-primary') })).toEqual(expected);
  });

  test('a 2,000-character report is kept whole', () => {
    const message = `3号楼着火了，${'浓烟从二楼窗户冒出来，学生正在疏散。'.repeat(120)}`.slice(0, 2000);
    expect([...message]).toHaveLength(2000);
    const reading = parseInbound(message);
    expect(reading).toEqual({ kind: 'report', category: 'fire', description: message, place: '3号楼' });
  });

  test('a longer report is cut to the 2,000 characters the web form allows, marked with …', () => {
    const message = `食堂很多学生呕吐，${'情况还在发展'.repeat(500)}`;
    const reading = parseInbound(message);
    if (reading.kind !== 'report') throw new Error(`expected a report, got ${reading.kind}`);
    expect([...reading.description]).toHaveLength(2000);
    expect(reading.description.startsWith('食堂很多学生呕吐')).toBe(true);
    expect(reading.description.endsWith('…')).toBe(true);
  });

  test('a category the plan does not have is not guessed; the next one that fits is', () => {
    expect(parseInbound('网站被黑了', { categories: ['fire', 'activity'] })).toEqual({ kind: 'unknown', text: '网站被黑了' });
    expect(parseInbound('3号楼着火了 有学生受伤', { categories: ['activity'] })).toMatchObject({ kind: 'report', category: 'activity' });
  });
});

describe('guessCategory', () => {
  const TABLE: ReadonlyArray<readonly [string, string | undefined]> = [
    ['失火了', 'fire'],
    ['实验室冒烟', 'fire'],
    ['车祸', 'traffic'],
    ['校车追尾', 'traffic'],
    ['集体食物中毒', 'food-poisoning'],
    ['家长上访', 'collective-petition'],
    ['老师罢教', 'strike'],
    ['有人游行示威', 'demonstration'],
    ['学生割腕', 'psychological'],
    ['Smoke coming from the lab', 'fire'],
    ['protest at the gate', 'demonstration'],
    ['坐火车回家', undefined],
    ['他很伤心', undefined],
    ['在厕所抽烟', undefined],
    ['Firefox crashed', undefined],
  ];
  test.each(TABLE)('%j → %s (plan 1)', (text, category) => {
    expect(guessCategory(text, planCategories('huapu-primary'))).toBe(category);
  });

  /** The same words land in each plan's own category, or in none when the plan has no such kind. */
  const BY_PLAN: ReadonlyArray<readonly [string, string, string | undefined]> = [
    ['huapu-primary', '学生罢课', 'strike'],
    ['changping-college', '学生罢课', 'class-boycott'],
    ['huapu-primary', '两个学生打架', 'activity'],
    ['changping-college', '两个学生打架', 'violence'],
    ['zihe-middle', '两个学生打架', 'public-order'],
    ['changping-college', '有人持刀砍人', 'campus-terror'],
    ['changping-college', '3号楼着火了', undefined],
    ['huapu-primary', '实验室爆炸', 'fire'],
    ['zihe-middle', '实验室爆炸', 'explosion'],
    ['zihe-middle', '宿舍被盗', 'theft'],
    ['jiedao-lianghui', '二十多人到区政府集体上访', 'collective-petition'],
    ['jiedao-lianghui', '有人要进京上访', 'beijing-petition'],
    ['jiedao-lianghui', '上百人聚集在街道办门口', 'mass-incident'],
    ['huapu-primary', '上百人聚集在校门口', 'collective-petition'],
    ['xuegongzuobu', '教室漏电', 'electrical'],
    ['huapu-primary', '教室漏电', 'building'],
    ['xuegongzuobu', '上访人员在门口闹事', 'petition-disturbance'],
  ];
  test.each(BY_PLAN)('%s: %j → %s', (planId, text, category) => {
    expect(guessCategory(text, planCategories(planId))).toBe(category);
  });

  test('every category in the keyword table is one a seed plan has', () => {
    const used = new Set([...PLAN_CATEGORIES.values()].flat());
    expect(CATEGORY_KEYWORDS.map(([id]) => id).filter((id) => !used.has(id))).toEqual([]);
  });
});
