import { MemoryCaseStore, MemoryDutyLogStore } from '../../../functions/adapters/memory-records';
import { MemoryDutyStore } from '../../../functions/adapters/memory-reports';
import { MemoryPlanCatalog } from '../../../functions/adapters/memory';
import { remindDueVisits, type PetitionCase } from '../../../functions/core/cases';
import { showDutyLog, writeDutyLog } from '../../../functions/core/duty-log';
import type { OutgoingSms } from '../../../functions/core/sms';
import { seedPlan } from '../../support/plans';

/** 包案 visit reminders and the duty log's shifts, on in-memory stores with a clock the test sets. */

const jiedao = seedPlan('jiedao-lianghui.yaml');
const changping = seedPlan('changping-college.yaml');
const at = (local: string) => new Date(`${local}+08:00`);

function caseOpenedAt(openedAt: string, everyDays: number): PetitionCase {
  return {
    id: `case-${openedAt}`,
    code: 'ABC234',
    planId: jiedao.id,
    orgId: jiedao.organisation.id,
    type: 'backlog-petitions',
    typeName: '信访积案',
    petitioner: { name: '王某' },
    summary: '拆迁补偿',
    leader: { personId: 'leader-in-charge', name: '分管领导' },
    responsible: { personId: 'case-team-leader', name: '包案小组组长' },
    visits: { everyDays, mode: 'visit' },
    openedAt: at(openedAt).toISOString(),
    openedBy: { personId: 'leader-in-charge', name: '分管领导' },
  };
}

describe('visit reminders', () => {
  const setup = async () => {
    const cases = new MemoryCaseStore();
    const sent: OutgoingSms[] = [];
    const deps = {
      plans: new MemoryPlanCatalog([jiedao]),
      cases,
      sms: { send: async (message: OutgoingSms) => (sent.push(message), { messageId: `m${sent.length}` }) },
      clock: { now: () => new Date() },
    };
    return { cases, sent, deps };
  };

  test('a visit due that day texts the leader and the responsible person once, however often the schedule fires; one due tomorrow waits', async () => {
    const { cases, sent, deps } = await setup();
    await cases.create(caseOpenedAt('2014-03-02T15:00:00', 3)); // due 03-05 15:00
    await cases.create({ ...caseOpenedAt('2014-03-03T15:00:00', 3), id: 'later', code: 'LATER2' }); // due 03-06
    const firedAt = at('2014-03-05T08:30:00').toISOString();
    expect(await remindDueVisits(deps, { timeZone: 'Asia/Shanghai', firedAt })).toEqual({ reminded: 1 });
    expect(await remindDueVisits(deps, { timeZone: 'Asia/Shanghai', firedAt })).toEqual({ reminded: 0 });
    expect(sent.map((text) => text.to).sort()).toEqual(['+8613800000502', '+8613800000507']);
    expect(sent[0]!.body).toContain('#ABC234');
    expect(await remindDueVisits(deps, { timeZone: 'Europe/Berlin', firedAt })).toEqual({ reminded: 0 });
  });

  test('a visit recorded puts the next reminder off; a closed case is reminded no more', async () => {
    const { cases, sent, deps } = await setup();
    const opened = caseOpenedAt('2014-03-01T15:00:00', 3);
    await cases.create(opened);
    await cases.append(opened, {
      type: 'visit',
      key: 'visit:1',
      at: at('2014-03-03T10:00:00').toISOString(),
      recordedAt: at('2014-03-03T10:00:00').toISOString(),
      by: opened.leader,
      mode: 'visit',
      note: '走访',
    });
    expect(await remindDueVisits(deps, { timeZone: 'Asia/Shanghai', firedAt: at('2014-03-05T08:30:00').toISOString() })).toEqual({ reminded: 0 });
    expect(await remindDueVisits(deps, { timeZone: 'Asia/Shanghai', firedAt: at('2014-03-06T08:30:00').toISOString() })).toEqual({ reminded: 1 });
    await cases.append(opened, { type: 'closed', key: 'closed', at: at('2014-03-06T09:00:00').toISOString(), by: opened.leader, resolution: '息访' });
    expect(await remindDueVisits(deps, { timeZone: 'Asia/Shanghai', firedAt: at('2014-03-12T08:30:00').toISOString() })).toEqual({ reminded: 0 });
    expect(sent).toHaveLength(2);
  });
});

test('the duty log shows each entry under the shift it was written in: a night shift runs into the next morning', async () => {
  const dutyLog = new MemoryDutyLogStore();
  let now = at('2014-03-05T07:00:00');
  const deps = {
    plans: new MemoryPlanCatalog([changping]),
    duty: new MemoryDutyStore(),
    dutyLog,
    clock: { now: () => now },
    ids: { incidentId: () => `e${dutyLog.entries.size}`, incidentCode: () => 'X', actionToken: () => 'x' },
  };
  const person = changping.people[0]!;
  for (const [time, text] of [
    ['2014-03-05T07:00:00', '昨夜班末'],
    ['2014-03-05T09:00:00', '白班巡查'],
    ['2014-03-05T23:00:00', '夜班来电'],
    ['2014-03-06T02:00:00', '夜班巡查'],
  ] as const) {
    now = at(time);
    await writeDutyLog(deps, changping, person, { kind: 'entry', text }, 'web');
  }
  const caller = { subject: 's', phone: person.phone, groups: [`school:${changping.organisation.id}`] };
  const log = await showDutyLog(deps, caller, changping.id, { date: '2014-03-05' });
  expect(log.shifts.map((shift) => [shift.shift?.id, shift.entries.map((entry) => entry.text)])).toEqual([
    ['day', ['白班巡查']],
    ['night', ['夜班来电', '夜班巡查']],
  ]);
  expect((await showDutyLog(deps, caller, changping.id, { date: '2014-03-04' })).shifts.find((shift) => shift.shift?.id === 'night')!.entries.map((entry) => entry.text)).toEqual([
    '昨夜班末',
  ]);
  await expect(showDutyLog(deps, { subject: 's', groups: ['school:huapu-primary'] }, changping.id, {})).rejects.toThrow(/may not see/);
});
