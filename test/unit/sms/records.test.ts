import { visitReminderText } from '../../../functions/core/cases';
import { fitsOneSegment, parseRecordText, replyText } from '../../../functions/core/sms';

/** Records kept by text (docs/sms.md): which texts are a risk, a screening or a duty-log entry, and which are not. */

test.each([
  ['风险 幸福社区三户商议进京', { kind: 'risk', text: '幸福社区三户商议进京' }],
  ['风险信息：阳光小区欠薪，十余人', { kind: 'risk', text: '阳光小区欠薪，十余人' }],
  ['排查 无', { kind: 'screening', items: [] }],
  ['排查：无异常。', { kind: 'screening', items: [] }],
  ['日排查', { kind: 'screening', items: [] }],
  ['排查 物业停车费纠纷；两户宅基地纠纷', { kind: 'screening', items: ['物业停车费纠纷', '两户宅基地纠纷'] }],
  ['值班 巡查一周无异常', { kind: 'duty-log', entry: 'entry', text: '巡查一周无异常' }],
  ['来电，家长询问是否停课', { kind: 'duty-log', entry: 'call', text: '家长询问是否停课' }],
  ['交接班 钥匙已交王英', { kind: 'duty-log', entry: 'handover', text: '钥匙已交王英' }],
])('%s is a record', (body, record) => {
  expect(parseRecordText(body)).toEqual(record);
});

test.each(['值班室着火了', '风险', '值班', '收到', '1', '3号楼着火 有学生受伤', '平安', '排查出火灾隐患'])('%s is no record', (body) => {
  expect(parseRecordText(body)).toBeUndefined();
});

test('every answer to a record, and the visit reminder with a long name, fit one segment with a signature', () => {
  const signature = '【银海区教育局】';
  for (const reply of [
    { kind: 'recorded', what: 'risk', count: 1, code: 'ABC234' },
    { kind: 'recorded', what: 'screening', count: 0 },
    { kind: 'recorded', what: 'screening', count: 20 },
    { kind: 'recorded', what: 'duty-log', count: 1 },
  ] as const) {
    for (const language of ['zh-CN', 'en'] as const) expect(fitsOneSegment(replyText(reply, { language, signature, timeZone: 'Asia/Shanghai' }))).toBe(true);
  }
  const reminder = visitReminderText(
    { code: 'ABC234', petitioner: { name: '某某某某某某某某某某某某某某某某某某某某' }, visits: { everyDays: 14, mode: 'appointment' } } as Parameters<typeof visitReminderText>[0],
    '2014-03-05T01:00:00Z',
    'Asia/Shanghai',
    signature,
  );
  expect(fitsOneSegment(reminder)).toBe(true);
  expect(reminder).toMatch(/^【银海区教育局】包案提醒:#ABC234 某+…? 应于03-05约访\(每14天\)/);
});
