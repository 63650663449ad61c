import { createHash } from 'node:crypto';
import { isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { parseDuration } from '../base';
import { meaningProblems } from './meaning';
import { describePath, positionOf, type PathProblem, type PlanPath } from './positions';
import { planFileSchema, type ChainFile, type PlanFile } from './schema';
import { structureProblems } from './structure';
import type { Category, Chain, ChainLevel, Plan } from './model';

/** One thing wrong with a plan file, where it is. */
export interface PlanProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** `plans/x.yaml:12:14: people[2].phone: ...`, the form editors and terminals link to. */
export function formatProblem(problem: PlanProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

export class PlanFileError extends Error {
  override name = 'PlanFileError';
  constructor(readonly problems: PlanProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/** Aliases a plan may use (the seeds use none): enough to share a list, too few to blow up. */
const MAX_ALIASES = 20;

export type PlanCheck = { ok: true; plan: Plan; file: PlanFile } | { ok: false; problems: PlanProblem[] };

/**
 * Reads and checks a plan file: YAML syntax, then shape (./plan/schema.ts), then meaning
 * (./plan/meaning.ts). Every problem found at a stage is reported, with its line and column.
 * The plan's version is a hash of its text, so an unchanged file keeps its version.
 */
export function checkPlanFile(text: string, fileName: string): PlanCheck {
  try {
    return checkPlanText(text, fileName);
  } catch (error) {
    // A file no check foresaw must still be answered as a problem with the file, not a crash.
    return { ok: false, problems: [{ file: fileName, line: 1, column: 1, message: `cannot be read as a plan: ${(error as Error).message}` }] };
  }
}

function checkPlanText(text: string, fileName: string): PlanCheck {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number, message: string): PlanProblem => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: fileName, line, column: col, message };
  };
  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((error) => at(error.pos[0], `YAML: ${error.message.split('\n')[0]}`)) };
  }
  // An alias expands to a copy of what it names, so a few lines can stand for millions of nodes.
  const aliases: number[] = [];
  visit(doc, { Alias: (_, node) => void aliases.push(node.range?.[0] ?? 0) });
  if (aliases.length > MAX_ALIASES) return { ok: false, problems: [at(aliases[MAX_ALIASES]!, `YAML: more than ${MAX_ALIASES} aliases (*name); write the values out`)] };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    return { ok: false, problems: [at(aliases[0] ?? 0, `YAML: ${(error as Error).message}`)] };
  }
  if (data === null || data === undefined) return { ok: false, problems: [at(0, 'the file is empty; a plan starts with id:, name:, language: ...')] };

  const located = (problems: PathProblem[]): PlanProblem[] =>
    problems.map((problem) => {
      const { line, column } = positionOf(doc, lineCounter, problem.path, problem.atKey);
      const related = problem.related && positionOf(doc, lineCounter, problem.related.path);
      const suffix = related ? ` (${problem.related!.label}: line ${related.line}:${related.column})` : '';
      const where = describePath(problem.path);
      return { file: fileName, line, column, message: `${where === '' ? '' : `${where}: `}${problem.message}${suffix}` };
    });

  const sourceOf = (path: PlanPath) => {
    const node = doc.getIn(path, true);
    return isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]) : undefined;
  };
  const parsed = planFileSchema.safeParse(data);
  if (!parsed.success) return { ok: false, problems: sortProblems(located(structureProblems(planFileSchema, parsed.error.issues, data, sourceOf))) };
  const meaning = meaningProblems(parsed.data);
  if (meaning.length > 0) return { ok: false, problems: sortProblems(located(meaning)) };

  const version = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return { ok: true, plan: toRuntimePlan(parsed.data, version), file: parsed.data };
}

/** Reads a plan file, or throws a PlanFileError that lists every problem as `file:line:column: message`. */
export function parsePlanFile(text: string, fileName: string): Plan {
  const check = checkPlanFile(text, fileName);
  if (!check.ok) throw new PlanFileError(check.problems);
  return check.plan;
}

function sortProblems(problems: PlanProblem[]): PlanProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The plan as written → the plan as the domain code runs it. */
export function toRuntimePlan(file: PlanFile, version: string): Plan {
  const [main] = file.organisation.superiors;
  return {
    id: file.id,
    version,
    name: file.name,
    language: file.language,
    timeZone: file.timeZone,
    organisation: {
      id: file.organisation.id,
      name: file.organisation.name,
      ...(file.organisation.shortName && { shortName: file.organisation.shortName }),
      superior: main!.name,
      superiors: file.organisation.superiors,
    },
    roles: file.roles,
    people: file.people.map(({ landline, ...person }) => ({ ...person, ...(landline && { landline: landlineE164(landline) }) })),
    categories: file.categories.map(runtimeCategory),
    chains: Object.fromEntries(Object.entries(file.chains).map(([id, chain]) => [id, runtimeChain(chain)])),
    ...(file.reportContent && { reportContent: file.reportContent }),
    ...(file.periods && { periods: file.periods }),
    ...(file.duty && { duty: file.duty }),
    ...(file.scheduledReports && {
      scheduledReports: file.scheduledReports.map(({ every, at, weekday, day, ...report }) => ({
        ...report,
        schedule: { every, at, ...(weekday && { weekday }), ...(day !== undefined && { day }) },
      })),
    }),
    ...(file.afterAction && { afterAction: file.afterAction }),
    ...(file.cases && { cases: file.cases }),
    ...(file.source && { source: file.source }),
    ...(file.quietHours && { quietHours: file.quietHours }),
  };
}

/** 010-12345678 → +861012345678; +86 10 1234 5678 → +861012345678 (the form schema.ts accepts). */
export function landlineE164(written: string): string {
  const digits = written.replace(/[^\d+]/g, '');
  return digits.startsWith('+86') ? digits : `+86${digits.slice(1)}`;
}

function runtimeCategory({ chain, severity, ...category }: PlanFile['categories'][number]): Category {
  if (typeof chain === 'string') return { ...category, chain, ...(severity && { defaultSeverity: severity }) };
  const { general, ...graver } = chain;
  return { ...category, chain: general, severityChains: graver, ...(severity && { defaultSeverity: severity }) };
}

/**
 * Two things the plan says are turned into levels, so the one escalation workflow runs them:
 * `immediately` joins level 1 (texted at the report), and `repeat` adds copies of the top level.
 * Who may stop the chain is kept apart: the levels' own roles and the plan's `canAcknowledge`.
 */
function runtimeChain({ immediately, levels, canAcknowledge, repeat, reportToSuperior, writtenReport, callAfter }: ChainFile): Chain {
  const top = levels[levels.length - 1]!;
  const callAfterOf = (level: { callAfter?: string }) => level.callAfter ?? callAfter;
  const runtimeLevels: ChainLevel[] = levels.map((level, index) => ({
    notify: index === 0 && immediately ? [...new Set([...immediately, ...level.notify])] : level.notify,
    within: level.within,
    ...(callAfterOf(level) && { callAfter: callAfterOf(level) }),
  }));
  for (let count = 1; count <= (repeat?.times ?? 0); count++) {
    const within = parseDuration(top.within) + count * parseDuration(repeat!.every);
    runtimeLevels.push({ notify: top.notify, within: formatDuration(within), repeat: count, ...(callAfterOf(top) && { callAfter: callAfterOf(top) }) });
  }
  return {
    levels: runtimeLevels,
    // Worked out before `immediately` joins level 1: being told at once is not being asked to answer.
    canAcknowledge: [...new Set([...levels.flatMap((level) => level.notify), ...(canAcknowledge ?? [])])],
    reportToSuperior,
    ...(immediately && { immediately }),
    ...(writtenReport && { writtenReport }),
  };
}

/** The largest unit that states the duration exactly: 90 min → `90m`, 120 min → `2h`. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}
