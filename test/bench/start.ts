/**
 * `npm start` to a healthy `GET /health`, wall clock, as a user meets it: in a fresh `git clone`
 * of this repository after `npm ci` (the first start), then again in the same clone (warm). Each
 * start gets a fresh data folder and port; the process is stopped with Ctrl-C (SIGINT).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/definitions';
import { eventually } from '../support/runtime';
import { figure } from './figures';

async function timeStart(clone: string): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yingji-bench-start-'));
  const started = performance.now();
  const child = spawn('npm', ['start'], { cwd: clone, env: { ...process.env, NODE_OPTIONS: '', PORT: '0', YINGJI_DATA_DIR: dataDir }, detached: true });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const url = await eventually(() => /running at (http:\/\/\S+)/.exec(output)?.[1], 120_000);
    await eventually(async () => (await fetch(`${url}/health`).catch(() => undefined))?.ok, 120_000);
    return performance.now() - started;
  } finally {
    // npm runs the start script in a child of its own: the whole group gets the Ctrl-C.
    process.kill(-child.pid!, 'SIGINT');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function startFigures(): Promise<void> {
  const clone = mkdtempSync(join(tmpdir(), 'yingji-bench-clone-'));
  try {
    execFileSync('git', ['clone', '--quiet', PROJECT_ROOT, clone]);
    const started = performance.now();
    execFileSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: clone, stdio: 'ignore' });
    console.log(`start: npm ci in a fresh clone ${((performance.now() - started) / 1000).toFixed(1)} s (npm's cache warm)`);
    const first = await timeStart(clone);
    const warm = await timeStart(clone);
    console.log(`start: npm start → healthy /health, fresh clone ${first.toFixed(0)} ms, warm ${warm.toFixed(0)} ms`);
    figure('npm start → healthy, fresh clone', first, 'ms');
    figure('npm start → healthy, warm', warm, 'ms');
  } finally {
    rmSync(clone, { recursive: true, force: true });
  }
}
