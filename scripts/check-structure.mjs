// Fails `npm test` when the layout rules of docs/design.md break: no import circles in functions/
// and lib/ (type-only imports count: a circle of types is still a circle to read), no file in
// functions/core over 300 lines, and features reach each other only through their index.ts.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const MAX_LINES = 300;
const core = path.join(root, 'functions/core');

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return full.endsWith('.ts') && !full.endsWith('.d.ts') ? [full] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'";]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]|(?:^|\n)\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function resolve(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  return [base, `${base}.ts`, path.join(base, 'index.ts')].find((c) => existsSync(c) && statSync(c).isFile());
}

const files = [...sources(path.join(root, 'functions')), ...sources(path.join(root, 'lib'))];
const graph = new Map();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const targets = [];
  for (const match of text.matchAll(IMPORT)) {
    const target = resolve(file, match[1] ?? match[2]);
    if (target?.endsWith('.ts')) targets.push(target);
  }
  graph.set(file, targets);
}

const problems = [];
const rel = (file) => path.relative(root, file);

// Circles: a depth-first search reports each back edge with the path that closes it.
const state = new Map();
const stack = [];
function visit(file) {
  state.set(file, 'open');
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (state.get(next) === 'open') {
      problems.push(`import circle: ${[...stack.slice(stack.indexOf(next)), next].map(rel).join(' → ')}`);
    } else if (!state.has(next)) {
      visit(next);
    }
  }
  stack.pop();
  state.set(file, 'done');
}
for (const file of graph.keys()) if (!state.has(file)) visit(file);

const featureOf = (file) => (file.startsWith(core + path.sep) ? path.relative(core, file).split(path.sep)[0] : undefined);
for (const [file, targets] of graph) {
  if (file.startsWith(core + path.sep)) {
    const lines = readFileSync(file, 'utf8').split('\n').length;
    if (lines > MAX_LINES) problems.push(`${rel(file)} has ${lines} lines; the limit in functions/core is ${MAX_LINES}`);
  }
  // Outside its folder, a feature is reached through its index.ts only.
  for (const target of targets) {
    const feature = featureOf(target);
    if (feature && feature !== featureOf(file) && path.relative(path.join(core, feature), target) !== 'index.ts') {
      problems.push(`${rel(file)} imports ${rel(target)}; import functions/core/${feature} (its index.ts) instead`);
    }
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`${problems.length} structure problem(s)`);
  process.exit(1);
}
console.log(`structure: ${graph.size} files, no import circles, functions/core files within ${MAX_LINES} lines`);
