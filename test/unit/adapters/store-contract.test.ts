import { DynamoDbIncidentStore } from '../../../functions/adapters/dynamodb-incident-store';
import { DynamoDbPhoneStore } from '../../../functions/adapters/dynamodb-phone-store';
import { DynamoDbPlanCatalog } from '../../../functions/adapters/dynamodb-plan-catalog';
import { MemoryCalendarStore, MemoryIncidentStore, MemoryPhoneStore, MemoryPlanCatalog, MemoryReportCounters } from '../../../functions/adapters/memory';
import { DynamoDbReportCounters } from '../../../functions/adapters/dynamodb-report-counters';
import { MemoryCaseStore } from '../../../functions/adapters/memory-records';
import { DynamoDbCaseStore } from '../../../functions/adapters/dynamodb-case-store';
import { DynamoDbCalendarStore } from '../../../functions/adapters/dynamodb-calendar-store';
import { EXPIRES_AT } from '../../../functions/adapters/table';
import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { Incident, IncidentStore, OptOutNotice, ReportCounters } from '../../../functions/core/incident';
import { dueOn, type Plan, type PlanCatalog, schoolTag } from '../../../functions/core/plan';
import type { ScheduledReportStore } from '../../../functions/core/scheduled-reports';
import { MemoryReportStore } from '../../../functions/adapters/memory-reports';
import { DynamoDbReportStore } from '../../../functions/adapters/dynamodb-report-store';
import type { CaseStore, PetitionCase } from '../../../functions/core/cases';
import type { CalendarStore } from '../../../functions/core/periods';
import type { PhoneStore } from '../../../functions/core/sms';
import type { LocalDynamoDb } from '../../../lib/local/dynamodb';
import { seedPlan } from '../../support/plans';
import { scratchDynamoDb } from '../../support/dynamodb';

/**
 * The store contract: the same tests run against the in-memory adapters (the simulator's, the
 * domain tests') and the DynamoDB adapters on dynalite, so what the domain relies on (first write
 * wins, append-only timelines, idempotency, claims) holds in both. What only DynamoDB has (time to
 * live) is checked on dynalite alone, at the end.
 */

interface Stores {
  incidents: IncidentStore;
  phones: PhoneStore;
  catalog: PlanCatalog;
  cases: CaseStore;
  calendar: CalendarStore;
  counters: ReportCounters;
  reports: ScheduledReportStore;
}

let db: LocalDynamoDb;
beforeAll(async () => {
  db = await scratchDynamoDb('yingji-ddb-');
});
afterAll(() => db.stop());

const ADAPTERS: [string, () => Stores][] = [
  [
    'memory',
    () => ({
      incidents: new MemoryIncidentStore(),
      phones: new MemoryPhoneStore(),
      catalog: new MemoryPlanCatalog(),
      cases: new MemoryCaseStore(),
      calendar: new MemoryCalendarStore(),
      counters: new MemoryReportCounters(),
      reports: new MemoryReportStore(),
    }),
  ],
  [
    'DynamoDB (dynalite)',
    () => ({
      incidents: new DynamoDbIncidentStore(db.client, db.tableName),
      phones: new DynamoDbPhoneStore(db.client, db.tableName),
      catalog: new DynamoDbPlanCatalog(db.client, db.tableName),
      cases: new DynamoDbCaseStore(db.client, db.tableName),
      calendar: new DynamoDbCalendarStore(db.client, db.tableName),
      counters: new DynamoDbReportCounters(db.client, db.tableName),
      reports: new DynamoDbReportStore(db.client, db.tableName),
    }),
  ],
];

let sequence = 0;
const incident = (): Incident => ({
  id: `incident-${++sequence}`,
  code: 'ABC234',
  planId: 'huapu-primary',
  planVersion: 'v1',
  orgId: 'huapu-primary',
  category: 'fire',
  kind: 'safety',
  severity: 'general',
  place: '3号楼',
  description: '冒烟',
  reporter: {},
  reportedAt: '2026-03-05T08:00:00.000Z',
  deadlines: { levels: [{ level: 1, at: '2026-03-05T08:10:00.000Z' }], report: '2026-03-05T10:00:00.000Z' },
});

describe.each(ADAPTERS)('the %s stores', (name, make) => {
  let stores: Stores;
  beforeAll(() => {
    stores = make();
  });

  test('an incident is stored once; a second create changes nothing', async () => {
    const first = incident();
    expect(await stores.incidents.create(first)).toBe(true);
    expect(await stores.incidents.create({ ...first, place: '别处' })).toBe(false);
    expect((await stores.incidents.get(first.id))!.incident.place).toBe('3号楼');
    expect(await stores.incidents.get('no-such-incident')).toBeUndefined();
  });

  test("a new incident is stored with its reported event, on the open list and in its school's ledger, as create and append store it", async () => {
    const listing = { orgName: '福成镇花铺小学', timeZone: 'Asia/Shanghai', superior: '银海区教育局', superiors: ['yinhai-education-bureau'], categoryName: '火灾' };
    const fresh = { ...incident(), orgId: `school-${sequence}` };
    const reported = { type: 'reported', key: 'reported', at: fresh.reportedAt, channel: 'web', reporter: {} } as const;
    await stores.incidents.storeNew(fresh, listing, reported);
    expect(await stores.incidents.get(fresh.id)).toEqual({ incident: fresh, timeline: [reported] });
    expect((await stores.incidents.listAllOpen()).find((entry) => entry.incident.id === fresh.id)?.listing).toEqual(listing);
    expect((await stores.incidents.listReported(fresh.orgId, '2026-03-05', '2026-03-06')).map((record) => record.incident.id)).toEqual([fresh.id]);
    // What an earlier attempt stored is kept: a retry's create and append change nothing.
    expect(await stores.incidents.create({ ...fresh, place: '别处' }, listing)).toBe(false);
    expect(await stores.incidents.append(fresh.id, reported)).toBe(false);
  });

  test('the timeline is append-only: an event key is written once and never overwritten', async () => {
    const { id } = incident();
    await stores.incidents.create({ ...incident(), id });
    const ack = { type: 'acknowledged', key: 'acknowledged:ye-yuanxin', at: '2026-03-05T08:03:00.000Z', personId: 'ye-yuanxin', name: '叶远新' } as const;
    expect(await stores.incidents.append(id, ack)).toBe(true);
    expect(await stores.incidents.append(id, { ...ack, at: '2026-03-05T09:00:00.000Z' })).toBe(false);
    const { timeline } = (await stores.incidents.get(id))!;
    expect(timeline).toEqual([ack]);
  });

  test('a timeline longer than one DynamoDB page comes back whole', async () => {
    const record = incident();
    await stores.incidents.create(record);
    const filler = 'x'.repeat(20_000);
    for (let n = 0; n < 60; n++) {
      await stores.incidents.append(record.id, {
        type: 'notify-failed',
        key: `notify-failed:1:p${n}`,
        at: record.reportedAt,
        level: 1,
        personId: `p${n}`,
        name: 'n',
        phone: '+8613800000000',
        reason: filler,
      });
    }
    expect((await stores.incidents.get(record.id))!.timeline).toHaveLength(60);
  });

  test('an idempotency key binds to the first incident and fingerprint that claim it', async () => {
    const first = await stores.incidents.claimIdempotencyKey('key-1', { incidentId: 'a', fingerprint: 'f1' });
    const second = await stores.incidents.claimIdempotencyKey('key-1', { incidentId: 'b', fingerprint: 'f2' });
    expect(first).toEqual({ incidentId: 'a', fingerprint: 'f1' });
    expect(second).toEqual({ incidentId: 'a', fingerprint: 'f1' });
  });

  test('a text is claimed once; its link leads back to the person; only an expired claim is taken over, by one attempt', async () => {
    const claim = { token: 'tokenAAAAAAA', unit: 'incident:x|1|ye-yuanxin|text', phone: '+8613800000101', attempt: 1, claimedAt: 1_000, leaseUntil: 61_000 };
    const grant = { incidentId: 'incident-x', personId: 'ye-yuanxin', level: 1 };
    expect(await stores.incidents.claimText(claim, grant)).toBe(true);
    expect(await stores.incidents.claimText({ ...claim, claimedAt: 2_000 }, grant)).toBe(false);
    expect(await stores.incidents.findGrant('tokenAAAAAAA')).toEqual({ incidentId: 'incident-x', personId: 'ye-yuanxin' });
    expect(await stores.incidents.findGrant('tokenZZZZZZZ')).toBeUndefined();
    const stored = await stores.incidents.textClaims(['tokenAAAAAAA', 'tokenZZZZZZZ']);
    expect([...stored.keys()]).toEqual(['tokenAAAAAAA']);
    const takeover = { ...claim, attempt: 2, claimedAt: 70_000, leaseUntil: 130_000 };
    expect(await stores.incidents.claimText(takeover, grant, stored.get('tokenAAAAAAA'))).toBe(true);
    expect(await stores.incidents.claimText({ ...takeover, claimedAt: 71_000 }, grant, stored.get('tokenAAAAAAA'))).toBe(false);
    await stores.incidents.releaseText(takeover);
    expect((await stores.incidents.textClaims(['tokenAAAAAAA'])).get('tokenAAAAAAA')).toMatchObject({ attempt: 2, leaseUntil: 0 });
  });

  test('a recorded text is on the timeline and its message id leads back to it', async () => {
    const record = incident();
    await stores.incidents.create(record);
    const event = {
      type: 'notified' as const,
      key: 'notified:1:ye-yuanxin',
      at: record.reportedAt,
      level: 1,
      personId: 'ye-yuanxin',
      name: '叶远新',
      phone: '+8613800000101',
      messageId: 'm-1',
    };
    await stores.incidents.recordText(record.id, event, { incidentId: record.id, level: 1, personId: 'ye-yuanxin', phone: '+8613800000101' });
    expect((await stores.incidents.get(record.id))!.timeline).toEqual([event]);
    expect(await stores.incidents.findText('m-1')).toEqual({ incidentId: record.id, level: 1, personId: 'ye-yuanxin', phone: '+8613800000101' });
  });

  test('the plan catalog keeps every version and lists the current one', async () => {
    const catalog = stores.catalog;
    const plan = seedPlan('huapu-primary.yaml');
    await catalog.publish(plan);
    await catalog.publish({ ...plan, version: 'next', name: '新版' });
    expect((await catalog.list()).map((p) => [p.id, p.version])).toEqual([[plan.id, 'next']]);
    expect((await catalog.get(plan.id))!.name).toBe('新版');
    expect(await catalog.get(plan.id, plan.version)).toEqual(plan);
    expect(await catalog.get(plan.id, 'never-published')).toBeUndefined();
  });

  test('publishing plans keeps the index of what each bureau expects: its timetables with their schools, and the schools a page at a time, each once', async () => {
    const catalog = stores.catalog;
    const bureau = `index-bureau-${name.length}`;
    const school = (n: number): Plan => {
      const plan = seedPlan('huapu-primary.yaml');
      const id = `index-school-${String(n).padStart(3, '0')}`;
      return { ...plan, id, organisation: { ...plan.organisation, id, name: `学校${n}`, superiors: [{ id: bureau, name: '区教育局', kind: 'education-bureau' }] } };
    };
    const schools = Array.from({ length: 25 }, (_, n) => school(n + 1));
    for (const plan of schools) await catalog.publish(plan);
    await catalog.publish(schools[0]!); // published again, as every deploy does: counted once
    expect(await catalog.bureaus()).toContain(bureau);
    const [timetable, ...others] = await catalog.timetables(bureau, 'zero-report');
    expect(others).toEqual([]);
    expect(timetable!.schools.sort()).toEqual(schools.map((plan) => schoolTag(plan.id, 'zero-report')).sort());
    expect(dueOn(timetable!.timetable, '2014-03-05')).toBe('2014-03-05T09:00:00.000Z'); // 17:00 in Beijing, 两会 running
    const listed: string[] = [];
    let after: string | undefined;
    do {
      const page = await catalog.expectedSchools(bureau, 'zero-report', { ...(after !== undefined && { after }), limit: 10 });
      listed.push(...page.schools.map((entry) => entry.planId));
      after = page.next;
    } while (after !== undefined);
    expect(listed).toEqual(schools.map((plan) => plan.id));

    // A school that changes its timetable leaves the old one.
    const moved = schools[1]!;
    await catalog.publish({
      ...moved,
      version: 'later',
      scheduledReports: moved.scheduledReports!.map((report) => ({ ...report, schedule: { ...report.schedule, at: '18:00' } })),
    });
    const after18 = await catalog.timetables(bureau, 'zero-report');
    expect(after18.map((entry) => [entry.timetable.schedule.at, entry.schools.length]).sort()).toEqual([
      ['17:00', 24],
      ['18:00', 1],
    ]);
  });

  test("the day's tally counts a school once however often its report is opened or submitted, and apart per due time", async () => {
    const day = { bureau: `tally-bureau-${name.length}`, kind: 'zero-report' as const, date: '2014-03-05' };
    const occurrence = (planId: string) => ({ ...day, planId, reportId: 'zero-report' });
    const opened = (dueAt: string) =>
      ({ type: 'opened', key: 'opened', at: '2014-03-05T08:30:00.000Z', dueAt, planVersion: 'v1', orgId: 'x', school: '学校', name: '零报告' }) as const;
    const submitted = {
      type: 'submitted',
      key: 'submitted',
      at: '2014-03-05T09:10:00.000Z',
      dueAt: '2014-03-05T09:00:00.000Z',
      personId: 'p',
      name: '值班员',
      channel: 'sms',
      late: true,
    } as const;
    await stores.reports.openAll(['a', 'b', 'c'].map((planId) => ({ occurrence: occurrence(planId), event: opened('2014-03-05T09:00:00.000Z') })));
    expect(await stores.reports.append(occurrence('a'), opened('2014-03-05T09:00:00.000Z'))).toBe(false);
    expect(await stores.reports.append(occurrence('a'), submitted)).toBe(true);
    expect(await stores.reports.append(occurrence('a'), { ...submitted, at: '2014-03-05T09:20:00.000Z' })).toBe(false);
    await stores.reports.append(occurrence('d'), { ...submitted, dueAt: '2014-03-05T10:00:00.000Z', late: false });
    const tally = (await stores.reports.tally(day)).sort((x, y) => x.dueAt.localeCompare(y.dueAt));
    const tags = (...ids: string[]) => ids.map((id) => schoolTag(id, 'zero-report')).sort();
    expect(tally.map((entry) => ({ dueAt: entry.dueAt, seen: entry.seen.sort(), submitted: entry.submitted.sort(), late: entry.late.sort() }))).toEqual([
      { dueAt: '2014-03-05T09:00:00.000Z', seen: tags('a', 'b', 'c'), submitted: tags('a'), late: tags('a') },
      { dueAt: '2014-03-05T10:00:00.000Z', seen: tags('d'), submitted: tags('d'), late: [] },
    ]);
  });

  test("a school's open incidents are listed oldest first, and a closed one drops off the list", async () => {
    const orgId = 'list-school';
    const later = { ...incident(), orgId, reportedAt: '2026-03-05T09:00:00.000Z' };
    const earlier = { ...incident(), orgId, reportedAt: '2026-03-05T07:00:00.000Z' };
    const elsewhere = { ...incident(), orgId: 'other-school' };
    for (const record of [later, earlier, elsewhere]) await stores.incidents.create(record);
    expect((await stores.incidents.listOpen(orgId)).map((record) => record.incident.id)).toEqual([earlier.id, later.id]);
    await stores.incidents.markClosed(earlier.id);
    expect((await stores.incidents.listOpen(orgId)).map((record) => record.incident.id)).toEqual([later.id]);
    expect((await stores.incidents.get(earlier.id))!.incident).toEqual(earlier);
  });

  test('the open list carries each incident with its listing and a summary the timeline keeps up, until it closes', async () => {
    const listing = { orgName: '福成镇花铺小学', timeZone: 'Asia/Shanghai', superior: '银海区教育局', superiors: ['yinhai-education-bureau'], categoryName: '火灾' };
    const open = incident();
    await stores.incidents.create(open, listing);
    const notified = (level: number, personId: string) =>
      ({
        type: 'notified',
        key: `notified:${level}:${personId}`,
        at: '2026-03-05T08:00:01.000Z',
        level,
        personId,
        name: personId,
        phone: '+8613800000101',
        messageId: `m-${level}-${personId}`,
      }) as const;
    await stores.incidents.append(open.id, notified(1, 'ye-yuanxin'));
    await stores.incidents.append(open.id, notified(2, 'chen-zuwei'));
    await stores.incidents.append(open.id, notified(2, 'chen-zuwei'));
    const ack = { type: 'acknowledged', key: 'acknowledged:chen-zuwei', at: '2026-03-05T08:12:00.000Z', personId: 'chen-zuwei', name: '陈祖伟' } as const;
    await stores.incidents.append(open.id, ack);
    // A retried append of the same event keeps the first acknowledgement's time.
    await stores.incidents.append(open.id, { ...ack, at: '2026-03-05T09:00:00.000Z' });
    await stores.incidents.append(open.id, { type: 'late', key: 'late', at: '2026-03-05T10:00:00.000Z', deadline: open.deadlines.report });
    const listed = (await stores.incidents.listAllOpen()).find((entry) => entry.incident.id === open.id);
    const { description: _description, reporter: _reporter, ...shown } = open;
    expect(listed).toEqual({
      incident: shown,
      listing,
      summary: { levelReached: 2, acknowledgedBy: [{ personId: 'chen-zuwei', name: '陈祖伟', at: ack.at }], reportedToBureau: false, late: true, unanswered: false },
    });
    await stores.incidents.markClosed(open.id);
    expect((await stores.incidents.listAllOpen()).some((entry) => entry.incident.id === open.id)).toBe(false);
    // An event after closing finds no entry to update and is still appended.
    expect(await stores.incidents.append(open.id, { type: 'unanswered', key: 'unanswered', at: '2026-03-05T10:01:00.000Z', deadline: open.deadlines.report })).toBe(true);
  });

  test('an inbound text is answered once: kept what was decided, claimed for its answer by one caller, released if the answer failed', async () => {
    const phones = stores.phones;
    expect(await phones.inboundProgress('in-1')).toBeUndefined();
    const handled = { decision: 'ack' as const, incidentId: 'incident-1', answer: { body: '已确认', purpose: 'reply' as const, at: '2026-03-05T08:00:00.000Z' } };
    await phones.recordInboundHandled('in-1', handled);
    await phones.recordInboundHandled('in-1', { decision: 'help' });
    expect(await phones.inboundProgress('in-1')).toEqual({ handled, answered: false });
    expect(await Promise.all([phones.claimInboundAnswer('in-1'), phones.claimInboundAnswer('in-1')])).toEqual(expect.arrayContaining([true, false]));
    await phones.releaseInboundAnswer('in-1');
    expect(await phones.inboundProgress('in-1')).toEqual({ handled, answered: false });
    expect(await phones.claimInboundAnswer('in-1')).toBe(true);
    expect(await phones.inboundProgress('in-1')).toEqual({ handled, answered: true });
  });

  test('STOP and START: the one sent last holds, whichever arrives last', async () => {
    const phones = stores.phones;
    await phones.setOptedOut('+8615900000001', false, '2026-03-05T08:01:00.000Z');
    await phones.setOptedOut('+8615900000001', true, '2026-03-05T08:00:00.000Z');
    expect(await phones.isOptedOut('+8615900000001')).toBe(false);
    await phones.setOptedOut('+8615900000001', true, '2026-03-05T08:03:00.000Z');
    await phones.setOptedOut('+8615900000001', false, '2026-03-05T08:02:00.000Z');
    expect(await phones.isOptedOut('+8615900000001')).toBe(true);
  });

  test("a STOP's notice: the first kept wins until it is cleared; each of its texts is claimed by one caller, and released if it failed", async () => {
    const phones = stores.phones;
    const notice: OptOutNotice = {
      planId: `${name}-plan`,
      orgId: 'huapu-primary',
      orgName: '福成镇花铺小学',
      personId: 'chen-zuwei',
      name: '陈祖伟',
      roles: '领导小组副组长',
      at: '2026-03-05T08:00:00.000Z',
      messageId: 'stop-1',
      told: ['叶远新'],
    };
    const mine = async () => (await phones.optOutNotices()).filter((kept) => kept.planId === notice.planId);
    expect(await phones.openOptOutNotice(notice)).toEqual(notice);
    expect(await phones.openOptOutNotice({ ...notice, messageId: 'stop-2', at: '2026-03-05T08:05:00.000Z' })).toEqual(notice);
    expect(await mine()).toEqual([notice]);
    await phones.clearOptOutNotice(notice.planId, notice.personId);
    expect(await mine()).toEqual([]);
    expect(await phones.openOptOutNotice({ ...notice, messageId: 'stop-3' })).toEqual({ ...notice, messageId: 'stop-3' });

    const to = '+8613800000101';
    expect(await Promise.all([phones.claimNoticeText(`${name}-stop-1`, to), phones.claimNoticeText(`${name}-stop-1`, to)])).toEqual(expect.arrayContaining([true, false]));
    expect(await phones.claimNoticeText(`${name}-stop-1`, '+8613800000108')).toBe(true);
    await phones.releaseNoticeText(`${name}-stop-1`, to);
    expect(await phones.claimNoticeText(`${name}-stop-1`, to)).toBe(true);
  });

  test('a report counter counts up to its limit, then counts refusals; a report given back frees its place; windows and keys count apart', async () => {
    const counters = stores.counters;
    const window = { start: '2026-03-05T08:00:00.000Z', end: '2026-03-05T08:10:00.000Z' };
    const key = `phone#${name}`;
    expect(await Promise.all([1, 2, 3].map(() => counters.take(key, window, 3)))).toEqual([{ taken: true }, { taken: true }, { taken: true }]);
    expect(await counters.take(key, window, 3)).toEqual({ taken: false, refusals: 1 });
    expect(await counters.take(key, window, 3)).toEqual({ taken: false, refusals: 2 });
    await counters.giveBack(key, window);
    expect(await counters.take(key, window, 3)).toEqual({ taken: true });
    expect(await counters.take(key, { start: window.end, end: '2026-03-05T08:20:00.000Z' }, 3)).toEqual({ taken: true });
    expect(await counters.take(`${key}-other`, window, 3)).toEqual({ taken: true });
  });

  const petitionCase = (id: string, orgId: string, openedAt: string): PetitionCase => ({
    id,
    code: 'CASE01',
    planId: 'dongsheng-primary',
    orgId,
    type: 'petition',
    typeName: '信访',
    petitioner: { name: '王某' },
    summary: '反映校舍问题',
    leader: { personId: 'principal', name: '校长' },
    responsible: { personId: 'teacher', name: '老师' },
    visits: { everyDays: 7, mode: 'visit' },
    openedAt,
    openedBy: { personId: 'principal', name: '校长' },
  });

  test("a case is stored once, listed with its school's oldest first, and its events are written once each", async () => {
    const later = petitionCase(`${name}-case-later`, `${name}-school`, '2026-03-05T09:00:00.000Z');
    const earlier = petitionCase(`${name}-case-earlier`, `${name}-school`, '2026-03-05T08:00:00.000Z');
    expect(await stores.cases.create(later)).toBe(true);
    expect(await stores.cases.create({ ...later, summary: '别的' })).toBe(false);
    await stores.cases.create(earlier);
    await stores.cases.create(petitionCase(`${name}-case-elsewhere`, `${name}-other-school`, '2026-03-05T07:00:00.000Z'));
    expect((await stores.cases.list(`${name}-school`)).map((record) => record.case.id)).toEqual([earlier.id, later.id]);
    const visit = {
      type: 'visit',
      key: 'visit:1',
      at: '2026-03-06T08:00:00.000Z',
      recordedAt: '2026-03-06T08:00:00.000Z',
      by: later.leader,
      mode: 'visit',
      note: '已走访',
    } as const;
    expect(await stores.cases.append(later, visit)).toBe(true);
    expect(await stores.cases.append(later, { ...visit, note: '重写' })).toBe(false);
    expect(await stores.cases.get(later.id)).toEqual({ case: later, events: [visit] });
    expect(await stores.cases.get(`${name}-no-such-case`)).toBeUndefined();
  });

  test('the calendar is empty until set, then reads back as the last one written', async () => {
    const first = await stores.calendar.read();
    expect(first.periods).toEqual(expect.any(Array));
    const calendar = {
      periods: [{ id: 'national-lianghui', name: '全国两会', from: '2026-03-04', to: '2026-03-11' }],
      setAt: '2026-02-01T00:00:00.000Z',
      setBy: { name: '区教育局值班室' },
    };
    await stores.calendar.write({ ...calendar, periods: [] });
    await stores.calendar.write(calendar);
    expect(await stores.calendar.read()).toEqual(calendar);
  });
});

test('a plan withdrawn from the stage (DynamoDB only: the deploy withdraws) leaves the roll-up index', async () => {
  const catalog = new DynamoDbPlanCatalog(db.client, db.tableName);
  const bureau = 'withdraw-bureau';
  const [kept, dropped] = ['withdraw-kept', 'withdraw-dropped'].map((id) => {
    const plan = seedPlan('huapu-primary.yaml');
    return { ...plan, id, organisation: { ...plan.organisation, id, superiors: [{ id: bureau, name: '区教育局', kind: 'education-bureau' as const }] } };
  });
  for (const plan of [kept!, dropped!]) await catalog.publish(plan);
  await catalog.withdraw(dropped!.id);
  expect((await catalog.timetables(bureau, 'zero-report')).map((entry) => entry.schools)).toEqual([[schoolTag(kept!.id, 'zero-report')]]);
  expect((await catalog.expectedSchools(bureau, 'zero-report', { limit: 10 })).schools.map((school) => school.planId)).toEqual([kept!.id]);
});

describe('time to live on DynamoDB: transient items carry an expiry, the record never does', () => {
  let store: DynamoDbIncidentStore;
  beforeAll(() => {
    store = new DynamoDbIncidentStore(db.client, db.tableName);
  });
  // dynalite ignores TTL, so what is checked is the attribute DynamoDB would act on (epoch seconds).
  const raw = async (pk: string, sk: string) => (await db.client.send(new GetItemCommand({ TableName: db.tableName, Key: { pk: { S: pk }, sk: { S: sk } } }))).Item;
  const expiry = (item: Awaited<ReturnType<typeof raw>>) => Number(item?.[EXPIRES_AT]?.N);
  const HOUR = 60 * 60;

  test('an idempotency key expires a day after it is claimed', async () => {
    const before = Math.floor(Date.now() / 1000);
    await store.claimIdempotencyKey('ttl-key', { incidentId: 'incident-ttl', fingerprint: 'f' });
    const after = Math.floor(Date.now() / 1000);
    const at = expiry(await raw('IDEMPOTENCY#ttl-key', 'IDEMPOTENCY'));
    expect(at).toBeGreaterThanOrEqual(before + 24 * HOUR);
    expect(at).toBeLessThanOrEqual(after + 24 * HOUR);
  });

  test('a handled inbound text expires after a week; a counted answer when the longest rate limit (a day) has passed', async () => {
    const phones = new DynamoDbPhoneStore(db.client, db.tableName);
    const before = Math.floor(Date.now() / 1000);
    await phones.recordInboundHandled('msg-ttl', { decision: 'help' });
    expect(await phones.claimInboundAnswer('msg-ttl')).toBe(true);
    expect(expiry(await raw('INBOUND#msg-ttl', 'INBOUND'))).toBeGreaterThanOrEqual(before + 7 * 24 * HOUR);
    expect(expiry(await raw('INBOUND#msg-ttl', 'INBOUND'))).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 7 * 24 * HOUR);

    await phones.recordSent({ to: '+8613800000199', at: '2026-03-05T08:00:00.000Z', purpose: 'help' });
    const { Items } = await db.client.send(
      new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: 'PHONE#+8613800000199' } } }),
    );
    expect(Items!.map((item) => Number(item[EXPIRES_AT]?.N))).toEqual([Date.parse('2026-03-06T08:00:00.000Z') / 1000]);
  });

  test("a report counter expires when its window ends; a STOP's notice never does", async () => {
    await new DynamoDbReportCounters(db.client, db.tableName).take('phone#ttl', { start: '2026-03-05T08:00:00.000Z', end: '2026-03-05T08:10:00.000Z' }, 5);
    expect(expiry(await raw('LIMIT#phone#ttl', 'WINDOW#2026-03-05T08:00:00.000Z'))).toBe(Date.parse('2026-03-05T08:10:00.000Z') / 1000);
    await new DynamoDbPhoneStore(db.client, db.tableName).openOptOutNotice({
      planId: 'ttl-plan',
      orgId: 'o',
      orgName: 'o',
      personId: 'p',
      name: 'p',
      roles: 'r',
      at: '2026-03-05T08:00:00.000Z',
      messageId: 'm',
      told: [],
    });
    expect(await raw('OPT-OUT-NOTICE', 'ttl-plan#p')).toBeDefined();
    expect(EXPIRES_AT in (await raw('OPT-OUT-NOTICE', 'ttl-plan#p'))!).toBe(false);
  });

  test('an incident and its timeline events never expire', async () => {
    const stored = incident();
    await store.create(stored);
    await store.append(stored.id, { type: 'acknowledged', key: 'acknowledged:ttl', at: '2026-03-05T08:03:00.000Z', personId: 'ye-yuanxin', name: '叶远新' });
    const { Items } = await db.client.send(
      new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: `INCIDENT#${stored.id}` } } }),
    );
    expect(Items!.map((item) => item.sk!.S).sort()).toEqual(['EVENT#acknowledged:ttl', 'INCIDENT']);
    expect(Items!.filter((item) => EXPIRES_AT in item)).toEqual([]);
  });
});
