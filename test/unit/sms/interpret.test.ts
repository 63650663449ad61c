import { interpretInbound, nextAlertNumber, type PhoneAlert, type SenderContext } from '../../../functions/core/sms/interpret';
import { parseInbound } from '../../../functions/core/sms/parse';

const FIRE: PhoneAlert = { number: 1, incidentId: 'inc-fire', code: 'FRE234', sentAt: '2026-11-29T01:00:00.000Z' };
const PETITION: PhoneAlert = { number: 2, incidentId: 'inc-petition', code: 'PTN567', sentAt: '2026-11-29T01:05:00.000Z' };

/** 花铺小学's categories (seed plan 1). */
const PLAN_1 = ['building', 'fire', 'traffic', 'food-poisoning', 'activity', 'network', 'psychological', 'collective-petition', 'demonstration', 'sit-in', 'strike'];
const stranger: SenderContext = { alerts: [], categories: PLAN_1 };
const principal: SenderContext = { person: { id: 'ye-yuanxin', name: '叶远新' }, alerts: [FIRE, PETITION] };
const principalWithFire: SenderContext = { ...principal, alerts: [FIRE] };
const idleTeacher: SenderContext = { person: { id: 'wang-ying', name: '王英' }, alerts: [] };
const dutyOfficer: SenderContext = { person: { id: 'duty', name: '值班员' }, alerts: [], sendsZeroReport: true };

const decide = (text: string, sender: SenderContext) => interpretInbound(parseInbound(text, { categories: sender.categories }), sender);

describe('interpretInbound: replies act only on alerts texted to this phone', () => {
  test('"1" acknowledges the alert numbered 1 on this phone', () => {
    expect(decide('1', principal)).toEqual({ action: 'ack', alert: FIRE });
  });

  test('a bare 收到 acknowledges the latest alert', () => {
    expect(decide('收到', principal)).toEqual({ action: 'ack', alert: PETITION });
  });

  test('the incident code printed in the alert names it too', () => {
    expect(decide('#FRE234 收到', principal)).toEqual({ action: 'ack', alert: FIRE });
  });

  test('"2c 已劝返" closes alert 2 with what was typed as the resolution', () => {
    expect(decide('2c 已劝返', principal)).toEqual({ action: 'close', alert: PETITION, resolution: '已劝返' });
  });

  test('escalating or closing without a number needs a single open alert', () => {
    expect(decide('结案', principal)).toEqual({ action: 'refuse', reason: 'which-alert', alerts: [FIRE, PETITION] });
    expect(decide('结案', principalWithFire)).toEqual({ action: 'close', alert: FIRE });
    expect(decide('升级', principalWithFire)).toEqual({ action: 'escalate', alert: FIRE });
  });

  test("a number or code that is not one of this phone's alerts changes nothing", () => {
    expect(decide('3', principal)).toEqual({ action: 'refuse', reason: 'not-on-incident', alerts: [FIRE, PETITION], named: '3' });
    expect(decide('#XYZ789 1R', principalWithFire)).toEqual({ action: 'reported', alert: FIRE });
    expect(decide('#XYZ789 收到', principalWithFire)).toEqual({
      action: 'refuse',
      reason: 'not-on-incident',
      alerts: [FIRE],
      named: 'XYZ789',
    });
  });

  test('someone in the plan with no open alert gets a refusal, not an action', () => {
    expect(decide('1', idleTeacher)).toEqual({ action: 'refuse', reason: 'no-alerts', alerts: [], named: '1' });
  });

  test('a bare reply code from an unknown number is refused', () => {
    expect(decide('1', stranger)).toEqual({ action: 'refuse', reason: 'unknown-number', alerts: [], named: '1' });
    expect(decide('收到', stranger)).toEqual({ action: 'refuse', reason: 'unknown-number', alerts: [] });
  });
});

describe('interpretInbound: anything with content from an unknown number is a report', () => {
  test('"3号楼着火了 有学生受伤" opens a fire at 3号楼, the text kept as typed', () => {
    expect(decide('3号楼着火了 有学生受伤', stranger)).toEqual({
      action: 'report',
      category: 'fire',
      description: '3号楼着火了 有学生受伤',
      place: '3号楼',
    });
  });

  test('text the parser cannot place is still a report, without a category', () => {
    expect(decide('救命', stranger)).toEqual({ action: 'report', description: '救命' });
  });

  test('a report that happens to start with a reply word keeps what follows it', () => {
    expect(decide('确认3号楼着火', stranger)).toEqual({ action: 'report', category: 'fire', description: '3号楼着火', place: '3号楼' });
  });

  test("the category is guessed among the plan's own categories", () => {
    expect(decide('确认3号楼着火 学生受伤', { ...stranger, categories: ['activity'] })).toMatchObject({ action: 'report', category: 'activity' });
  });

  test('"有情况" from an unknown number is a report', () => {
    expect(decide('有情况：操场有人打架', stranger)).toEqual({ action: 'report', category: 'activity', description: '有情况：操场有人打架' });
  });
});

describe('interpretInbound: people in the plan', () => {
  test('a report with an incident word opens an incident even while alerts are open', () => {
    expect(decide('食堂很多学生呕吐', principal)).toMatchObject({ action: 'report', category: 'food-poisoning', place: '食堂' });
  });

  test('text that is neither a reply nor a report gets the help text', () => {
    expect(decide('thanks', principal)).toEqual({ action: 'help', reason: 'not-understood' });
  });

  test('with nothing open, a text naming a place is taken as a report', () => {
    expect(decide('食堂后面的围墙倒了一半', idleTeacher)).toMatchObject({ action: 'report', place: '食堂后面' });
    expect(decide('谢谢', idleTeacher)).toEqual({ action: 'help', reason: 'not-understood' });
  });

  test("only the duty officer's all-clear counts as the zero report", () => {
    expect(decide('平安', dutyOfficer)).toEqual({ action: 'all-clear' });
    expect(decide('平安', idleTeacher)).toEqual({ action: 'refuse', reason: 'not-zero-reporter', alerts: [] });
    expect(decide('平安', stranger)).toEqual({ action: 'refuse', reason: 'unknown-number', alerts: [] });
  });

  test('the duty officer\'s "有情况" is their zero report with something to say', () => {
    expect(decide('有情况：门卫室玻璃被砸', dutyOfficer)).toEqual({ action: 'situation', text: '有情况：门卫室玻璃被砸' });
  });
});

describe('interpretInbound: STOP, START and HELP from anyone', () => {
  test.each([
    ['退订', stranger, { action: 'stop' }],
    ['STOP', principal, { action: 'stop' }],
    ['START', principal, { action: 'start' }],
    ['?', stranger, { action: 'help', reason: 'asked' }],
    ['', principal, { action: 'help', reason: 'empty' }],
  ] as const)('%j', (text, sender, expected) => {
    expect(decide(text, sender)).toEqual(expected);
  });
});

describe('nextAlertNumber', () => {
  test("takes the smallest number the phone's open alerts leave free", () => {
    expect(nextAlertNumber([])).toBe(1);
    expect(nextAlertNumber([{ number: 1 }, { number: 3 }])).toBe(2);
  });

  test('after 99 open alerts there is no number: the alert goes out with its link only', () => {
    expect(nextAlertNumber(Array.from({ length: 99 }, (_, index) => ({ number: index + 1 })))).toBeUndefined();
  });
});
