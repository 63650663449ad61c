import { readFileSync } from 'node:fs';
import { parsePlanFile } from '../../../functions/core/plan/file';
import { formatOffset, renderSimulation } from '../../../lib/simulate/render';
import { simulate, SimulationError } from '../../../lib/simulate/simulate';
import { fixturePath, loadPlan, MORNING, textsByMinute } from './support';

const huapu = loadPlan('huapu-primary');

test('the printed timeline is in Chinese by default: who is texted what, when, and what is late', async () => {
  const text = renderSimulation(await simulate(huapu, { category: 'fire', start: MORNING }));
  expect(text).toContain('事件:火灾(fire)· 一般 · 报告链 safety-accident · 报告于 2014-03-04 09:00(Asia/Shanghai)');
  expect(text).toContain('期限: 第1级 09:10 · 第2级 09:20 · 第3级 09:30 · 报银海区教育局 11:00');
  expect(text).toMatch(/\+0m\s+09:00\s+第1级短信 → 叶远新\(校长\) \+8613800000101/);
  expect(text).toMatch(/\+10m\s+09:10\s+第1级 10m 内无人确认 → 升级至第2级/);
  expect(text).toMatch(/\+2h\s+11:00\s+上报期限到:未上报银海区教育局,记为缓报/);
  expect(text).toContain('结果: 无人确认; 未按时上报银海区教育局(缓报)');
});

test('--lang en prints the timeline in English; the texts stay in the plan language, as phones get them', async () => {
  const text = renderSimulation(await simulate(huapu, { category: 'fire', start: MORNING, ackAt: '7m', reportedAt: '90m' }), 'en');
  expect(text).toMatch(/\+7m\s+09:07\s+叶远新 acknowledges and takes charge/);
  expect(text).toMatch(/\+1h30m\s+10:30\s+叶远新 marks it reported to 银海区教育局/);
  expect(text).toContain('Outcome: acknowledged by 叶远新 7m after the report; reported to 银海区教育局 on time');
  expect(text).toContain('「福成镇花铺小学火灾:3号楼');
});

test('only someone who was texted can acknowledge: they act through the link in their text', async () => {
  await expect(simulate(huapu, { category: 'fire', start: MORNING, ackAt: '5m', ackBy: 'wang-ying' })).rejects.toThrow(
    new SimulationError('王英 (wang-ying) was not texted by then, so has no link to acknowledge with'),
  );
  const later = await simulate(huapu, { category: 'fire', start: MORNING, ackAt: '25m', ackBy: 'wang-ying' });
  expect(later.state.acknowledgedBy?.personId).toBe('wang-ying');
});

test('an unknown category names the ones the plan has', async () => {
  await expect(simulate(huapu, { category: 'flood', start: MORNING })).rejects.toThrow(/no category "flood"; categories: building, fire, traffic/);
});

test('without --ack-by, the first person of the latest level texted acknowledges, and the chain stops there', async () => {
  const simulation = await simulate(huapu, { category: 'fire', start: MORNING, ackAt: '15m' });
  expect(simulation.state.acknowledgedBy?.personId).toBe('chen-zuwei');
  expect(textsByMinute(simulation, 3)).toEqual({});
});

test('immediately joins level 1 and a repeat adds copies of the top level, which the one workflow then runs', async () => {
  const text = readFileSync(fixturePath('minimal.yaml'), 'utf8').replace(
    '    levels:\n',
    '    immediately: [bureau-duty-desk]\n    repeat: { times: 2, every: 15m }\n    levels:\n',
  );
  const plan = parsePlanFile(text, 'minimal.yaml');
  expect(plan.chains.accident!.levels).toEqual([
    { notify: ['bureau-duty-desk', 'principal'], within: '10m' },
    { notify: ['principal'], within: '25m', repeat: 1 },
    { notify: ['principal'], within: '40m', repeat: 2 },
  ]);
  const simulation = await simulate(plan, { category: 'fire', start: MORNING });
  expect(textsByMinute(simulation)).toEqual({ 0: ['principal', 'bureau'], 10: ['principal'], 25: ['principal'], 120: ['bureau'] });
});

test.each([
  [0, '+0m'],
  [7 * 60_000, '+7m'],
  [90 * 60_000, '+1h30m'],
  [120 * 60_000, '+2h'],
  [26 * 3_600_000, '+1d2h'],
])('an offset of %i ms reads %s', (ms, text) => {
  expect(formatOffset(ms)).toBe(text);
});

test('--ack-by bureau-duty-desk on a petition: the bureau, told for information, records 已阅 and the chain goes on', async () => {
  const simulation = await simulate(huapu, { category: 'collective-petition', start: MORNING, ackAt: '5m', ackBy: 'bureau-duty-desk' });
  expect(simulation.state.acknowledged).toBe(false);
  expect(simulation.steps).toContainEqual(expect.objectContaining({ type: 'received', person: expect.objectContaining({ id: 'yinhai-bureau-duty' }) }));
  // The deputies at 10 minutes and the leadership group at 20 are still texted.
  expect(textsByMinute(simulation, 2)[10]).toEqual(expect.arrayContaining(['chen-zuwei', 'lai-mingqing']));
  expect(textsByMinute(simulation, 3)[20]).toEqual(expect.arrayContaining(['cheng-chongbao']));
  const text = renderSimulation(simulation);
  expect(text).toMatch(/\+5m\s+09:05\s+银海区教育局值班室 回复已阅\(供知悉,不能停止升级\),报告链继续/);
  expect(text).toContain('「供知悉:福成镇花铺小学集体上访');
});
