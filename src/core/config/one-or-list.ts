// A value written as one item or as a list of them (`extends:`, a notify target's `on:`): its
// items with their key paths, so each item's problem is reported where it stands.
import { isScalar, isSeq, type Node } from 'yaml';
import { type ConfigReader, describeNode, type Entry, indexPath } from './reader.js';

export interface ListItem {
  node: Node | null;
  path: string;
}

/**
 * The items of a list, or the one scalar `single` accepts as an item; undefined after an error
 * (`expected EXPECTED, got …`, or an alias that does not resolve, reported by the reader).
 */
export function oneOrList(
  reader: ConfigReader,
  entry: Entry,
  single: (value: unknown) => boolean,
  expected: string,
): ListItem[] | undefined {
  const target = reader.resolve(entry.value, entry.path);
  if (target === null && entry.value !== null) return undefined;
  if (target !== null && isSeq(target)) {
    return target.items.map((item, index) => ({
      node: (item as Node | null) ?? null,
      path: indexPath(entry.path, index),
    }));
  }
  if (target !== null && isScalar(target) && single(target.value)) {
    return [{ node: target, path: entry.path }];
  }
  reader.error(
    reader.valueNode(entry),
    entry.path,
    `expected ${expected}, got ${describeNode(target)}`,
  );
  return undefined;
}
