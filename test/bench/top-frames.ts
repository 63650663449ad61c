/**
 * The top frames of a V8 CPU profile by self time (`node --cpu-prof` writes one per process, or
 * `npm run bench -- --profile` for the roll-up): `npx tsx test/bench/top-frames.ts <file.cpuprofile> [count]`.
 * With `--by-package`, self time summed per npm package (or node internals, or this project's folder).
 */
import { readFileSync } from 'node:fs';

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export function topFrames(file: string, count = 12, byPackage = false): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const { functionName, url, lineNumber } = frames.get(id)!;
    const where = url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '');
    const key = byPackage
      ? (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
        (url
          ? where
              .split('/')
              .slice(0, url.startsWith('node:') ? 1 : -1)
              .join('/')
          : `(${functionName})`))
      : `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + profile.timeDeltas[index]!);
    total += profile.timeDeltas[index]!;
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, micros]) => `${(micros / 1000).toFixed(0).padStart(7)} ms ${((100 * micros) / total).toFixed(1).padStart(5)} %  ${key}`);
}

if (process.argv[1]?.endsWith('top-frames.ts')) {
  const [file, count] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  for (const line of topFrames(file!, Number(count ?? 12), process.argv.includes('--by-package'))) console.log(line);
}
