import { guessCategory } from '../../../functions/core/sms/categories';
import { receiveSms } from '../../../functions/core/inbound/inbound';
import { seedPlan } from '../../support/plans';
import { smsWorld } from '../../support/world';

/**
 * Texts from numbers in no plan, through the SMS channel on in-memory stores: small talk, wrong
 * numbers and adverts open nothing and get the short help text; a text that names an incident
 * still opens one and texts the chain, as before.
 */

const huapu = seedPlan('huapu-primary.yaml');

function channel() {
  const { deps, sent, incidents } = smsWorld({ plans: [huapu] });
  let count = 0;
  // Each stranger texts from a number of their own, so no per-number answer limit holds an answer back.
  const text = (body: string) => receiveSms(deps, { messageId: `in-${++count}`, from: `+861590000${String(1000 + count).slice(-4)}`, body });
  const opened = async () => (await incidents.listOpen(huapu.organisation.id)).length;
  return { text, sent, opened };
}

const SMALL_TALK = [
  '你好',
  '您好',
  '在吗',
  '在吗？',
  '在不在',
  '喂',
  'hi',
  'Hello',
  '早上好',
  '晚安',
  '谢谢',
  '谢谢您',
  '多谢',
  '好的谢谢',
  '收到谢谢',
  '恭喜发财',
  '新年快乐',
  '中秋快乐',
  '生日快乐',
  '哈哈哈',
  '😀',
  '🙏🙏',
  '🌹',
  '❤️',
  '？？？好久不见',
  '你是谁',
  '请问你是哪位',
  '发错了不好意思',
  '不好意思发错了',
  '打错了',
  '对不起，发错人了',
  '妈，我换号了，这是我新号码',
  '老公晚上回来吃饭吗',
  '今晚加班，晚点回',
  '明天几点开会',
  '李老师您好，孩子今天请假一天',
  '王总，合同我已经发您邮箱了',
  '你的快递到了吗',
  '【某某银行】尊敬的客户，您的信用卡额度可提升至5万元，详询客服',
  '店庆大促，全场五折，火爆抢购中！回T退订',
  '新楼盘开盘，首付10万起，欢迎来电咨询',
  '贷款秒批，无抵押，低利息',
  '您的验证码是382914，5分钟内有效',
  'thanks!',
  'ok thank you',
  'Who is this?',
  'wrong number sorry',
  '红红火火过大年',
  '周末一起吃火锅吧',
  '测试',
  '123',
];

const INCIDENTS = [
  '3号楼着火了 有学生受伤',
  '食堂二楼有学生呕吐',
  '学校门口发生车祸',
  '操场上有人打架',
  '实验楼冒烟了',
  '宿舍楼302有人晕倒',
  '教学楼天花板掉下来了',
  '有家长在校门口静坐',
  '一群人拉横幅在学校门口',
  '二楼厕所漏电',
  '有学生从楼梯摔下来骨折了',
  '救命',
  '救命啊快来人',
  '有学生不见了',
  '孩子走失了',
  '校车翻车了',
  '锅炉房爆炸',
  '很多学生拉肚子',
  '有学生在池塘溺水',
  '一个学生想跳楼',
  '网站被黑了',
  '门卫室着火',
  '电线短路起火',
  '图书馆冒浓烟',
  '有人持刀闯进学校',
  '有老师罢教',
  '家长集体上访',
  '有人在校门口闹事',
  '学生被车撞了',
  '三年级二班有学生流血',
  '操场踩踏',
  '体育馆有学生扭伤',
  '紧急情况，请速来办公楼',
  '宿舍被盗',
  '报警，有陌生人在学校',
  '学生被困在电梯里',
  'Fire in building 3',
  'a student is injured at the gate',
  'help me please',
  '食堂饭菜有问题，多个学生肚子疼',
  '后山有学生失踪',
  '厨房失火了',
];

test(`${SMALL_TALK.length} texts that name no incident open none and get the short help text`, async () => {
  expect(SMALL_TALK.length).toBeGreaterThanOrEqual(40);
  const { text, sent, opened } = channel();
  const opening: string[] = [];
  for (const body of SMALL_TALK) {
    const outcome = await text(body);
    if (outcome.incidentId || !['help', 'refuse'].includes(outcome.decision)) opening.push(body);
  }
  expect(opening).toEqual([]);
  expect(await opened()).toBe(0);
  // The answer says how to report; nobody on the plan is texted.
  const staff = new Set(huapu.people.map((person) => person.phone));
  expect(sent.filter((message) => staff.has(message.to))).toEqual([]);
  expect(sent.find((message) => message.to.endsWith('1001'))?.body).toContain('报告事件请直接发短信写明地点和情况');
});

test(`${INCIDENTS.length} texts that name an incident each open one, filed under the category their words name`, async () => {
  expect(INCIDENTS.length).toBeGreaterThanOrEqual(40);
  const { text, opened } = channel();
  const categories = huapu.categories.map((category) => category.id);
  const missed: string[] = [];
  for (const body of INCIDENTS) {
    const outcome = await text(body);
    if (outcome.decision !== 'report' || !outcome.incidentId) missed.push(body);
    expect(outcome.answer).toMatch(/编号[A-Z0-9]{6}/);
    const guessed = guessCategory(body, categories);
    const category = huapu.categories.find((candidate) => candidate.id === guessed);
    if (category && !outcome.answer!.includes('同一事件')) expect(outcome.answer).toContain(category.name);
  }
  expect(missed).toEqual([]);
  // A few witnesses text about the same place and kind: theirs join the first incident.
  expect(await opened()).toBeGreaterThanOrEqual(INCIDENTS.length - 5);
});
