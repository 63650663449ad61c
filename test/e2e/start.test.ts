import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/definitions';
import { eventually } from '../support/runtime';

/** What `npm start` runs: the local runtime, bundled as it starts. */
const START = [join(PROJECT_ROOT, 'scripts/start.mjs')];

/** `npm start` as a user runs it: it prints where it listens, serves the API, and stops on Ctrl-C. */
test('npm start boots the system on the port it is given and stops cleanly', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'yingji-start-'));
  const child = spawn(process.execPath, START, {
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

/** A plan folder that cannot run stops `npm start` with what to fix, where: no stack trace, nothing left running. */
test.each([
  ['an invalid plan', join(PROJECT_ROOT, 'test/fixtures/plans/broken/alias-bomb.yaml'), /alias-bomb\.yaml:5:14: YAML: more than 20 aliases/],
  ['a missing plans folder', join(tmpdir(), 'yingji-no-such-plans'), /yingji-no-such-plans: no such folder; YINGJI_PLANS_DIR/],
])('npm start with %s exits 1 with a clear message', async (_, plan, message) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'yingji-start-'));
  let plansDir = plan;
  if (plan.endsWith('.yaml')) {
    plansDir = join(dataDir, 'plans');
    mkdirSync(plansDir);
    copyFileSync(plan, join(plansDir, 'alias-bomb.yaml'));
  }
  try {
    const run = spawnSync(process.execPath, START, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NODE_OPTIONS: '', PORT: '0', YINGJI_DATA_DIR: join(dataDir, 'data'), YINGJI_PLANS_DIR: plansDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
