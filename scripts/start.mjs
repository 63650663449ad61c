// `npm start`: bundles the local runtime (bin/local.ts and every module of ours it imports; packages
// stay imports of node_modules) with esbuild, then runs the bundle. Node loading one file is what
// brings a start well under 3 s: through tsx, each of some 200 modules was resolved and transpiled
// on its own, the larger part of a start (README, Benchmarks). Bundled afresh at every start, so it
// never runs stale code; nothing is type-checked here (npm test does that).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
// One folder below the project, as lib/ is (lib/definitions.ts finds the project as its parent);
// one file per process, so two starts in one checkout never read each other's half-written bundle.
const bundle = join(root, '.build', `local-${process.pid}.mjs`);
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
try {
  await import(pathToFileURL(bundle).href);
} finally {
  // Loaded (with its source map) by now, or failed to load: the files have served.
  for (const file of [bundle, `${bundle}.map`]) rmSync(file, { force: true });
}
