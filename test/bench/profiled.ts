import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/definitions';

/**
 * Runs `work` under V8's CPU profiler (what `node --cpu-prof` records, for one part of a run) and
 * writes the profile to test-output/bench/<name>.cpuprofile; returns the file.
 */
export async function profiled(name: string, work: () => Promise<unknown>): Promise<string> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    const folder = join(PROJECT_ROOT, 'test-output', 'bench');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
  return join(PROJECT_ROOT, 'test-output', 'bench', `${name}.cpuprofile`);
}
