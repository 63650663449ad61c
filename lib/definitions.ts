import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Project root, whatever the working directory. */
export const PROJECT_ROOT = join(import.meta.dirname, '..');
export const STATEMACHINES_DIR = join(PROJECT_ROOT, 'statemachines');

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

export function definitionText(file: string): string {
  return readFileSync(join(STATEMACHINES_DIR, file), 'utf8');
}

/** The `${Name}` placeholders an ASL file uses, each once. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/** Replaces every `${Name}` as Step Functions' DefinitionSubstitutions do; a missing value is an error. */
export function substitute(text: string, values: Record<string, string>): string {
  const missing = placeholdersIn(text).filter((name) => !(name in values));
  if (missing.length > 0) throw new Error(`no value for ${missing.map((name) => `\${${name}}`).join(', ')}`);
  return text.replace(PLACEHOLDER, (_, name: string) => values[name]!);
}

export function readDefinition(file: string, values: Record<string, string>) {
  return JSON.parse(substitute(definitionText(file), values));
}
