/**
 * `npx yingji plan validate <file>...`      check plan files; exit 1 with file:line:column messages
 * `npx yingji plan simulate <file> --category <id> [--severity major] [--ack-at 7m] [--reported-at 90m] [--lang en]`
 * `npx yingji plan schema [--write]`          the plan JSON Schema (plans/plan.schema.json)
 * `npx yingji period set <id> --from <date> --to <date> --name <text> [--url …] (--phone … | --token …)`
 *                                            date a sensitive period in the bureau's calendar (PUT /periods)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { levelsReachingNobody } from '../functions/core/duty';
import { authorityRules } from '../functions/core/incident';
import { checkPlanFile, formatProblem, type Plan, planJsonSchema, SEVERITIES, type Severity } from '../functions/core/plan';
import { renderSimulation } from '../lib/simulate/render';
import { simulate, SimulationError } from '../lib/simulate/simulate';

/** Each command's usage, which `--help` prints and a wrong call repeats. */
const USAGES = {
  validate: `yingji plan validate <file>...
    Checks plan files; prints a one-line summary per valid file, else each mistake as
    file:line:column: message, and exits 1.`,
  simulate: `yingji plan simulate <file> --category <id> [--severity general|major|especially-major]
                     [--ack-at 7m] [--ack-by <person-id>] [--reported-at 90m] [--reported-by <person-id>]
                     [--start 2014-03-03T09:00:00+08:00] [--place <text>] [--lang zh-CN|en]
    Prints what the system would do with one incident: each text and the minute it is sent, each
    escalation, what is flagged late (statemachines/escalation.asl.json on a simulated clock).`,
  schema: `yingji plan schema [--write]
    Prints the plans' JSON Schema; --write saves it to plans/plan.schema.json.`,
} as const;
const PERIOD_USAGE = `yingji period set <period-id> --from 2026-03-04 --to 2026-03-11 --name 2026年全国两会
                  [--url http://127.0.0.1:3000] (--phone <bureau desk phone, local sign-in> | --token <ID token>)
    Dates a sensitive period in the bureau's calendar (PUT /periods): rosters and scheduled reports follow.`;
const USAGE = `usage:\n${[...Object.values(USAGES), PERIOD_USAGE].map((usage) => `  ${usage.replace(/\n/g, '\n  ')}`).join('\n')}\n\nEach command's --help prints its own usage. The plan format: docs/plans.md.`;

const SCHEMA_FILE = fileURLToPath(new URL('../plans/plan.schema.json', import.meta.url));

class UsageError extends Error {}

function load(file: string): { ok: true; plan: Plan } | { ok: false; lines: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, lines: [`${file}: cannot read: ${(error as Error).message}`] };
  }
  const check = checkPlanFile(text, file);
  return check.ok ? { ok: true, plan: check.plan } : { ok: false, lines: check.problems.map(formatProblem) };
}

function validate(files: string[]): number {
  if (files.length === 0) throw new UsageError('plan validate needs at least one file');
  let failed = 0;
  for (const file of files) {
    const loaded = load(file);
    if (!loaded.ok) {
      failed++;
      for (const line of loaded.lines) console.error(line);
      continue;
    }
    const { plan } = loaded;
    const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
    console.log(
      `${file}: valid — ${plan.id}@${plan.version} ${plan.organisation.name}: ` +
        [
          count(plan.people.length, 'person', 'people'),
          count(plan.categories.length, 'category', 'categories'),
          count(Object.keys(plan.chains).length, 'chain'),
          count(plan.scheduledReports?.length ?? 0, 'scheduled report'),
        ].join(', ') +
        `; reports to ${plan.organisation.superior}`,
    );
    for (const line of authorityRules(plan)) console.log(`  ${line}`);
    for (const line of levelsReachingNobody(plan)) console.log(`  ${line}`);
  }
  return failed > 0 ? 1 : 0;
}

async function simulateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      category: { type: 'string' },
      severity: { type: 'string' },
      'ack-at': { type: 'string' },
      'ack-by': { type: 'string' },
      'reported-at': { type: 'string' },
      'reported-by': { type: 'string' },
      start: { type: 'string' },
      place: { type: 'string' },
      lang: { type: 'string', default: 'zh-CN' },
    },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError('plan simulate needs exactly one plan file');
  if (!values.category) throw new UsageError('plan simulate needs --category <id>');
  if (values.severity !== undefined && !SEVERITIES.includes(values.severity as Severity)) {
    throw new UsageError(`--severity must be one of ${SEVERITIES.join(', ')}`);
  }
  if (values.lang !== 'zh-CN' && values.lang !== 'en') throw new UsageError('--lang must be zh-CN or en');
  const start = values.start === undefined ? undefined : new Date(values.start);
  if (start && Number.isNaN(start.getTime())) throw new UsageError(`--start ${values.start}: expected an ISO time like 2014-03-03T09:00:00+08:00`);

  const loaded = load(file);
  if (!loaded.ok) {
    for (const line of loaded.lines) console.error(line);
    return 1;
  }
  const simulation = await simulate(loaded.plan, {
    category: values.category,
    severity: values.severity as Severity | undefined,
    ackAt: values['ack-at'],
    ackBy: values['ack-by'],
    reportedAt: values['reported-at'],
    reportedBy: values['reported-by'],
    start,
    place: values.place,
  });
  console.log(renderSimulation(simulation, values.lang));
  return 0;
}

function schema(args: string[]): number {
  const text = `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
  if (args.includes('--write')) {
    writeFileSync(SCHEMA_FILE, text);
    console.log(`wrote ${SCHEMA_FILE}`);
  } else process.stdout.write(text);
  return 0;
}

/**
 * Dates a period of the bureau's calendar through the API, as the console does: the calendar's
 * entries for other periods and other years stay; one for the same period and year is replaced.
 */
async function periodSet(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      name: { type: 'string' },
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      phone: { type: 'string' },
      token: { type: 'string' },
    },
  });
  const [id, ...extra] = positionals;
  if (!id || extra.length > 0) throw new UsageError('period set needs exactly one period id');
  if (!values.from || !values.to || !values.name) throw new UsageError('period set needs --from, --to and --name');
  if (!values.phone === !values.token) throw new UsageError('period set needs --phone (local development sign-in) or --token (an ID token)');
  const base = values.url.replace(/\/+$/, '');
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token && { Authorization: token }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Answer };
  };
  const token = values.token ?? (await call('POST', '/auth/dev-login', { phone: values.phone })).body.token;
  if (!token) throw new UsageError(`no development sign-in for ${values.phone} at ${base}`);
  const current = await call('GET', '/periods', undefined, token);
  if (current.status !== 200) return failed(current);
  const entry = { id, name: values.name, from: values.from, to: values.to };
  const kept = (current.body.periods ?? []).filter((other) => !(other.id === id && other.from.slice(0, 4) === values.from!.slice(0, 4)));
  const answer = await call('PUT', '/periods', { periods: [...kept, entry] }, token);
  if (answer.status !== 200) return failed(answer);
  for (const period of answer.body.periods ?? []) console.log(`${period.id}\t${period.from} – ${period.to}\t${period.name}`);
  return 0;
}

interface Answer {
  token?: string;
  periods?: { id: string; name: string; from: string; to: string }[];
  error?: { message: string; fields?: Record<string, string> };
}

function failed(answer: { status: number; body: Answer }): number {
  console.error(`yingji: ${answer.status} ${answer.body.error?.message ?? ''}`);
  for (const [field, problem] of Object.entries(answer.body.error?.fields ?? {})) console.error(`  ${field}: ${problem}`);
  return 1;
}

const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h' || arg === 'help';

async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === 'period') {
    if (rest.some(isHelp)) {
      console.log(`usage: ${PERIOD_USAGE}`);
      return 0;
    }
    if (command === 'set') return periodSet(rest);
    throw new UsageError(command ? `unknown command "period ${command}"` : 'period needs a command');
  }
  if (isHelp(group) || (group === 'plan' && (command === undefined || isHelp(command)))) {
    console.log(USAGE);
    return 0;
  }
  if (group === 'plan' && command && command in USAGES && rest.some(isHelp)) {
    console.log(`usage: ${USAGES[command as keyof typeof USAGES]}`);
    return 0;
  }
  if (group !== 'plan') throw new UsageError(group ? `unknown command "${group}"` : 'no command given');
  switch (command) {
    case 'validate':
      return validate(rest);
    case 'simulate':
      return simulateCommand(rest);
    case 'schema':
      return schema(rest);
    default:
      throw new UsageError(command ? `unknown command "plan ${command}"` : 'plan needs a command');
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`yingji: ${error.message}\n${USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof SimulationError || String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
    console.error(`yingji: ${(error as Error).message}`);
    process.exitCode = 2;
  } else throw error;
}
