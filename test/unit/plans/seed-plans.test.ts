import { readFileSync } from 'node:fs';
import { checkPlanFile, formatProblem } from '../../../functions/core/plan/file';
import { simulate } from '../../../lib/simulate/simulate';
import { formatOffset } from '../../../lib/simulate/render';
import { dueTimes } from '../../../functions/core/plan/schedule';
import { firstTextTo, loadPlan, minutesAfterReport, MORNING, planPath, textsByMinute } from './support';

/**
 * The five seed plans (the schools' documents, docs/design.md) as plans/*.yaml: each is valid, and what the simulator
 * runs under each matches the deadlines its document states. Figures a document does not state
 * are the plan's own and are not asserted here as the document's.
 */

const SEEDS = ['huapu-primary', 'xuegongzuobu', 'changping-college', 'zihe-middle', 'jiedao-lianghui'];

test.each(SEEDS)('plans/%s.yaml is valid', (name) => {
  const check = checkPlanFile(readFileSync(planPath(name), 'utf8'), `plans/${name}.yaml`);
  expect(check.ok ? [] : check.problems.map(formatProblem)).toEqual([]);
});

describe('plan 1, 花铺小学', () => {
  const plan = loadPlan('huapu-primary');
  const run = (category: string, options: { ackAt?: string; reportedAt?: string } = {}) => simulate(plan, { category, start: MORNING, ...options });

  test.each(['building', 'fire', 'traffic', 'food-poisoning', 'activity', 'network', 'psychological'])(
    'a %s accident: the principal is texted at once and has 10 minutes; the bureau must have the report within 2 hours',
    async (category) => {
      const simulation = await run(category);
      expect(textsByMinute(simulation)[0]).toEqual(['ye-yuanxin']);
      expect(minutesAfterReport(simulation, simulation.deadlines.levels[0]!.at)).toBe(10);
      expect(minutesAfterReport(simulation, simulation.deadlines.report)).toBe(120);
      // 六(一)3(4): the bureau is the end of the chain, not the start: told only when the report is late.
      expect(firstTextTo(simulation, 'yinhai-bureau-duty')).toBe(120);
    },
  );

  test.each(['collective-petition', 'demonstration', 'sit-in', 'strike'])(
    'a %s goes to the bureau 第一时间: texted with the principal the moment it is reported',
    async (category) => {
      const simulation = await run(category);
      expect(textsByMinute(simulation, 1)[0]).toEqual(['ye-yuanxin', 'yinhai-bureau-duty']);
    },
  );

  test('an unanswered fire walks the chain: deputies at 10 min, the whole group at 20, the bureau told it is late at 2 h', async () => {
    const simulation = await run('fire');
    expect(textsByMinute(simulation)).toEqual({
      0: ['ye-yuanxin'],
      10: ['chen-zuwei', 'lai-mingqing'],
      20: ['ye-yuanxin', 'chen-zuwei', 'lai-mingqing', 'xie-yongyu', 'wang-ying', 'cheng-chongbao'],
      120: ['yinhai-bureau-duty'],
    });
    expect(simulation.state).toMatchObject({ acknowledged: false, late: true });
    expect(simulation.texts.at(-1)!.body).toContain('缓报');
  });

  test('the principal acknowledging at 7 min and reporting at 90 min: called at 5 min, nobody else is texted and nothing is late', async () => {
    const simulation = await run('fire', { ackAt: '7m', reportedAt: '90m' });
    expect(textsByMinute(simulation)).toEqual({ 0: ['ye-yuanxin'] });
    expect(simulation.state).toMatchObject({ acknowledged: true, reportedToBureau: true, late: false });
    expect(simulation.state.acknowledgedBy?.personId).toBe('ye-yuanxin');
    expect(simulation.steps.map((step) => step.type)).toEqual(['reported', 'texted', 'called', 'acknowledged', 'chain-stopped', 'reported-to-superior', 'report-on-time']);
    // Half of level 1's 10-minute window: the principal has not confirmed by then.
    expect(simulation.steps.find((step) => step.type === 'called')).toMatchObject({
      at: new Date(MORNING.getTime() + 5 * 60_000).toISOString(),
      person: { id: 'ye-yuanxin' },
      to: '+8613800000101',
    });
  });

  test('nobody answering a fire: each level called halfway through its window, and the bureau’s landline called at the report deadline', async () => {
    const simulation = await run('fire', {});
    const calls = simulation.steps.flatMap((step) =>
      step.type === 'called' ? [`${formatOffset(Date.parse(step.at) - Date.parse(simulation.incident.reportedAt))} ${step.level} ${step.person.id} ${step.to}`] : [],
    );
    expect(calls.filter((call) => call.startsWith('+5m '))).toEqual(['+5m 1 ye-yuanxin +8613800000101']);
    expect(calls.filter((call) => call.includes(' report '))).toEqual(['+2h report yinhai-bureau-duty +867715551110']);
    const bureauTexts = simulation.steps.filter((step) => step.type === 'texted' && step.level === 'report');
    expect(bureauTexts.map((step) => step.at)).toEqual([simulation.deadlines.report]);
  });

  test('an acknowledgement at the very deadline counts: level 2 is not texted', async () => {
    const simulation = await run('fire', { ackAt: '10m' });
    expect(Object.keys(textsByMinute(simulation, 2))).toEqual([]);
  });

  test('the fire text gives the fire number, 119', async () => {
    const simulation = await run('fire');
    expect(simulation.texts[0]!.body).toContain('119');
  });

  test('the zero report is due daily during 两会 and chases the duty lead, then the group leader', () => {
    const [report] = plan.scheduledReports!;
    expect(report).toMatchObject({ kind: 'zero-report', from: ['duty-lead'], to: ['group-leader'] });
    const inPeriod = dueTimes(plan, report!, new Date('2014-03-01T00:00:00Z'), new Date('2014-03-20T00:00:00Z'));
    expect(inPeriod).toHaveLength(11); // 3 to 13 March
    expect(report!.ifLate.map((step) => step.notify)).toEqual([['duty-lead'], ['group-leader']]);
  });
});

describe('plan 2, 学工作部', () => {
  const plan = loadPlan('xuegongzuobu');

  test.each(['collective-petition', 'petition-disturbance', 'fire', 'facility'])('a %s reaches the leaders and the town central school within 2 hours', async (category) => {
    const simulation = await simulate(plan, { category, start: MORNING });
    expect(minutesAfterReport(simulation, simulation.deadlines.report)).toBe(120);
    expect(minutesAfterReport(simulation, simulation.deadlines.levels.at(-1)!.at)).toBe(120);
    expect(firstTextTo(simulation, 'main-leader')).toBeLessThanOrEqual(120);
    // Unreported at 2 h: the main leader and the superior are both told.
    expect(textsByMinute(simulation, 'report')[120]).toEqual(['main-leader', 'central-school-duty']);
  });

  test('a petition brings the petition team at once (上访应急小分队, 有人接访)', async () => {
    const simulation = await simulate(plan, { category: 'collective-petition', start: MORNING });
    expect(textsByMinute(simulation)[0]).toEqual(['duty-leader', 'petition-team-leader']);
  });

  test('the duty leader acknowledging and reporting within 2 hours: the superior is never chased', async () => {
    const simulation = await simulate(plan, { category: 'fire', start: MORNING, ackAt: '5m', reportedAt: '110m' });
    expect(firstTextTo(simulation, 'central-school-duty')).toBeUndefined();
    expect(simulation.state).toMatchObject({ late: false, reportedToBureau: true });
    expect(simulation.state.reportedToBureauBy?.personId).toBe('duty-leader');
  });

  test('the all-clear is due at 03:00 Beijing time every day of the period, to the town central school', () => {
    const report = plan.scheduledReports!.find((candidate) => candidate.kind === 'all-clear')!;
    expect(report.to).toEqual(['central-school-duty']);
    const due = dueTimes(plan, report, new Date('2014-01-20T00:00:00Z'), new Date('2014-01-23T00:00:00Z'));
    // 03:00 at +08:00 is 19:00 UTC the day before.
    expect(due.map((instant) => instant.toISOString())).toEqual(['2014-01-20T19:00:00.000Z', '2014-01-21T19:00:00.000Z', '2014-01-22T19:00:00.000Z']);
    expect(dueTimes(plan, report, new Date('2014-06-01T00:00:00Z'), new Date('2014-06-05T00:00:00Z'))).toEqual([]);
  });

  test('a simulated incident lists the next all-clear, 03:00 the following night', async () => {
    const simulation = await simulate(plan, { category: 'fire', start: new Date('2014-01-20T01:00:00Z') });
    expect(simulation.scheduled.map(({ report, due }) => [report.id, due])).toEqual([['all-clear', '2014-01-20T19:00:00.000Z']]);
  });
});

describe('plan 3, 学院 (昌平)', () => {
  const plan = loadPlan('changping-college');

  test('a general event is handled in the college and reported in writing to 昌平公安分局内保处; 区教委 is not texted', async () => {
    const simulation = await simulate(plan, { category: 'demonstration', start: MORNING });
    expect(simulation.severity).toBe('general');
    expect(firstTextTo(simulation, 'district-committee-duty')).toBeUndefined();
    expect(textsByMinute(simulation, 1)[0]).toEqual(['office-director', 'duty-room']);
    expect(simulation.chain.reportToSuperior).toMatchObject({ to: ['police-internal-security'], means: ['written'] });
    expect(textsByMinute(simulation, 'report')).toEqual({ 1440: ['police-internal-security'] });
  });

  test('a major event goes to 区教委 at once, the leadership group and 院长室 with the duty room, and is due by phone or fax', async () => {
    const simulation = await simulate(plan, { category: 'demonstration', severity: 'major', start: MORNING });
    expect(textsByMinute(simulation, 1)[0]).toEqual(
      expect.arrayContaining(['district-committee-duty', 'police-internal-security', 'duty-room', 'dean', 'leadership-group-leader']),
    );
    expect(minutesAfterReport(simulation, simulation.deadlines.report)).toBe(30);
    expect(simulation.chain.reportToSuperior.means).toEqual(['phone', 'fax']);
    expect(textsByMinute(simulation, 'report')).toEqual({ 30: ['district-committee-duty'] });
  });

  test('a major event nobody takes charge of texts the top level again at 10 and 20 minutes, not the superiors', async () => {
    const simulation = await simulate(plan, { category: 'violence', severity: 'major', start: MORNING });
    const again = textsByMinute(simulation);
    expect(again[10]).toEqual(['leadership-group-leader', 'office-director', 'duty-room', 'dean']);
    expect(again[20]).toEqual(again[10]);
    expect(simulation.chain.levels.map((level) => level.repeat)).toEqual([undefined, 1, 2]);
  });

  test('an especially major event runs the major chain', async () => {
    const simulation = await simulate(plan, { category: 'cult-activity', severity: 'especially-major', start: MORNING });
    expect(simulation.chainId).toBe('sensitive-major');
  });

  test('a campus terror event is major without being told', async () => {
    const simulation = await simulate(plan, { category: 'campus-terror', start: MORNING });
    expect(simulation).toMatchObject({ severity: 'major', chainId: 'sensitive-major' });
    expect(firstTextTo(simulation, 'district-committee-duty')).toBe(0);
  });
});

describe('plan 4, 淄河中学', () => {
  const plan = loadPlan('zihe-middle');

  test('an accident reaches the principal, the first responsible person (第一责任人), if the security lead does not answer', async () => {
    const simulation = await simulate(plan, { category: 'food-poisoning', start: MORNING });
    expect(textsByMinute(simulation, 1)[0]).toEqual(['security-lead']);
    expect(firstTextTo(simulation, 'principal')).toBe(10);
    expect(simulation.texts[0]!.body).toContain('120');
  });

  test('the monthly inspection is due at the end of every month of the term, to the school leaders, with its checklist', () => {
    const report = plan.scheduledReports!.find((candidate) => candidate.kind === 'inspection')!;
    expect(report).toMatchObject({ from: ['inspection-team'], to: ['school-leaders'] });
    expect(report.checklist).toEqual(expect.arrayContaining(['消防设施和消防器材(按规定更换)', '门卫外来车辆、人员登记']));
    const due = dueTimes(plan, report, new Date('2010-01-01T00:00:00Z'), new Date('2011-12-31T00:00:00Z'));
    expect(due.map((instant) => instant.toISOString())).toEqual(['2010-09-30', '2010-10-31', '2010-11-30', '2010-12-31', '2011-01-31'].map((day) => `${day}T09:00:00.000Z`));
  });

  test('the quarterly check covers fire, traffic, theft, explosion and public order, due at the end of each quarter', () => {
    const report = plan.scheduledReports!.find((candidate) => candidate.kind === 'safety-check')!;
    expect(report.checklist).toEqual(['防火', '防交通', '防盗', '防爆', '防治安事故']);
    const due = dueTimes(plan, report, new Date('2010-01-01T00:00:00Z'), new Date('2011-01-01T00:00:00Z'));
    expect(due.map((instant) => instant.toISOString().slice(0, 10))).toEqual(['2010-03-31', '2010-06-30', '2010-09-30', '2010-12-31']);
  });
});

describe('plan 5, 街道', () => {
  const plan = loadPlan('jiedao-lianghui');

  test('a collective petition climbs from 综治办 and 政法委 to the leader in charge to the party secretary, who carries overall responsibility', async () => {
    const simulation = await simulate(plan, { category: 'collective-petition', start: MORNING });
    expect(textsByMinute(simulation, 1)[0]).toEqual(['political-legal-committee', 'comprehensive-office']);
    expect(firstTextTo(simulation, 'leader-in-charge')).toBe(10);
    expect(firstTextTo(simulation, 'party-secretary')).toBe(30);
  });

  test('a petition to Beijing (进京访), which the plan exists to prevent, is major: the party secretary is texted at once', async () => {
    const simulation = await simulate(plan, { category: 'beijing-petition', start: MORNING });
    expect(simulation.severity).toBe('major');
    expect(firstTextTo(simulation, 'party-secretary')).toBe(0);
  });

  test('dispute screening is daily during 两会, from the info officers to 综治办; a case team owns the backlog', () => {
    const report = plan.scheduledReports!.find((candidate) => candidate.kind === 'dispute-screening')!;
    expect(report).toMatchObject({ from: ['info-officer'], to: ['comprehensive-office'], during: 'national-lianghui' });
    expect(dueTimes(plan, report, new Date('2014-03-01T00:00:00Z'), new Date('2014-03-31T00:00:00Z'))).toHaveLength(11);
    expect(plan.cases).toEqual([expect.objectContaining({ owners: ['case-team'] })]);
  });
});
