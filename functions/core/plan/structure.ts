import type { z } from 'zod';
import { describePath, type PathProblem, type PlanPath } from './positions';

/**
 * Zod's issues in words a plan writer can act on. Zod says "Invalid input: expected string,
 * received undefined"; the writer needs "people[2]: phone is missing".
 */
export function structureProblems(schema: z.ZodType, issues: readonly z.core.$ZodIssue[], input: unknown): PathProblem[] {
  return issues.flatMap((issue) => explain(schema, issue, issue.path as PlanPath, input));
}

function explain(schema: z.ZodType, issue: z.core.$ZodIssue, path: PlanPath, input: unknown): PathProblem[] {
  const where = describePath(path);
  const prefix = where === '' ? '' : `${where}: `;
  const value = valueAt(input, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...path, key],
        atKey: true,
        message: `${prefix}unknown field "${key}"${suggestionOrList(key, fieldsAt(schema, path))}`,
      }));
    case 'invalid_type': {
      if (value === undefined) {
        const parent = path.slice(0, -1);
        const field = path[path.length - 1];
        return [{ path, message: `${describePath(parent) || 'the plan'}: ${String(field)} is missing` }];
      }
      if (issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
        return [{ path, message: `${prefix}write ${String(value)} in quotes ("${String(value)}") so YAML keeps it as text` }];
      }
      return [{ path, message: `${prefix}expected ${expected(issue.expected)}, found ${describeValue(value)}` }];
    }
    case 'invalid_value':
      return [{ path, message: `${prefix}${JSON.stringify(value)} is not one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` }];
    case 'invalid_union': {
      // The branch that got furthest (its problems are below the union, not about its type) is the one meant.
      const branches = issue.errors.filter((branch) => branch.some((inner) => inner.path.length > 0 || inner.code !== 'invalid_type'));
      if (branches.length === 1) return branches[0]!.flatMap((inner) => explain(schema, inner, [...path, ...(inner.path as PlanPath)], input));
      return [{ path, message: `${prefix}${issue.message === 'Invalid input' ? `unexpected ${describeValue(value)}` : issue.message}` }];
    }
    case 'invalid_key':
      return [{ path, atKey: true, message: `${prefix}${issue.issues[0]?.message ?? 'not a valid key'}` }];
    case 'too_small':
      if (issue.origin === 'array' && !issue.message.startsWith('Too small')) return [{ path, message: `${prefix}${issue.message}` }];
      if (issue.origin === 'array') return [{ path, message: `${prefix}must not be empty` }];
      if (issue.origin === 'string') return [{ path, message: `${prefix}must not be empty` }];
      return [{ path, message: `${prefix}must be at least ${String(issue.minimum)}` }];
    case 'too_big':
      return [{ path, message: `${prefix}must be at most ${String(issue.maximum)}` }];
    default:
      return [{ path, message: `${prefix}${issue.message}` }];
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

function suggestionOrList(word: string, candidates: readonly string[]): string {
  return suggestion(word, candidates) || (candidates.length > 0 ? `; expected one of ${candidates.join(', ')}` : '');
}

/** "did you mean notify?" for a key a letter or two away from one the schema knows. */
export function suggestion(word: string, candidates: readonly string[]): string {
  const close = candidates
    .map((candidate) => ({ candidate, distance: editDistance(word, candidate) }))
    .filter(({ distance }) => distance <= Math.max(1, Math.floor(word.length / 3)))
    .sort((a, b) => a.distance - b.distance)[0];
  return close ? `; did you mean "${close.candidate}"?` : '';
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
