import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/definitions';
import { eventually } from '../support/runtime';

/**
 * `npm start` as a process that can be killed with SIGKILL (no handler runs, nothing is flushed),
 * then started again on the same data folder.
 */

const PRINCIPAL = '+8613800000101';
const report = (n: number) => ({ planId: 'huapu-primary', category: 'fire', place: `${n}号楼`, description: '故障测试', reporter: {} });

interface Started {
  url: string;
  child: ChildProcess;
}

async function start(dataDir: string, speed: number): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODE_OPTIONS: '', PORT: '0', YINGJI_DATA_DIR: dataDir, YINGJI_SPEED: String(speed), YINGJI_REPORTS_PER_ADDRESS: '1000000', POWERTOOLS_LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await eventually(() => /running at (http:\/\/\S+)/.exec(output)?.[1], 60_000);
  return { url, child };
}

async function kill9({ child }: Started): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function stop({ child }: Started): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
}

const json = async (url: string, init?: RequestInit) => {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
};
const post = (url: string, body: unknown) => json(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const outbox = async (url: string): Promise<{ to: string; incidentId?: string; body: string }[]> => (await json(`${url}/sms/outbox`)).body;

/** Per incident: texts the phones received beyond the timeline's `notified` events (doubles), and whether a level after 1 went out. */
async function tally(url: string, ids: readonly string[]) {
  const { body: signIn } = await post(`${url}/auth/dev-login`, { phone: PRINCIPAL });
  const headers = { Authorization: signIn.token as string };
  const texts = await outbox(url);
  let doubled = 0;
  let beyondLevel1 = 0;
  let stranded = 0;
  for (const id of ids) {
    const { body: incident } = await json(`${url}/incidents/${id}`, { headers });
    const notified = (incident?.timeline ?? []).filter((event: { type: string }) => event.type === 'notified');
    const sent = texts.filter((text) => text.incidentId === id);
    doubled += Math.max(0, sent.length - notified.length);
    if (notified.some((event: { level: number | string }) => typeof event.level === 'number' && event.level > 1)) beyondLevel1 += 1;
    if (notified.length === 0) stranded += 1;
  }
  return { doubled, beyondLevel1, stranded };
}

/** kill -9 with 100 incidents mid-chain (level 1 texted, level 2 due), a restart: every chain goes on, nobody texted twice. */
export async function killMidChain(): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yingji-chaos-'));
  try {
    const first = await start(dataDir, 60);
    const ids: string[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const created = await Promise.all(Array.from({ length: 10 }, (_, n) => post(`${first.url}/incidents`, report(batch * 10 + n))));
      ids.push(...created.map(({ body }) => body.id as string));
    }
    await eventually(async () => new Set((await outbox(first.url)).filter((text) => text.to === PRINCIPAL).map((text) => text.incidentId)).size === ids.length, 120_000);
    await kill9(first);

    const second = await start(dataDir, 60);
    try {
      let resumed = { doubled: 0, beyondLevel1: 0, stranded: 0 };
      await eventually(async () => {
        resumed = await tally(second.url, ids);
        return resumed.beyondLevel1 === ids.length;
      }, 300_000).catch(() => undefined);
      return [`kill -9 with ${ids.length} incidents mid-chain (level 1 texted, at 60×), restarted: ${resumed.beyondLevel1} resumed (a later level texted), ${resumed.doubled} texts doubled`];
    } finally {
      await stop(second);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** kill -9 while 20 clients report at once, a restart, a minute: every accepted report is there and escalating. */
export async function killDuringIntake(): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yingji-chaos-'));
  try {
    const first = await start(dataDir, 60);
    const accepted: string[] = [];
    let refused = 0;
    let stopped = false;
    const clients = Array.from({ length: 20 }, async (_, client) => {
      for (let n = 0; !stopped; n++) {
        try {
          const { status, body } = await post(`${first.url}/incidents`, report(client * 10_000 + n));
          if (status === 201) accepted.push(body.id);
          else refused += 1;
        } catch {
          return;
        }
      }
    });
    await eventually(() => accepted.length >= 100, 60_000).catch(() => {
      throw new Error(`only ${accepted.length} reports accepted, ${refused} refused`);
    });
    await kill9(first);
    stopped = true;
    await Promise.all(clients);

    const second = await start(dataDir, 60);
    try {
      const { body: signIn } = await post(`${second.url}/auth/dev-login`, { phone: PRINCIPAL });
      const headers = { Authorization: signIn.token as string };
      const listOpen = async () => {
        const open: { id: string; levelReached: number }[] = [];
        let cursor: string | undefined;
        do {
          const { status, body } = await json(`${second.url}/incidents?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers });
          if (status !== 200) throw new Error(`GET /incidents answered ${status}: ${JSON.stringify(body)}`);
          open.push(...body.incidents);
          cursor = body.nextCursor ?? undefined;
        } while (cursor);
        return open;
      };
      // A minute of runtime time is a second at 60×; the wall clock a busy machine needs is not the figure.
      let open = await listOpen();
      await eventually(async () => (open = await listOpen()).every((incident) => incident.levelReached > 0), 60_000).catch(() => undefined);
      let lost = 0;
      for (const id of accepted) if ((await json(`${second.url}/incidents/${id}`, { headers })).status !== 200) lost += 1;
      const stranded = open.filter((incident) => incident.levelReached === 0).length;
      const sample = open.find((incident) => incident.levelReached === 0);
      if (sample && process.env.CHAOS_DEBUG) console.log(JSON.stringify((await json(`${second.url}/incidents/${sample.id}`, { headers })).body.timeline));
      const unaccepted = open.length - accepted.length;
      return [
        `kill -9 during a 20-client intake burst (${accepted.length} reports accepted before the kill, ${refused} refused): ${lost} accepted reports lost; ` +
          `${open.length} incidents stored (${unaccepted} whose client never got its 201), ${stranded} stranded (no level texted) a minute after the restart`,
      ];
    } finally {
      await stop(second);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
