import { receiveSms } from '../../../functions/core/inbound/inbound';
import { seedPlan } from '../../support/plans';
import { smsWorld } from '../../support/world';

/**
 * Texted reports over the phone's limit (five in ten minutes): nothing opened, and one "too many"
 * answer in the window at most, though the per-number answer limits would allow a second.
 */

const huapu = seedPlan('huapu-primary.yaml');
const FLOODER = '+8615900004321';

function channel() {
  // 08:00:30, so that texts a minute apart stay inside the window 08:00-08:10.
  const { deps, sent, incidents, later } = smsWorld({ plans: [huapu], start: new Date('2026-03-05T08:00:30Z') });
  let count = 0;
  // A minute and a bit apart: the answer limit of 3 a minute never holds an answer back here.
  const text = async (body: string, messageId = `in-${++count}`) => {
    try {
      return await receiveSms(deps, { messageId, from: FLOODER, body });
    } finally {
      later(61_000);
    }
  };
  const opened = async () => (await incidents.listOpen(huapu.organisation.id)).length;
  return { text, sent, opened, deps };
}

test('the 6th and 7th texted reports within the window open nothing; only the 6th is answered, once', async () => {
  const { text, sent, opened } = channel();
  for (let n = 1; n <= 5; n++) expect((await text(`${n}号楼着火了`)).incidentId).toEqual(expect.any(String));
  const sixth = await text('6号楼着火了');
  const seventh = await text('7号楼着火了');
  expect(sixth).toEqual({ decision: 'report', answer: expect.stringContaining('本号码10分钟内已报告5次，此条未记录') });
  expect(seventh).toEqual({ decision: 'report' });
  expect(await opened()).toBe(5);
  expect(sent.filter((message) => message.to === FLOODER && message.body.includes('已报告5次'))).toHaveLength(1);
});

test('a text redelivered after handling failed part-way completes its incident and is not counted again', async () => {
  const { text, opened, deps } = channel();
  // The incident is opened, then keeping what was decided fails: SNS delivers the text again.
  const keep = deps.phones.recordInboundHandled.bind(deps.phones);
  let failures = 1;
  deps.phones.recordInboundHandled = async (...args) => {
    if (failures-- > 0) throw new Error('DynamoDB unavailable');
    return keep(...args);
  };
  await expect(text('1号楼着火了', 'in-same')).rejects.toThrow('DynamoDB unavailable');
  const redelivered = await text('1号楼着火了', 'in-same');
  expect(redelivered.incidentId).toEqual(expect.any(String));
  for (let n = 2; n <= 5; n++) expect((await text(`${n}号楼着火了`)).incidentId).toEqual(expect.any(String));
  expect(await opened()).toBe(5);
});
