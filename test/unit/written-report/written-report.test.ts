import type { Caller } from '../../../functions/core/plan';
import { actAsCaller } from '../../../functions/core/incident';
import { ConflictError, ForbiddenError, ValidationError } from '../../../functions/core/base';
import { checkWrittenReport, reviewWrittenReport, saveWrittenReport, submitWrittenReport, writtenReportFor } from '../../../functions/core/written-report';
import { fitsOneSegment, writtenReportOverdueText } from '../../../functions/core/sms';
import { seedPlan } from '../../support/plans';
import { world as sharedWorld } from '../../support/world';

/** The written report (书面报告, plan 1 七、八) on in-memory stores: due at close, drafted, submitted, reviewed, chased. */

const plans = ['huapu-primary.yaml', 'zihe-middle.yaml', 'changping-college.yaml', 'jiedao-lianghui.yaml'].map(seedPlan);
const caller = (groups: string[], phone: string): Caller => ({ subject: phone, phone, groups });
const PRINCIPAL = caller(['school:huapu-primary'], '+8613800000101');
const BUREAU = caller(['bureau:yinhai-education-bureau'], '+8613800000110');
const ZIHE = caller(['school:zihe-middle'], '+8613800000401');

function world() {
  const shared = sharedWorld({ plans });
  const report = () => shared.report('fire', 'huapu-primary', { description: '三楼冒烟', reporter: { name: '李老师' } });
  return { ...shared, report };
}

describe('the written report', () => {
  it('becomes due to the bureau seven days after the close, and its deadline is waited for', async () => {
    const { deps, watches, report, advance } = world();
    const incident = await report();
    expect((await writtenReportFor(deps, incident.id, PRINCIPAL)).status).toBe('not-due');
    advance(30);
    await actAsCaller(deps, incident.id, PRINCIPAL, { action: 'close', resolution: '火已扑灭，无人受伤' });
    const view = await writtenReportFor(deps, incident.id, PRINCIPAL);
    expect(view).toMatchObject({ required: true, status: 'due', dueAt: '2026-03-12T08:30:00.000Z', late: false });
    expect(view.to[0]!.people).toContain('银海区教育局值班室');
    expect(watches).toEqual([{ incidentId: incident.id, dueAt: '2026-03-12T08:30:00.000Z' }]);
  });

  it('is drafted from the timeline: time, place, situation, who knew when, notes as measures, the close as 善后', async () => {
    const { deps, report, advance } = world();
    const incident = await report();
    advance(5);
    await actAsCaller(deps, incident.id, PRINCIPAL, { action: 'ack' });
    await actAsCaller(deps, incident.id, PRINCIPAL, { action: 'note', text: '疏散三楼学生' });
    await actAsCaller(deps, incident.id, PRINCIPAL, { action: 'close', resolution: '火已扑灭' });
    const { content } = await writtenReportFor(deps, incident.id, PRINCIPAL);
    expect(content.time).toBe('2026-03-05 16:00');
    expect(content.place).toBe('3号楼');
    expect(content.situation).toContain('三楼冒烟');
    expect(content.knowledge).toContain('16:05');
    expect(content.knowledge).toContain('确认收到');
    expect(content.measures).toContain('疏散三楼学生');
    expect(content.aftermath).toContain('火已扑灭');
  });

  it('is edited and submitted by the school, then returned and accepted by the bureau only', async () => {
    const { deps, report, advance } = world();
    const incident = await report();
    await actAsCaller(deps, incident.id, PRINCIPAL, { action: 'close', resolution: '火已扑灭' });
    await saveWrittenReport(deps, incident.id, PRINCIPAL, { content: { measures: '报119，疏散学生' } });
    await expect(saveWrittenReport(deps, incident.id, BUREAU, { content: { measures: 'x' } })).rejects.toThrow(ForbiddenError);
    await expect(reviewWrittenReport(deps, incident.id, BUREAU, 'accept', {})).rejects.toThrow(ConflictError);
    advance(60);
    const submitted = await submitWrittenReport(deps, incident.id, PRINCIPAL, {});
    expect(submitted).toMatchObject({ status: 'submitted', round: 1 });
    expect(submitted.content.measures).toBe('报119，疏散学生');
    await expect(reviewWrittenReport(deps, incident.id, PRINCIPAL, 'accept', {})).rejects.toThrow(ForbiddenError);
    await expect(reviewWrittenReport(deps, incident.id, BUREAU, 'return', {})).rejects.toThrow(ValidationError);
    advance(60);
    const returned = await reviewWrittenReport(deps, incident.id, BUREAU, 'return', { reason: '请补充伤亡情况' });
    expect(returned).toMatchObject({ status: 'returned', returned: { reason: '请补充伤亡情况' } });
    advance(60);
    await submitWrittenReport(deps, incident.id, PRINCIPAL, { content: { situation: '火灾: 三楼冒烟，无人伤亡' } });
    advance(60);
    const accepted = await reviewWrittenReport(deps, incident.id, BUREAU, 'accept', {});
    expect(accepted).toMatchObject({ status: 'accepted', round: 2, acceptedBy: { name: '银海区教育局值班室' } });
    await expect(submitWrittenReport(deps, incident.id, PRINCIPAL, {})).rejects.toThrow(ConflictError);
    expect(accepted.history.map((event) => event.type)).toEqual([
      'written-report-due',
      'written-report-submitted',
      'written-report-returned',
      'written-report-submitted',
      'written-report-accepted',
    ]);
  });

  it('refuses another school, unknown fields and an incomplete report, storing nothing', async () => {
    const { deps, report } = world();
    const incident = await report();
    await expect(writtenReportFor(deps, incident.id, ZIHE)).rejects.toThrow(ForbiddenError);
    await expect(saveWrittenReport(deps, incident.id, PRINCIPAL, { content: { colour: 'red' } })).rejects.toMatchObject({
      fields: { 'content.colour': expect.stringContaining('unknown field') },
    });
    await expect(saveWrittenReport(deps, incident.id, PRINCIPAL, { content: { place: 7 } })).rejects.toMatchObject({ fields: { 'content.place': 'expected text' } });
    await expect(submitWrittenReport(deps, incident.id, PRINCIPAL, { content: { measures: '' } })).rejects.toMatchObject({
      fields: { 'content.measures': 'required before submitting' },
    });
    const { timeline } = (await deps.incidents.get(incident.id))!;
    expect(timeline.filter((event) => event.type.startsWith('written-report-'))).toEqual([]);
  });

  it('at its deadline flags a missing report late and texts its authors once, in one segment', async () => {
    const { deps, sent, report, advance } = world();
    const incident = await report();
    await actAsCaller(deps, incident.id, PRINCIPAL, { action: 'close', resolution: '火已扑灭' });
    advance(7 * 24 * 60);
    expect(await checkWrittenReport(deps, { incidentId: incident.id })).toEqual({ outcome: 'late' });
    expect(await checkWrittenReport(deps, { incidentId: incident.id })).toEqual({ outcome: 'late' });
    // Plan 1 六(一)3(3): the principal and the party secretary make the report.
    expect(sent.map((text) => text.to).sort()).toEqual(['+8613800000101', '+8613800000107']);
    expect(sent[0]!.body).toContain('书面报告逾期');
    expect((await writtenReportFor(deps, incident.id, BUREAU)).late).toBe(true);
    await submitWrittenReport(deps, incident.id, PRINCIPAL, { content: { measures: '报119' } });
    expect((await writtenReportFor(deps, incident.id, BUREAU)).late).toBe(true);
  });

  it('is in on time when submitted before the deadline', async () => {
    const { deps, sent, report } = world();
    const incident = await report();
    await actAsCaller(deps, incident.id, PRINCIPAL, { action: 'close', resolution: '火已扑灭' });
    await submitWrittenReport(deps, incident.id, PRINCIPAL, { content: { measures: '报119' } });
    expect(await checkWrittenReport(deps, { incidentId: incident.id })).toEqual({ outcome: 'in' });
    expect(sent).toEqual([]);
    expect((await writtenReportFor(deps, incident.id, BUREAU)).late).toBe(false);
  });

  it.each(plans)('the overdue text of $id fits one segment with a signature', (plan) => {
    const incident = { code: 'ABC234', category: plan.categories[0]!.id } as Parameters<typeof writtenReportOverdueText>[1];
    expect(fitsOneSegment(writtenReportOverdueText(plan, incident, '【应急】'))).toBe(true);
  });
});
