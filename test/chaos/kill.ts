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
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: '0',
      YINGJI_DATA_DIR: dataDir,
      YINGJI_SPEED: String(speed),
      YINGJI_REPORTS_PER_ADDRESS: '1000000',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await eventually(() => /running at (http:\/\/\S+)/.exec(output)?.[1], 300_000);
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
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const outbox = async (url: string): Promise<{ to: string; incidentId?: string; body: string }[]> => (await json(`${url}/sms/outbox`)).body;

interface Tally {
  /** Incidents whose chain has run out: every level passed unanswered and the bureau's late notice due. */
  finished: number;
  /** Incidents with a text of level 2 or later. */
  beyondLevel1: number;
  /** Texts a phone received beyond one per (incident, level, person) the timeline records. */
  doubled: number;
  /** Timeline `notified` events marked `resent` (the documented rule took over an unconfirmed claim). */
  resent: number;
  /** Texts in the outbox for these incidents. */
  texts: number;
}

/**
 * Per incident, from the timeline (one `notified` event per (level, person), the unit of a text)
 * and the outbox (what phones received): a phone that got more texts of an incident than the units
 * recorded for it got one twice.
 */
async function tally(url: string, ids: readonly string[]): Promise<Tally> {
  const { body: signIn } = await post(`${url}/auth/dev-login`, { phone: PRINCIPAL });
  const headers = { Authorization: signIn.token as string };
  const received = new Map<string, number>();
  for (const text of await outbox(url)) if (text.incidentId) received.set(`${text.incidentId} ${text.to}`, (received.get(`${text.incidentId} ${text.to}`) ?? 0) + 1);
  const tally: Tally = { finished: 0, beyondLevel1: 0, doubled: 0, resent: 0, texts: 0 };
  for (const id of ids) {
    const { status, body: incident } = await json(`${url}/incidents/${id}`, { headers });
    if (status !== 200) throw new Error(`GET /incidents/${id} answered ${status}`);
    const timeline: { type: string; level?: number | string; phone?: string; resent?: true }[] = incident.timeline;
    const notified = timeline.filter((event) => event.type === 'notified');
    const units = new Map<string, number>();
    for (const event of notified) units.set(event.phone!, (units.get(event.phone!) ?? 0) + 1);
    for (const [key, count] of received) {
      const [incidentId, phone] = key.split(' ');
      if (incidentId !== id) continue;
      tally.texts += count;
      tally.doubled += Math.max(0, count - (units.get(phone!) ?? 0));
    }
    tally.resent += notified.filter((event) => event.resent).length;
    if (notified.some((event) => typeof event.level === 'number' && event.level > 1)) tally.beyondLevel1 += 1;
    if (timeline.some((event) => event.type === 'unanswered') && timeline.some((event) => event.type === 'late')) tally.finished += 1;
  }
  return tally;
}

/**
 * kill -9 with 100 incidents mid-chain (texts going out: half the principals texted), a restart on the
 * same data: every chain runs to its end, nobody texted twice. Waits on conditions only, with wall
 * time to spare for a shared machine: a claim left unconfirmed by the kill waits out its 60-s lease.
 */
export async function killMidChain(speed = 60): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yingji-chaos-'));
  const started = performance.now();
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  try {
    const first = await start(dataDir, speed);
    // All at once: reported one after another on a busy machine, the first chains run out before the last begin.
    const created = await Promise.all(Array.from({ length: 100 }, (_, n) => post(`${first.url}/incidents`, report(n))));
    for (const { status, body } of created) if (status !== 201) throw new Error(`POST /incidents answered ${status}: ${JSON.stringify(body)}`);
    const ids = created.map(({ body }) => body.id as string);
    // Killed while texts are going out: half the principals texted, the other chains about to text theirs.
    let sent: Awaited<ReturnType<typeof outbox>> = [];
    const principalsTexted = () => new Set(sent.filter((text) => text.to === PRINCIPAL).map((text) => text.incidentId)).size;
    await eventually(async () => ((sent = await outbox(first.url)), principalsTexted() >= ids.length / 2), 600_000);
    await kill9(first);
    const atKill = `${seconds()}, ${principalsTexted()} principals and ${sent.length} texts out`;

    const second = await start(dataDir, speed);
    try {
      let after = await tally(second.url, ids);
      // A tally is 100 requests: every few seconds, so the runtime under test is not kept busy answering it.
      await eventually(async () => (await pause(5_000), (after = await tally(second.url, ids)).finished === ids.length), 1_200_000).catch(() => undefined);
      return [
        `kill -9 with ${ids.length} incidents mid-chain (at ${speed}×; killed at ${atKill}), restarted on the same data: ` +
          `${after.finished} of ${ids.length} chains ran to their end (${seconds()} in all); ${after.texts} texts, ${after.doubled} doubled per (incident, level, person), ${after.resent} marked resent`,
      ];
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
