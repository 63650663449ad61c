import { ledgerFor, validateLedgerQuery } from '../../../functions/core/accountability';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../functions/core/base';
import { actAsCaller } from '../../../functions/core/incident';
import type { Caller } from '../../../functions/core/plan';
import { checkWrittenReport, submitWrittenReport } from '../../../functions/core/written-report';
import { seedPlan } from '../../support/plans';
import { world as sharedWorld } from '../../support/world';

/** The accountability ledger on in-memory stores: each fact the plans punish, with its minutes and its proof. */

const plans = ['huapu-primary.yaml', 'zihe-middle.yaml'].map(seedPlan);
const caller = (groups: string[], phone: string): Caller => ({ subject: phone, phone, groups });
const PRINCIPAL = caller(['school:huapu-primary'], '+8613800000101');
const BUREAU = caller(['bureau:yinhai-education-bureau'], '+8613800000110');
const ZIHE = caller(['school:zihe-middle'], '+8613800000401');
const PERIOD = { from: '2026-03-05', to: '2026-03-31' };

const world = () => sharedWorld({ plans });

describe('the accountability ledger', () => {
  it('records a report made 30 minutes late and an acknowledgement 5 minutes after level 1’s deadline, with the events that prove them', async () => {
    const { deps, report, at } = world();
    const incident = await report();
    at(15);
    await actAsCaller(deps, incident.id, PRINCIPAL, { action: 'ack' });
    at(150);
    await actAsCaller(deps, incident.id, PRINCIPAL, { action: 'reported' });
    const ledger = await ledgerFor(deps, BUREAU, PERIOD);
    expect(ledger.counts).toEqual({ 'late-report': 1, 'closed-without-report': 0, 'late-acknowledgement': 1, 'written-report-late': 0 });
    const [school] = ledger.schools;
    expect(school).toMatchObject({ orgId: 'huapu-primary', incidents: 1, accountability: expect.arrayContaining(['隐瞒、缓报、谎报或阻碍他人报告的']) });
    const late = school!.facts.find((fact) => fact.kind === 'late-report')!;
    expect(late).toMatchObject({ code: incident.code, minutes: 30, metAt: '2026-03-05T10:30:00.000Z', person: { name: '叶远新' } });
    expect(late.evidence.map((event) => event.key)).toEqual(['reported', 'reported-to-bureau:ye-yuanxin']);
    expect(late.evidence[1]!.link).toBe(`/incident/${incident.id}#event-reported-to-bureau%3Aye-yuanxin`);
    expect(school!.facts.find((fact) => fact.kind === 'late-acknowledgement')).toMatchObject({ minutes: 5, deadline: '2026-03-05T08:10:00.000Z' });
  });

  it('records a close with no report to the bureau as a 隐瞒 candidate, and the report as still missing after its deadline', async () => {
    const { deps, report, at } = world();
    const incident = await report();
    at(5);
    await actAsCaller(deps, incident.id, PRINCIPAL, { action: 'ack' });
    at(30);
    await actAsCaller(deps, incident.id, PRINCIPAL, { action: 'close', resolution: '已处理' });
    expect((await ledgerFor(deps, BUREAU, PERIOD)).counts).toMatchObject({ 'closed-without-report': 1, 'late-report': 0 });
    at(200);
    const { schools } = await ledgerFor(deps, BUREAU, PERIOD);
    expect(schools[0]!.facts.map((fact) => fact.kind).sort()).toEqual(['closed-without-report', 'late-report']);
    expect(schools[0]!.facts.find((fact) => fact.kind === 'late-report')).toMatchObject({ metAt: null, minutes: 80 });
  });

  it('records a written report submitted after its deadline', async () => {
    const { deps, report, at } = world();
    const incident = await report();
    at(5);
    await actAsCaller(deps, incident.id, PRINCIPAL, { action: 'ack' });
    await actAsCaller(deps, incident.id, PRINCIPAL, { action: 'reported' });
    await actAsCaller(deps, incident.id, PRINCIPAL, { action: 'close', resolution: '已处理' });
    at(5 + 7 * 24 * 60);
    await checkWrittenReport(deps, { incidentId: incident.id });
    at(5 + 8 * 24 * 60);
    await submitWrittenReport(deps, incident.id, PRINCIPAL, { content: { measures: '疏散' } });
    const [school] = (await ledgerFor(deps, BUREAU, PERIOD)).schools;
    expect(school!.facts.map((fact) => fact.kind)).toEqual(['written-report-late']);
    expect(school!.facts[0]).toMatchObject({ minutes: 24 * 60 });
    expect(school!.facts[0]!.evidence.map((event) => event.type)).toEqual(['written-report-due', 'written-report-late', 'written-report-submitted']);
  });

  it('shows nothing for an incident handled on time, and only incidents reported in the period', async () => {
    const { deps, report, at } = world();
    const incident = await report();
    at(5);
    await actAsCaller(deps, incident.id, PRINCIPAL, { action: 'ack' });
    await actAsCaller(deps, incident.id, PRINCIPAL, { action: 'reported' });
    expect((await ledgerFor(deps, BUREAU, PERIOD)).schools[0]).toMatchObject({ incidents: 1, facts: [] });
    expect((await ledgerFor(deps, BUREAU, { from: '2026-03-06', to: '2026-03-31' })).schools[0]).toMatchObject({ incidents: 0 });
  });

  it('shows each caller only the schools they may see; another school is a 403, an unknown one a 404', async () => {
    const { deps, report } = world();
    await report('fire', 'zihe-middle');
    expect((await ledgerFor(deps, PRINCIPAL, PERIOD)).schools.map((school) => school.orgId)).toEqual(['huapu-primary']);
    expect((await ledgerFor(deps, ZIHE, PERIOD)).schools.map((school) => school.orgId)).toEqual(['zihe-middle']);
    await expect(ledgerFor(deps, PRINCIPAL, { ...PERIOD, school: 'zihe-middle' })).rejects.toThrow(ForbiddenError);
    await expect(ledgerFor(deps, PRINCIPAL, { ...PERIOD, school: 'nowhere' })).rejects.toThrow(NotFoundError);
  });

  it.each([
    [{}, ['from', 'to']],
    [{ from: '2026-03-01' }, ['to']],
    [{ from: '2026-02-30', to: '2026-03-01' }, ['from']],
    [{ from: '2026-03-05', to: '2026-03-01' }, ['to']],
    [{ from: '2024-01-01', to: '2026-03-01' }, ['to']],
    [{ from: '2026-03-01', to: '2026-03-02', colour: 'red' }, ['colour']],
    [{ from: '2026-03-01', to: '2026-03-02', school: 'NOT AN ID' }, ['school']],
  ])('refuses the query %j naming %j', (query, fields) => {
    try {
      validateLedgerQuery(query);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).fields).sort()).toEqual([...fields].sort());
    }
  });
});
