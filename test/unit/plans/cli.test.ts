import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './support';

/** `npx yingji ...` as a user runs it: bin/yingji.js → tsx → bin/yingji.ts. */
function yingji(...args: string[]) {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'yingji.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('plan validate: a valid plan exits 0 with a summary and, per chain, who may stop it, who is only told and who reports', () => {
  const { status, stdout } = yingji('plan', 'validate', 'plans/huapu-primary.yaml');
  expect(status).toBe(0);
  const lines = stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^plans\/huapu-primary\.yaml: valid — huapu-primary@[0-9a-f]{12} 福成镇花铺小学: 9 people, 11 categories, 2 chains/);
  expect(lines).toContain(
    "  chain stability-event: only 校长、领导小组副组长、应急处理指挥办公室主任、应急处理领导小组成员 can acknowledge and stop it; 银海区教育局值班室 (told immediately, for information) record 已阅, which stops nothing; only 校长、书记 can mark it reported to 银海区教育局; 银海区教育局's staff record received, comment and ask for the written report",
  );
});

test('plan validate warns when, by the roster, a level reaches nobody who could acknowledge', () => {
  const { status, stdout } = yingji('plan', 'validate', 'plans/xuegongzuobu.yaml');
  expect(status).toBe(0);
  expect(stdout).toContain(
    'warning: chain petition level 1 (上访应急小分队、值班领导) can text nobody who could acknowledge from 00:00 to 08:00 on 2014-01-10: nobody is on duty then',
  );
});

test('plan validate: a broken plan exits 1 with file:line:column messages', () => {
  const { status, stdout, stderr } = yingji('plan', 'validate', 'plans/huapu-primary.yaml', 'test/fixtures/plans/broken/deadline-backwards.yaml');
  expect(status).toBe(1);
  expect(stdout).toContain('plans/huapu-primary.yaml: valid');
  expect(stderr.trim()).toMatch(/^test\/fixtures\/plans\/broken\/deadline-backwards\.yaml:42:17: chains\.accident\.levels\[1\]\.within: level 2 is due at 5m/);
});

test('plan validate: an alias bomb is one file:line:column message, not a stack trace', () => {
  const { status, stderr } = yingji('plan', 'validate', 'test/fixtures/plans/broken/alias-bomb.yaml');
  expect(status).toBe(1);
  expect(stderr.trim()).toBe('test/fixtures/plans/broken/alias-bomb.yaml:5:14: YAML: more than 20 aliases (*name); write the values out');
});

test('plan simulate prints the timeline, in English with --lang en', () => {
  const { status, stdout } = yingji('plan', 'simulate', 'plans/huapu-primary.yaml', '--category', 'fire', '--ack-at', '7m', '--reported-at', '90m', '--lang', 'en');
  expect(status).toBe(0);
  expect(stdout).toContain('Incident: 火灾 (fire) · general · chain safety-accident · reported 2014-03-03 09:00 (Asia/Shanghai)');
  expect(stdout).toContain('Outcome: acknowledged by 叶远新 7m after the report; reported to 银海区教育局 on time');
});

test('plan simulate with a wrong option says how to call it and exits 2', () => {
  const { status, stderr } = yingji('plan', 'simulate', 'plans/huapu-primary.yaml', '--category', 'fire', '--severity', 'huge');
  expect(status).toBe(2);
  expect(stderr).toContain('--severity must be one of general, major, especially-major');
  expect(stderr).toContain('usage:');
});

test.each([['--help'], ['plan', '--help'], ['plan']])('yingji %s prints every command with its usage and exits 0', (...args) => {
  const { status, stdout } = yingji(...args);
  expect(status).toBe(0);
  for (const command of ['plan validate <file>', 'plan simulate <file> --category <id>', 'plan schema [--write]']) expect(stdout).toContain(`yingji ${command}`);
});

test.each(['validate', 'simulate', 'schema'])('yingji plan %s --help prints its own usage, not an error', (command) => {
  const { status, stdout, stderr } = yingji('plan', command, '--help');
  expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  expect(stdout).toMatch(new RegExp(`^usage: yingji plan ${command}`));
});
