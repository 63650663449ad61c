import { readFileSync } from 'node:fs';
import { checkPlanFile, formatProblem } from '../../../functions/core/plan/file';
import { join } from 'node:path';
import { parseDuration } from '../../../functions/core/base';
import { LONGEST_WRITTEN_REPORT_WITHIN } from '../../../functions/core/plan';
import { PROJECT_ROOT } from '../../../lib/definitions';
import { fixturePath } from './support';

/**
 * Each broken plan in test/fixtures/plans/broken is rejected with the message a writer needs, at
 * the line and column of the mistake. One mistake per file, so each row names one problem.
 */
const BROKEN: [file: string, line: number, column: number, message: string][] = [
  ['unknown-role.yaml', 39, 18, 'chains.accident.levels[0].notify[0]: unknown role "principle" (did you mean "principal"?)'],
  ['level-with-nobody.yaml', 41, 17, 'chains.accident.levels[1].notify: level 2 reaches nobody: no one in people holds deputy'],
  ['deadline-backwards.yaml', 42, 17, 'chains.accident.levels[1].within: level 2 is due at 5m, not after level 1 (10m)'],
  ['phone-not-e164.yaml', 24, 12, 'people[1].phone: a phone must be in E.164 form'],
  ['shared-phone.yaml', 24, 12, "people[1].phone: +8613900000001 is also zhang's phone; two people with one phone cannot each acknowledge for themselves (theirs: line 20:12)"],
  ['unknown-chain.yaml', 35, 12, 'categories[0].chain: unknown chain "acident" (did you mean "accident"?)'],
  ['duplicate-person-id.yaml', 22, 9, 'people[1].id: duplicate person id "zhang"; ids must be unique (first: line 18:9)'],
  ['bad-duration.yaml', 40, 17, 'chains.accident.levels[0].within: a level deadline must be a duration like 0m, 10m, 2h or 1d'],
  ['unknown-field.yaml', 41, 9, 'chains.accident.levels[1].notfy: unknown field (did you mean "notify"?)'],
  ['missing-phone.yaml', 22, 5, 'people[1]: li has neither a phone nor a landline: nobody could reach them'],
  ['landline.yaml', 28, 12, 'people[2].phone: +8607790000110 cannot receive texts'],
  ['unquoted-phone.yaml', 20, 12, 'people[0].phone: write +8613900000001 in quotes ("+8613900000001")'],
  ['bad-time-zone.yaml', 5, 11, 'timeZone: not an IANA time zone'],
  ['category-id-not-kebab.yaml', 32, 9, 'categories[0].id: a category id must be short English kebab-case'],
  ['unknown-unit.yaml', 30, 11, 'people[2].unit: unknown unit "test-burea" (did you mean "test-bureau"?)'],
  ['duplicate-key.yaml', 24, 5, 'YAML: Map keys must be unique'],
  ['report-due-at-once.yaml', 45, 15, 'chains.accident.reportToSuperior.within: the report to the superior is due at 0m'],
  ['bad-indentation.yaml', 25, 1, 'YAML: '],
  ['alias-bomb.yaml', 5, 14, 'YAML: more than 20 aliases (*name); write the values out'],
  ['written-report-too-late.yaml', 49, 13, 'afterAction.writtenReport.within: the written report is due 30d after the close, more than 24d'],
];

test.each(BROKEN)('%s is rejected at %i:%i', (file, line, column, message) => {
  const name = `test/fixtures/plans/broken/${file}`;
  const check = checkPlanFile(readFileSync(fixturePath(`broken/${file}`), 'utf8'), name);
  expect(check.ok).toBe(false);
  const lines = check.ok ? [] : check.problems.map(formatProblem);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`${name}:${line}:${column}: ${message}`);
});

test('every broken fixture is in the table, so none is left untested', async () => {
  const { readdirSync } = await import('node:fs');
  expect(readdirSync(fixturePath('broken')).sort()).toEqual(BROKEN.map(([file]) => file).sort());
});

test('the smallest valid plan (the one in docs/plans.md) is valid', () => {
  const check = checkPlanFile(readFileSync(fixturePath('minimal.yaml'), 'utf8'), 'minimal.yaml');
  expect(check.ok ? [] : check.problems.map(formatProblem)).toEqual([]);
});

test('all problems of a file are reported at once, in file order', () => {
  const text = readFileSync(fixturePath('minimal.yaml'), 'utf8').replace('phone: "+8613900000001"', 'phone: "13900000001"').replace('within: 10m', 'within: ten');
  const check = checkPlanFile(text, 'two.yaml');
  expect(check.ok ? [] : check.problems.map((problem) => [problem.line, problem.message.split(':')[0]])).toEqual([
    [15, 'people[0].phone'],
    [22, 'chains.accident.levels[0].within'],
  ]);
});

describe('a written report may be due at most 24 days after the close: one workflow run waits for it, and the local engine cannot wait longer', () => {
  const minimal = readFileSync(fixturePath('minimal.yaml'), 'utf8');
  const withWrittenReport = (within: string) =>
    minimal.replace(
      '    reportToSuperior: { to: [bureau-duty-desk], within: 2h }',
      `    reportToSuperior: { to: [bureau-duty-desk], within: 2h }\n    writtenReport: { to: [bureau-duty-desk], within: ${within} }`,
    );
  test.each(['24d', '576h', '7d'])('a chain’s within of %s is valid', (within) => {
    const check = checkPlanFile(withWrittenReport(within), 'ok.yaml');
    expect(check.ok ? [] : check.problems.map(formatProblem)).toEqual([]);
  });
  test.each(['25d', '577h'])('a chain’s within of %s is refused at its line and column', (within) => {
    const check = checkPlanFile(withWrittenReport(within), 'long.yaml');
    expect(check.ok ? [] : check.problems.map(formatProblem)).toEqual([
      expect.stringContaining(`long.yaml:24:54: chains.accident.writtenReport.within: the written report is due ${within} after the close, more than 24d`),
    ]);
  });
  test('the written report’s workflow may run longer than the longest deadline, and no longer than the local engine can wait', () => {
    const definition = JSON.parse(readFileSync(join(PROJECT_ROOT, 'statemachines/written-report.asl.json'), 'utf8'));
    expect(definition.TimeoutSeconds * 1000).toBeGreaterThan(parseDuration(LONGEST_WRITTEN_REPORT_WITHIN) + 12 * 3_600_000);
    expect(definition.TimeoutSeconds * 1000).toBeLessThanOrEqual(2 ** 31 - 1);
  });
});

test('a plan whose version is the hash of its text: one changed character is a new version', () => {
  const text = readFileSync(fixturePath('minimal.yaml'), 'utf8');
  const a = checkPlanFile(text, 'a.yaml');
  const b = checkPlanFile(text.replace('张校长', '王校长'), 'b.yaml');
  const again = checkPlanFile(text, 'c.yaml');
  if (!a.ok || !b.ok || !again.ok) throw new Error('the minimal plan should be valid');
  expect(a.plan.version).not.toBe(b.plan.version);
  expect(a.plan.version).toBe(again.plan.version);
});

test('an empty file and a file that is not a mapping say what a plan looks like', () => {
  const empty = checkPlanFile('', 'empty.yaml');
  expect(empty.ok ? [] : empty.problems.map(formatProblem)).toEqual(['empty.yaml:1:1: the file is empty; a plan starts with id:, name:, language: ...']);
  const list = checkPlanFile('- a\n- b\n', 'list.yaml');
  expect(list.ok ? [] : list.problems.map(formatProblem)).toEqual(['list.yaml:1:1: expected a mapping of fields, found a list']);
});

test.each(['README.md', 'docs/plans.md'])('%s shows the smallest valid plan exactly as the fixture tested above, and names its path', (doc) => {
  const text = readFileSync(`${process.cwd()}/${doc}`, 'utf8');
  const section = /## The smallest valid plan\n([\s\S]*?)\n## /.exec(text)?.[1] ?? '';
  expect(/```yaml\n([\s\S]*?)```/.exec(section)?.[1]).toBe(readFileSync(fixturePath('minimal.yaml'), 'utf8'));
  expect(section).toContain('`test/fixtures/plans/minimal.yaml`');
});
