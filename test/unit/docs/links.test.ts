import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../lib/definitions';

/** A newcomer follows README and docs/ on a fresh clone: every file they name is in it. */

const DOCS = [
  'README.md',
  ...readdirSync(join(PROJECT_ROOT, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];
const TOP = '(?:bin|lib|functions|statemachines|plans|web|test|docs|scripts)';
// `path/to/file.ext` in backticks, or a Markdown link target; placeholders (<name>, *) are skipped.
const NAMED = new RegExp(`\`((?:\\.\\./|\\./)?${TOP}/[^\`\\s<>*{}]+\\.[a-z]+|\\.\\./[^\`\\s]+)\`|\\]\\((\\.{0,2}/?[^)\\s:#]+)\\)`, 'g');

test.each(DOCS)('%s names only files that exist in the repository', (doc) => {
  const text = readFileSync(join(PROJECT_ROOT, doc), 'utf8');
  const named = [...text.matchAll(NAMED)].map((match) => (match[1] ?? match[2])!);
  const base = join(PROJECT_ROOT, doc, '..');
  const missing = named.filter((path) => !existsSync(join(path.startsWith('.') ? base : PROJECT_ROOT, path)));
  expect(missing).toEqual([]);
});
