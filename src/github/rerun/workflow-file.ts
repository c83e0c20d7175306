// Which workflow a re-run dispatches, and whether that workflow can be dispatched at all.

import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

/**
 * `owner/repo/.github/workflows/deploy.yml@refs/heads/main` -> `deploy.yml`.
 * The dispatch API takes the workflow's file name as its id.
 */
export function workflowFileFromRef(workflowRef: string | undefined): string | null {
  if (!workflowRef) return null;
  const marker = '.github/workflows/';
  const index = workflowRef.indexOf(marker);
  if (index === -1) return null;
  // The file name ends at the first `@`: what follows is the ref, which may contain `@` too.
  const file = workflowRef.slice(index + marker.length).split('@')[0] ?? '';
  if (!file || file.includes('/')) return null;
  return file;
}

export type TriggerCheck =
  | { ok: true }
  /** Parsed, but `on:` lacks workflow_dispatch. `fix` is the exact line to add or change. */
  | { ok: false; problem: 'no-trigger'; fix: string; line: number | null; message: string }
  | { ok: false; problem: 'unparsable'; message: string };

const TRIGGER = 'workflow_dispatch';

/**
 * Does this workflow file have a `workflow_dispatch` trigger? Understands every form of `on:`:
 * `on: workflow_dispatch`, `on: [push, workflow_dispatch]`, a block list, and a map.
 */
export function checkWorkflowDispatchTrigger(
  text: string,
  file = 'the workflow file',
): TriggerCheck {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    const first = doc.errors[0];
    const where = first ? ` (${first.message.split('\n')[0]})` : '';
    return {
      ok: false,
      problem: 'unparsable',
      message: `${file} is not a readable workflow${where}`,
    };
  }
  const pair = doc.contents.items.find((item) => {
    const key = isScalar(item.key) ? item.key.value : item.key;
    return key === 'on' || key === true;
  });
  if (!pair) {
    return { ok: false, problem: 'unparsable', message: `${file} has no \`on:\` key` };
  }
  const keyNode = pair.key;
  const keyLine =
    isScalar(keyNode) && keyNode.range ? lineCounter.linePos(keyNode.range[0]).line : null;
  const value = pair.value;
  const missing = (fix: string, line: number | null) =>
    ({
      ok: false,
      problem: 'no-trigger',
      fix,
      line,
      message: `${file} has no \`${TRIGGER}\` trigger, so a re-run cannot start it: ${
        line ? `at line ${line} ` : ''
      }${fix.startsWith('on:') ? 'change `on:` to' : 'add under `on:`'} \`${fix.trim()}\``,
    }) as const;

  if (isScalar(value)) {
    const event = String(value.value ?? '');
    if (event === TRIGGER) return { ok: true };
    return missing(`on: [${event}, ${TRIGGER}]`, keyLine);
  }
  if (isSeq(value)) {
    const events = value.items.map((item) => (isScalar(item) ? String(item.value) : ''));
    if (events.includes(TRIGGER)) return { ok: true };
    if (value.flow) return missing(`on: [${[...events, TRIGGER].join(', ')}]`, keyLine);
    const indent = indentOf(text, value.items[0], lineCounter);
    return missing(`${indent}- ${TRIGGER}`, keyLine);
  }
  if (isMap(value)) {
    const events = value.items.map((item) => (isScalar(item.key) ? String(item.key.value) : ''));
    if (events.includes(TRIGGER)) return { ok: true };
    if (value.flow) {
      return missing(
        `on: { ${[...events.map((e) => `${e}: {}`), `${TRIGGER}: {}`].join(', ')} }`,
        keyLine,
      );
    }
    const indent = indentOf(text, value.items[0]?.key, lineCounter);
    return missing(`${indent}${TRIGGER}:`, keyLine);
  }
  return missing(`on: ${TRIGGER}`, keyLine);
}

function indentOf(text: string, node: unknown, lineCounter: LineCounter): string {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  if (!range) return '  ';
  const { col } = lineCounter.linePos(range[0]);
  const lineStart = range[0] - (col - 1);
  const prefix = text.slice(lineStart, range[0]);
  // A block list item's column includes the dash: indent is what precedes it.
  const match = /^[ \t]*/.exec(prefix);
  return match ? match[0] : '  ';
}
