import { normalizeText } from './normalize';

/**
 * Which kind of incident a text describes, guessed from its words. One table, keyed by the
 * category ids the plans use, in priority order: the first category the plan has with a matching
 * keyword wins, so "3号楼着火了 有学生受伤" is a fire and not an injury, and "爆炸" is an explosion
 * where the plan has that category and a fire where it does not. A guess only: the first person on
 * the chain reads the text as typed.
 */
export interface CategoryKeywords {
  /** Matched anywhere in the text; Latin keywords match whole words, case-insensitively. */
  keywords: readonly string[];
  /** Phrases that contain a keyword but mean something else (火锅 is not a fire). */
  notWhen?: readonly string[];
}

export const CATEGORY_KEYWORDS: ReadonlyArray<readonly [categoryId: string, CategoryKeywords]> = [
  ['campus-terror', { keywords: ['恐怖袭击', '恐怖分子', '持刀砍人', '砍人', '劫持', '人质', 'terror', 'hostage', 'knife attack'] }],
  ['explosion', { keywords: ['爆炸', '爆燃', '炸了', 'explosion', 'blast'] }],
  [
    'fire',
    {
      keywords: ['着火', '失火', '起火', '火灾', '火警', '火情', '冒烟', '浓烟', '烟雾', '烧起来', '燃烧', '爆炸', '火', '烟', 'fire', 'smoke', 'burning', 'flames', 'explosion'],
      notWhen: [
        '火车',
        '火锅',
        '发火',
        '火腿',
        '火柴',
        '火箭',
        '上火',
        '火气',
        '抽烟',
        '吸烟',
        '香烟',
        '烟头',
        '烟花',
        '烟酒',
        '火爆',
        '火热',
        '红红火火',
        '红火',
        '火红',
        'fire drill',
        'smoke alarm test',
      ],
    },
  ],
  ['electrical', { keywords: ['漏电', '触电', '短路', '电线', '跳闸', '配电', 'electric shock', 'electrocuted', 'short circuit'] }],
  ['psychological', { keywords: ['跳楼', '自杀', '轻生', '割腕', '想不开', '自残', '寻短见', '抑郁', '心理', 'suicide', 'self-harm', 'self harm', 'jumped off'] }],
  [
    'food-poisoning',
    {
      keywords: [
        '食物中毒',
        '中毒',
        '呕吐',
        '吐了',
        '上吐下泻',
        '腹泻',
        '拉肚子',
        '肚子疼',
        '肚子痛',
        '腹痛',
        '诺如',
        'food poisoning',
        'poisoning',
        'vomiting',
        'vomit',
        'diarrhea',
        'diarrhoea',
      ],
    },
  ],
  [
    'traffic',
    {
      keywords: ['车祸', '交通事故', '撞车', '被车撞', '追尾', '翻车', '校车', '交通', '撞', 'car accident', 'crash', 'hit by a car', 'traffic', 'collision'],
      notWhen: ['撞到头', '撞头', '撞墙', '撞到门'],
    },
  ],
  [
    'building',
    {
      keywords: [
        '倒塌',
        '坍塌',
        '塌了',
        '塌方',
        '垮塌',
        '裂缝',
        '天花板',
        '掉下来',
        '漏电',
        '触电',
        '墙倒',
        '栏杆断',
        'collapse',
        'collapsed',
        'ceiling',
        'electric shock',
        'electrocuted',
      ],
    },
  ],
  ['facility', { keywords: ['设施', '损坏', '倒塌', '坍塌', '塌了', '裂缝', '天花板', '掉下来', '墙倒', '栏杆断', 'collapse', 'collapsed', 'ceiling', 'broken'] }],
  ['criminal-case', { keywords: ['刑事', '杀人', '抢劫', '绑架', '强奸', '性侵', '猥亵', 'murder', 'robbery', 'kidnap', 'assault'] }],
  ['violence', { keywords: ['暴力', '殴打', '打人', '持刀', '砍伤', '行凶', '打架', '斗殴', 'violence', 'beaten', 'knife', 'fight'] }],
  ['theft', { keywords: ['被盗', '盗窃', '失窃', '小偷', '被偷', '偷', 'theft', 'stolen', 'burglary', 'thief'] }],
  ['gambling', { keywords: ['赌博', '赌钱', '打牌赌', 'gambling'] }],
  ['network', { keywords: ['网络安全', '黑客', '被黑', '电脑病毒', '网站被', '勒索', '网络谣言', '有害信息', 'hacked', 'hacker', 'ransomware', 'phishing', 'computer virus'] }],
  ['cult-activity', { keywords: ['邪教', '法轮', 'cult'] }],
  ['illegal-political-activity', { keywords: ['非法组织', '政治活动', '反动传单', '非法集会'] }],
  ['class-boycott', { keywords: ['罢课', 'class boycott', 'boycott'] }],
  ['strike', { keywords: ['罢课', '罢教', '罢工', '停课抗议', 'strike', 'walkout', 'walk-out'] }],
  ['sit-in', { keywords: ['静坐', 'sit-in', 'sit in', 'sitting in'] }],
  ['beijing-petition', { keywords: ['进京访', '进京上访', '去北京上访', '到北京上访'] }],
  ['abnormal-petition', { keywords: ['非正常上访', '非访', '缠访', '闹访', '越级上访'] }],
  ['petition-disturbance', { keywords: ['制造事端', '闹访', '闹事'] }],
  ['disturbance', { keywords: ['闹事', '起哄', '聚众', 'riot'] }],
  ['demonstration', { keywords: ['游行', '示威', '拉横幅', '横幅', '围堵', '闹事', 'demonstration', 'protest', 'protesters'] }],
  ['mass-incident', { keywords: ['群体性事件', '群体事件', '聚集', '围堵', '冲击', 'crowd', 'mob'] }],
  ['collective-petition', { keywords: ['集体上访', '集体访', '上访', '信访', '请愿', '聚集', 'petition', 'petitioners'] }],
  ['campus-panic', { keywords: ['恐慌', 'panic'] }],
  ['public-order', { keywords: ['打架', '斗殴', '滋事', '寻衅', '醉酒', 'fight', 'fighting', 'drunk'] }],
  ['influential-incident', { keywords: ['舆情', '记者', '媒体', '网上曝光', 'journalist', 'reporter', 'media'] }],
  [
    'activity',
    {
      keywords: [
        '受伤',
        '摔倒',
        '摔伤',
        '摔',
        '骨折',
        '流血',
        '出血',
        '溺水',
        '落水',
        '踩踏',
        '晕倒',
        '昏倒',
        '打架',
        '斗殴',
        '砸伤',
        '扭伤',
        '伤',
        'injured',
        'injury',
        'hurt',
        'fell',
        'fall',
        'bleeding',
        'drowning',
        'drowned',
        'stampede',
        'fainted',
        'fight',
        'unconscious',
      ],
      notWhen: ['伤心', '悲伤'],
    },
  ],
];

const LATIN = /^[a-z0-9 -]+$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

function mentions(text: string, keyword: string): boolean {
  if (!LATIN.test(keyword)) return text.includes(keyword);
  return new RegExp(`(?<![a-z])${escapeRegExp(keyword)}(?![a-z])`).test(text);
}

/** The text with every "looks like a keyword but is not" phrase of a category blanked out. */
function withoutFalseFriends(text: string, notWhen: readonly string[] = []): string {
  return notWhen.reduce((rest, phrase) => rest.split(phrase).join(' '), text);
}

/**
 * The category a text most likely describes, among `categories` (the plan's category ids) when
 * given. Undefined when no keyword of an allowed category occurs.
 */
export function guessCategory(text: string, categories?: readonly string[]): string | undefined {
  const normalized = normalizeText(text).toLowerCase();
  for (const [id, { keywords, notWhen }] of CATEGORY_KEYWORDS) {
    if (categories && !categories.includes(id)) continue;
    const rest = withoutFalseFriends(normalized, notWhen);
    if (keywords.some((keyword) => mentions(rest, keyword))) return id;
  }
  return undefined;
}

/** True when the text mentions anything in the table, whatever the plan has. */
export function mentionsIncident(text: string): boolean {
  return guessCategory(text) !== undefined;
}
