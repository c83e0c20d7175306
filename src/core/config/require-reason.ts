// `exempt.require-reason`: whether an exempt actor must give a reason to deploy outside the
// windows (docs/overrides.md). A YAML boolean, nothing else.
import { isScalar } from 'yaml';
import { type ConfigReader, describeNode, type Entry } from './reader.js';

export const REQUIRE_REASON_KEY = 'require-reason';

/** Words people write for a yes or a no, pointed at the boolean they meant. */
const BOOLEAN_WORDS: ReadonlyMap<string, 'true' | 'false'> = new Map([
  // A quoted "true" is text: the hint is to write the boolean without quotes.
  ['true', 'true'],
  ['false', 'false'],
  ['yes', 'true'],
  ['y', 'true'],
  ['on', 'true'],
  ['1', 'true'],
  ['no', 'false'],
  ['n', 'false'],
  ['off', 'false'],
  ['0', 'false'],
]);

/** true or false; undefined after an error at the value. */
export function readRequireReason(reader: ConfigReader, entry: Entry): boolean | undefined {
  const node = reader.resolve(entry.value, entry.path);
  if (node === null && entry.value !== null) return undefined;
  if (node !== null && isScalar(node) && typeof node.value === 'boolean') return node.value;
  const written = node !== null && isScalar(node) ? String(node.source ?? node.value ?? '') : '';
  const meant = BOOLEAN_WORDS.get(written.trim().toLowerCase());
  reader.error(
    reader.valueNode(entry),
    entry.path,
    `expected true or false, got ${describeNode(node)}`,
    meant,
  );
  return undefined;
}
