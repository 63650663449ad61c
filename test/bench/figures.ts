import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/definitions';

/**
 * The bench's figures, by name. `npm run bench -- --json` writes them to
 * test-output/bench/<time>.json and test-output/bench/latest.json, and prints each figure beside
 * the one latest.json held before, so two runs on one machine can be compared.
 */
const figures: Record<string, { value: number; unit: string }> = {};

export function figure(name: string, value: number, unit: string): void {
  figures[name] = { value: Math.round(value * 1000) / 1000, unit };
}

export function writeFigures(): void {
  if (!process.argv.includes('--json')) return;
  const folder = join(PROJECT_ROOT, 'test-output', 'bench');
  mkdirSync(folder, { recursive: true });
  const latest = join(folder, 'latest.json');
  const before = existsSync(latest) ? (JSON.parse(readFileSync(latest, 'utf8')) as { figures: typeof figures }).figures : {};
  const run = { at: new Date().toISOString(), machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`, node: process.version, figures };
  const body = `${JSON.stringify(run, null, 2)}\n`;
  writeFileSync(join(folder, `${run.at.replace(/[:.]/g, '-')}.json`), body);
  writeFileSync(latest, body);
  for (const [name, { value, unit }] of Object.entries(figures)) {
    const previous = before[name];
    console.log(`${name}: ${value} ${unit}${previous ? ` (before: ${previous.value} ${previous.unit})` : ''}`);
  }
  console.log(`bench: figures written to ${latest}`);
}
