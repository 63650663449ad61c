import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** A path into the plan as written: `['people', 2, 'phone']`. */
export type PlanPath = readonly (string | number)[];

/** Something wrong with a plan, found before it has a position in the file. */
export interface PathProblem {
  path: PlanPath;
  message: string;
  /** Point at the key rather than its value (an unknown or duplicate field). */
  atKey?: boolean;
  /** Where the other half of a clash is (the first of two people with one phone). */
  related?: { path: PlanPath; label: string };
}

export interface Position {
  line: number;
  column: number;
}

/**
 * Where a path lands in the file. A path that runs past what the file has (a missing field) lands
 * on the nearest thing that is there, which is where the writer has to add it.
 */
export function positionOf(doc: Document, lineCounter: LineCounter, path: PlanPath, atKey = false): Position {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  let found = node;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      keyNode = pair?.key;
      // `phone:` with nothing after it has no value node; the key is where to write it.
      next = pair ? (pair.value ?? pair.key) : undefined;
    } else if (isSeq(node) && typeof segment === 'number') {
      keyNode = undefined;
      next = node.items[segment];
    }
    if (next === undefined || next === null) break;
    node = next;
    found = next;
  }
  const target = atKey && keyNode ? keyNode : found;
  const offset = (target as Node | undefined)?.range?.[0] ?? 0;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** `people[2].phone`, the way a person reading the YAML would name the place. */
export function describePath(path: PlanPath): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    return text === '' ? segment : `${text}.${segment}`;
  }, '');
}
