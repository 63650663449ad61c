/**
 * `npm run chaos [-- section ...]`: the fault suite's full figures (README, "Chaos"). Sections:
 *   inputs       generated input on every API entry, CHAOS_RUNS per entry (10,000 by default)
 *   kill-chain   kill -9 with 100 incidents mid-chain, then a restart
 *   kill-intake  kill -9 during a 20-client intake burst, then a restart and a minute
 *   sms          duplicate and out-of-order deliveries of texts arriving
 *   wave         the 5,000-school scheduled-report wave: one text per person per step
 *   faults       the SNS and DynamoDB fault tests (test/e2e/*faults*.test.ts, test/unit/*faults*)
 * Not part of `npm test` (which runs a seeded sample of each); nothing here asserts timing.
 */
import { spawnSync } from 'node:child_process';
import { generatedInputs } from './inputs';
import { killDuringIntake, killMidChain } from './kill';
import { duplicateAndReorderedTexts } from './sms';
import { scheduledReportWaveTexts } from './wave';

process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';

const SECTIONS: Record<string, () => Promise<string[]>> = {
  inputs: () => generatedInputs(Number(process.env.CHAOS_RUNS ?? 10_000), Number(process.env.CHAOS_SEED ?? 20261129), (line) => console.error(line)),
  'kill-chain': () => killMidChain(Number(process.env.CHAOS_SPEED ?? 60)),
  'kill-intake': killDuringIntake,
  sms: () => duplicateAndReorderedTexts(),
  wave: () => scheduledReportWaveTexts(Number(process.env.CHAOS_SCHOOLS ?? 5000), Number(process.env.CHAOS_WAVE_SPEED ?? 120)),
  faults: async () => {
    // The texting fault cases (SNS throttling, outages, permanent errors, DynamoDB throttling) live in npm test; here they run on their own.
    const files = ['test/e2e/sms-faults.test.ts', 'test/unit/escalation/delivery-faults.test.ts'];
    const run = spawnSync('npx', ['jest', ...files], { env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules' }, encoding: 'utf8' });
    const summary = `${run.stdout}${run.stderr}`.split('\n').filter((line) => /^(PASS|FAIL)|^Tests:|✓|✕/.test(line.trim()));
    return [`SNS and DynamoDB faults (${files.join(', ')}):`, ...summary.map((line) => `  ${line.trim()}`)];
  },
};

const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(SECTIONS);
for (const name of chosen) {
  const section = SECTIONS[name];
  if (!section) throw new Error(`no chaos section ${name}; sections: ${Object.keys(SECTIONS).join(', ')}`);
  const started = performance.now();
  const lines = await section();
  console.log(`${lines.join('\n')}\n  (${name}: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
