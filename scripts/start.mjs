// `npm start`: bundles the local runtime (bin/local.ts and every module of ours it imports; packages
// stay imports of node_modules) with esbuild, then runs the bundle. Node loading one file is what
// brings a start well under 3 s: through tsx, each of some 200 modules was resolved and transpiled
// on its own, the larger part of a start (README, Benchmarks). Bundled afresh at every start, so it
// never runs stale code; nothing is type-checked here (npm test does that).
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
// One folder below the project, as lib/ is (lib/definitions.ts finds the project as its parent);
// one file per process, so two starts in one checkout never read each other's half-written bundle.
const folder = join(root, '.build');
const bundle = join(folder, `local-${process.pid}.mjs`);
const remove = (file) => rmSync(join(folder, file), { force: true });
mkdirSync(folder, { recursive: true });
// What a start killed with -9 left behind: its process is gone.
for (const file of readdirSync(folder).filter((name) => /^local-\d+\.mjs/.test(name))) {
  if (!running(Number(/\d+/.exec(file)[0]))) remove(file);
}
await build({
  entryPoints: [join(root, 'bin', 'local.ts')],
  outfile: bundle,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
});
// A failure's stack names the TypeScript file and line, not the bundle's.
process.setSourceMapsEnabled(true);
// Once loaded (with its source map) the files have served; the runtime may also end the process
// before the import returns (plans that need fixing exit 1).
const served = () => [bundle, `${bundle}.map`].forEach((file) => rmSync(file, { force: true }));
process.once('exit', served);
try {
  await import(pathToFileURL(bundle).href);
} finally {
  served();
}

function running(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}
