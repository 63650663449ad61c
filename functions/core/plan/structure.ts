import type { z } from 'zod';
import type { PathProblem, PlanPath } from './positions';

/** The text of a value as written in the file (`+8613900000001`, before YAML made it a number). */
export type SourceOf = (path: PlanPath) => string | undefined;

/**
 * Zod's issues in words a plan writer can act on. Zod says "Invalid input: expected string,
 * received undefined"; the writer needs "people[2].phone: missing". Paths are left for the caller
 * to put in front of the message, with the line and column.
 */
export function structureProblems(schema: z.ZodType, issues: readonly z.core.$ZodIssue[], input: unknown, sourceOf: SourceOf = () => undefined): PathProblem[] {
  const explained = issues.flatMap((issue) => explain(schema, issue, issue.path as PlanPath, input, sourceOf));
  // `notfy:` is both an unknown field and a missing `notify`; saying the first says it all.
  const misspelt = new Set(explained.flatMap(({ meant }) => (meant ? [meant] : [])));
  return explained.filter(({ missing }) => !missing || !misspelt.has(missing)).map(({ problem }) => problem);
}

interface Explained {
  problem: PathProblem;
  /** `levels.1.notify` when the problem is that this field is missing. */
  missing?: string;
  /** `levels.1.notify` when an unknown field looks like a misspelling of it. */
  meant?: string;
}

const fieldKey = (parent: PlanPath, field: string | number) => [...parent, field].join('.');

function explain(schema: z.ZodType, issue: z.core.$ZodIssue, path: PlanPath, input: unknown, sourceOf: SourceOf): Explained[] {
  const value = valueAt(input, path);
  const plain = (message: string): Explained[] => [{ problem: { path, message } }];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const known = fieldsAt(schema, path);
        const meant = closest(key, known);
        return {
          problem: { path: [...path, key], atKey: true, message: `unknown field${meant ? didYouMean(meant) : known.length > 0 ? `; expected one of ${known.join(', ')}` : ''}` },
          ...(meant && { meant: fieldKey(path, meant) }),
        };
      });
    case 'invalid_type': {
      if (value === undefined) return [{ problem: { path, message: 'missing' }, missing: fieldKey(path.slice(0, -1), path[path.length - 1]!) }];
      if (issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
        const written = sourceOf(path) ?? String(value);
        return plain(`write ${written} in quotes ("${written}") so YAML keeps it as text`);
      }
      return plain(`expected ${expected(issue.expected)}, found ${describeValue(value)}`);
    }
    case 'invalid_value':
      return plain(`${JSON.stringify(value)} is not one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`);
    case 'invalid_union': {
      // The branch that got furthest (its problems are below the union, not about its type) is the one meant.
      const branches = issue.errors.filter((branch) => branch.some((inner) => inner.path.length > 0 || inner.code !== 'invalid_type'));
      if (branches.length === 1) return branches[0]!.flatMap((inner) => explain(schema, inner, [...path, ...(inner.path as PlanPath)], input, sourceOf));
      return plain(`unexpected ${describeValue(value)}`);
    }
    case 'invalid_key':
      return [{ problem: { path, atKey: true, message: issue.issues[0]?.message ?? 'not a valid key' } }];
    case 'too_small':
      if (issue.origin === 'array' && !issue.message.startsWith('Too small')) return plain(issue.message);
      if (issue.origin === 'array' || issue.origin === 'string') return plain('must not be empty');
      return plain(`must be at least ${String(issue.minimum)}`);
    case 'too_big':
      return plain(`must be at most ${String(issue.maximum)}`);
    default:
      return plain(issue.message);
  }
}

function valueAt(input: unknown, path: PlanPath): unknown {
  let value = input;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

function expected(type: string): string {
  return { array: 'a list', object: 'a mapping of fields', string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false' }[type] ?? type;
}

function describeValue(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping of fields';
  return JSON.stringify(value);
}

type SchemaDef = { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; valueType?: z.ZodType; options?: z.ZodType[] };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;

/** The fields the schema allows at a path: zod's issue names the unknown key, not the known ones. */
export function fieldsAt(schema: z.ZodType, path: PlanPath): string[] {
  let current: z.ZodType[] = [schema];
  for (const segment of [...path, undefined]) {
    current = current.flatMap(unwrap);
    if (segment === undefined) break;
    current = current.flatMap((candidate) => {
      const def = defOf(candidate);
      if (def.type === 'object') return def.shape?.[String(segment)] ? [def.shape[String(segment)]!] : [];
      if (def.type === 'array' && typeof segment === 'number') return def.element ? [def.element] : [];
      if (def.type === 'record') return def.valueType ? [def.valueType] : [];
      return [];
    });
  }
  return current.flatMap((candidate) => Object.keys(defOf(candidate).shape ?? {}));
}

function unwrap(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default') && def.innerType) return unwrap(def.innerType);
  if (def.type === 'union') return (def.options ?? []).flatMap(unwrap);
  return [schema];
}

/** ` (did you mean "notify"?)`, for a word a letter or two away from one that is known. */
export function suggestion(word: string, candidates: readonly string[]): string {
  const meant = closest(word, candidates);
  return meant ? didYouMean(meant) : '';
}

const didYouMean = (word: string) => ` (did you mean "${word}"?)`;

function closest(word: string, candidates: readonly string[]): string | undefined {
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(word, candidate) }))
    .filter(({ distance }) => distance <= Math.max(1, Math.floor(word.length / 3)))
    .sort((a, b) => a.distance - b.distance)[0]?.candidate;
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
