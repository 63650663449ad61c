import { normalizeText } from './normalize';

/**
 * Where a texted report says it happened, when it says so first, as witnesses usually do:
 * "3号楼着火了", "食堂二楼有学生呕吐", "在学校门口发生车祸", "Fire in building 3". Optional help
 * for the alert; the description keeps the whole text either way.
 */

const NUMBER = '[0-9一二三四五六七八九十百零〇两A-Za-z]{1,6}';
const NUMBERED = `${NUMBER}(?:号教学楼|号宿舍楼|号楼|号馆|栋|幢|座|单元|楼|层|室|号|年级|班|区|教室|宿舍)`;
const NAMED = [
  '多功能教室',
  '多功能厅',
  '学校门口',
  '校门口',
  '大门口',
  '宿舍楼',
  '宿舍区',
  '教学楼',
  '教学区',
  '实验楼',
  '实验室',
  '办公楼',
  '办公室',
  '体育馆',
  '体育场',
  '运动场',
  '图书馆',
  '报告厅',
  '门卫室',
  '传达室',
  '卫生间',
  '洗手间',
  '小卖部',
  '停车场',
  '配电房',
  '锅炉房',
  '医务室',
  '电脑室',
  '楼梯口',
  '宿舍',
  '食堂',
  '饭堂',
  '餐厅',
  '厨房',
  '操场',
  '礼堂',
  '教室',
  '校门',
  '大门',
  '门口',
  '厕所',
  '超市',
  '车棚',
  '走廊',
  '楼道',
  '楼梯',
  '天台',
  '楼顶',
  '池塘',
  '河边',
  '水塘',
  '校车',
  '校外',
  '校园',
  '学校',
  '后山',
  '花园',
  '机房',
  '[东南西北](?:校区|门|区|楼|侧)',
].join('|');
const NEAR = '附近|旁边|对面|前面|后面';
const FILLER = '(?:刚才|刚刚|现在|紧急|急|救命|报告|快来)[ ,!.、]*';
/** "宿舍楼302", "3号楼2楼厕所", "学校门口": units one after another, a room number after any. */
const PHRASE = `(?:(?:${NUMBERED}|${NAMED})(?:[0-9]{2,4}(?![0-9]))?的?)+(?:${NEAR})?`;
const LEADING_PLACE = new RegExp(`^(?:${FILLER})*(?:我们在|我在|在|位于)?(${PHRASE})`);
/** "有家长在校门口静坐": a place after 在 early in the text. */
const PLACE_AFTER_AT = new RegExp(`^.{0,12}?在(${PHRASE})`);
const LABELLED_PLACE = /(?:地点|位置|地址)\s*[:是]?\s*([^,;.!?。;\s]{1,30})/;

const EN_PLACE = new RegExp(
  String.raw`\b((?:(?:main|north|south|east|west|old|new|school)\s+)?(?:building|block|dorm(?:itory)?|room|classroom|canteen|cafeteria|dining hall|playground|library|gym(?:nasium)?|gate|lab(?:oratory)?|toilets?|bathroom|hall|sports field|car park|parking lot)(?:\s+[a-z]?\d+[a-z]?)?)\b`,
  'i',
);

export function extractPlace(text: string): string | undefined {
  const normalized = normalizeText(text);
  const place = LEADING_PLACE.exec(normalized)?.[1] ?? LABELLED_PLACE.exec(normalized)?.[1] ?? PLACE_AFTER_AT.exec(normalized)?.[1] ?? EN_PLACE.exec(normalized)?.[1];
  return place?.replace(/的$/, '') || undefined;
}
