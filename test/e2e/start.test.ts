import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/definitions';
import { eventually } from '../support/runtime';

/** `npm start` as a user runs it: it prints where it listens, serves the API, and stops on Ctrl-C. */
test('npm start boots the system on the port it is given and stops cleanly', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'yingji-start-'));
  const child = spawn(join(PROJECT_ROOT, 'node_modules/.bin/tsx'), ['bin/local.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODE_OPTIONS: '', PORT: '0', YINGJI_DATA_DIR: dataDir, YINGJI_SPEED: '60' },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = await eventually(() => /running at (http:\/\/\S+)/.exec(output)?.[1], 30_000);
    expect(output).toContain('60× faster');
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ ok: true });
    const plans = (await (await fetch(`${url}/plans`)).json()) as { id: string }[];
    expect(plans.map((plan) => plan.id)).toContain('huapu-primary');
    expect(await (await fetch(`${url}/sms/outbox`)).json()).toEqual([]);
  } finally {
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
