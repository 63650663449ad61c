import { parseDuration } from '../base';
import { LONGEST_WRITTEN_REPORT_WITHIN } from './model';
import type { PathProblem, PlanPath } from './positions';
import type { ChainFile, PlanFile } from './schema';
import { suggestion } from './structure';
import { dutyProblems, scheduleProblems } from './timetable-meaning';

/**
 * What a plan must mean to be run, beyond its shape: every role it names is declared and held by
 * someone, every chain exists, deadlines move forward, each person has their own textable phone.
 * Runs on a plan whose shape is already valid.
 */
export function meaningProblems(plan: PlanFile): PathProblem[] {
  return [
    ...duplicateIds(plan),
    ...phoneProblems(plan),
    ...roleProblems(plan),
    ...chainReferenceProblems(plan),
    ...deadlineProblems(plan),
    ...writtenReportProblems(plan),
    ...superiorAndPeriodProblems(plan),
    ...scheduleProblems(plan),
    ...dutyProblems(plan),
  ];
}

function duplicateIds(plan: PlanFile): PathProblem[] {
  const lists: [string, PlanPath, { id: string }[] | undefined][] = [
    ['person', ['people'], plan.people],
    ['category', ['categories'], plan.categories],
    ['superior', ['organisation', 'superiors'], plan.organisation.superiors],
    ['period', ['periods'], plan.periods],
    ['shift', ['duty', 'shifts'], plan.duty?.shifts],
    ['scheduled report', ['scheduledReports'], plan.scheduledReports],
    ['case', ['cases'], plan.cases],
  ];
  return lists.flatMap(([what, path, items = []]) => {
    const first = new Map<string, number>();
    return items.flatMap((item, index) => {
      const earlier = first.get(item.id);
      if (earlier === undefined) {
        first.set(item.id, index);
        return [];
      }
      return [
        {
          path: [...path, index, 'id'],
          message: `duplicate ${what} id "${item.id}"; ids must be unique`,
          related: { path: [...path, earlier, 'id'], label: 'first' },
        },
      ];
    });
  });
}

/** Mainland numbers reachable by SMS are mobiles: 1, then 10 digits. A landline or a trunk 0 is not. */
const CHINA_MOBILE = /^\+861[3-9]\d{9}$/;

function phoneProblems(plan: PlanFile): PathProblem[] {
  const owners = new Map<string, number>();
  return plan.people.flatMap((person, index) => {
    const path = ['people', index, 'phone'];
    const problems: PathProblem[] = [];
    if (!person.phone) {
      if (!person.landline) problems.push({ path: ['people', index], message: `${person.id} has neither a phone nor a landline: nobody could reach them` });
      return problems;
    }
    if (person.phone.startsWith('+86') && !CHINA_MOBILE.test(person.phone)) {
      problems.push({
        path,
        message: `${person.phone} cannot receive texts: a +86 number must be an 11-digit mobile starting with 1 (no trunk 0, no landline)`,
      });
    }
    const owner = owners.get(person.phone);
    if (owner === undefined) owners.set(person.phone, index);
    else {
      problems.push({
        path,
        message: `${person.phone} is also ${plan.people[owner]!.id}'s phone; two people with one phone cannot each acknowledge for themselves`,
        related: { path: ['people', owner, 'phone'], label: 'theirs' },
      });
    }
    return problems;
  });
}

interface RoleList {
  path: PlanPath;
  roles: readonly string[];
  /** What the list is for, as a writer would name it. */
  label: string;
  /** A list that decides who is texted must reach somebody. */
  mustReach: boolean;
}

function roleLists(plan: PlanFile): RoleList[] {
  const lists: RoleList[] = plan.people.map((person, index) => ({
    path: ['people', index, 'roles'],
    roles: person.roles,
    label: `${person.id}'s roles`,
    mustReach: false,
  }));
  const add = (path: PlanPath, roles: readonly string[] | undefined, label: string) => {
    if (roles) lists.push({ path, roles, label, mustReach: true });
  };
  for (const [chainId, chain] of Object.entries(plan.chains)) {
    const at = ['chains', chainId];
    add([...at, 'immediately'], chain.immediately, 'immediately');
    add([...at, 'canAcknowledge'], chain.canAcknowledge, 'who may acknowledge');
    chain.levels.forEach((level, index) => add([...at, 'levels', index, 'notify'], level.notify, `level ${index + 1}`));
    add([...at, 'reportToSuperior', 'to'], chain.reportToSuperior.to, 'the report to the superior');
    add([...at, 'reportToSuperior', 'by'], chain.reportToSuperior.by, 'who reports to the superior');
    add([...at, 'writtenReport', 'to'], chain.writtenReport?.to, 'the written report');
  }
  plan.periods?.forEach((period, index) => {
    add(['periods', index, 'duty', 'phonesOn'], period.duty?.phonesOn, 'phones on');
    add(['periods', index, 'duty', 'roster'], period.duty?.roster, 'the duty roster');
  });
  plan.scheduledReports?.forEach((report, index) => {
    const at = ['scheduledReports', index];
    add([...at, 'from'], report.from, `${report.id}: from`);
    add([...at, 'to'], report.to, `${report.id}: to`);
    report.ifLate.forEach((step, stepIndex) => add([...at, 'ifLate', stepIndex, 'notify'], step.notify, `late step ${stepIndex + 1}`));
  });
  add(['afterAction', 'writtenReport', 'to'], plan.afterAction?.writtenReport?.to, 'the written report');
  add(['duty', 'leads'], plan.duty?.leads, 'the duty leads');
  plan.cases?.forEach((item, index) => add(['cases', index, 'owners'], item.owners, `case ${item.id}`));
  return lists;
}

function roleProblems(plan: PlanFile): PathProblem[] {
  const declared = Object.keys(plan.roles);
  // The roster's role is held by whoever is on shift, so a chain may name it without anyone holding it in people.
  const held = new Set([...plan.people.flatMap((person) => person.roles), ...(plan.duty ? [plan.duty.role] : [])]);
  return roleLists(plan).flatMap((list) => {
    const unknown: PathProblem[] = list.roles.flatMap((role, index) =>
      declared.includes(role) ? [] : [{ path: [...list.path, index], message: `unknown role "${role}"${suggestion(role, declared)}; every role must be declared under roles:` }],
    );
    if (unknown.length > 0 || !list.mustReach || list.roles.some((role) => held.has(role))) return unknown;
    return [{ path: list.path, message: `${list.label} reaches nobody: no one in people holds ${list.roles.join(' or ')}` }];
  });
}

function chainReferenceProblems(plan: PlanFile): PathProblem[] {
  const chains = Object.keys(plan.chains);
  return plan.categories.flatMap((category, index) => {
    const refs: [PlanPath, string][] =
      typeof category.chain === 'string'
        ? [[['categories', index, 'chain'], category.chain]]
        : Object.entries(category.chain).flatMap(([severity, chain]) => (chain === undefined ? [] : [[['categories', index, 'chain', severity], chain] as [PlanPath, string]]));
    return refs.flatMap(([path, chain]) =>
      chains.includes(chain) ? [] : [{ path, message: `unknown chain "${chain}"${suggestion(chain, chains)}; the plan's chains: ${chains.join(', ') || 'none'}` }],
    );
  });
}

function deadlineProblems(plan: PlanFile): PathProblem[] {
  return Object.entries(plan.chains).flatMap(([chainId, chain]) => chainDeadlineProblems(chainId, chain));
}

function chainDeadlineProblems(chainId: string, chain: ChainFile): PathProblem[] {
  const at = ['chains', chainId];
  const problems: PathProblem[] = [];
  chain.levels.forEach((level, index) => {
    const path = [...at, 'levels', index, 'within'];
    if (parseDuration(level.within) === 0) {
      problems.push({ path, message: `level ${index + 1} is due at ${level.within}: give the people on it time to acknowledge` });
    }
    const before = chain.levels[index - 1];
    if (before && parseDuration(level.within) <= parseDuration(before.within)) {
      problems.push({
        path,
        message:
          `level ${index + 1} is due at ${level.within}, not after level ${index} (${before.within}): ` +
          'deadlines count from the report, so each level must be due later than the one before',
      });
    }
  });
  chain.levels.forEach((level, index) => {
    const callAfter = level.callAfter ?? chain.callAfter;
    if (!callAfter) return;
    const window = parseDuration(level.within) - (index > 0 ? parseDuration(chain.levels[index - 1]!.within) : 0);
    if (window > 0 && parseDuration(callAfter) >= window) {
      problems.push({
        path: level.callAfter ? [...at, 'levels', index, 'callAfter'] : [...at, 'callAfter'],
        message: `level ${index + 1} is called ${callAfter} after its text, but its window is only ${window / 60_000}m: the call would come after the next level is texted`,
      });
    }
  });
  if (chain.repeat && parseDuration(chain.repeat.every) === 0) {
    problems.push({ path: [...at, 'repeat', 'every'], message: 'a repeat every 0m would text the top level again and again at once' });
  }
  if (parseDuration(chain.reportToSuperior.within) === 0) {
    problems.push({
      path: [...at, 'reportToSuperior', 'within'],
      message: 'the report to the superior is due at 0m, so every incident would be late at once; use immediately: to tell them at once',
    });
  }
  return problems;
}

/** A written report's deadline is waited for in one workflow execution, which the local engine can hold for 24 days at most (model.ts). */
function writtenReportProblems(plan: PlanFile): PathProblem[] {
  const wanted: [PlanPath, string | undefined][] = [
    ...Object.entries(plan.chains).map(([chainId, chain]): [PlanPath, string | undefined] => [['chains', chainId, 'writtenReport', 'within'], chain.writtenReport?.within]),
    [['afterAction', 'writtenReport', 'within'], plan.afterAction?.writtenReport?.within],
  ];
  return wanted.flatMap(([path, within]) =>
    within !== undefined && parseDuration(within) > parseDuration(LONGEST_WRITTEN_REPORT_WITHIN)
      ? [
          {
            path,
            message: `the written report is due ${within} after the close, more than ${LONGEST_WRITTEN_REPORT_WITHIN}: the deadline is waited for in one workflow run, which can wait ${LONGEST_WRITTEN_REPORT_WITHIN} at most`,
          },
        ]
      : [],
  );
}

function superiorAndPeriodProblems(plan: PlanFile): PathProblem[] {
  const units = plan.organisation.superiors.map((superior) => superior.id);
  const periods = (plan.periods ?? []).map((period) => period.id);
  return [
    ...plan.people.flatMap((person, index) =>
      person.unit === undefined || units.includes(person.unit)
        ? []
        : [
            {
              path: ['people', index, 'unit'],
              message: `unknown unit "${person.unit}"${suggestion(person.unit, units)}; units are the ids under organisation.superiors: ${units.join(', ')}`,
            },
          ],
    ),
    ...(plan.periods ?? []).flatMap((period, index) =>
      period.to >= period.from ? [] : [{ path: ['periods', index, 'to'], message: `period ${period.id} ends (${period.to}) before it starts (${period.from})` }],
    ),
    ...(plan.scheduledReports ?? []).flatMap((report, index) =>
      report.during === undefined || periods.includes(report.during)
        ? []
        : [
            {
              path: ['scheduledReports', index, 'during'],
              message: `unknown period "${report.during}"${suggestion(report.during, periods)}; the plan's periods: ${periods.join(', ') || 'none'}`,
            },
          ],
    ),
  ];
}
