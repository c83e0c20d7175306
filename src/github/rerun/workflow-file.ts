// Which workflow a re-run dispatches, and whether that workflow may be dispatched at all: a
// file name, declaring workflow_dispatch, gated by deploy-window (docs/rerun.md).

import { type Document, isMap, isScalar, isSeq, LineCounter } from 'yaml';
import {
  MAX_MAP_KEYS,
  MAX_YAML_DEPTH,
  parseYamlDocument,
} from '../../core/config/yaml-document.js';
import { errorMessage } from '../../core/errors.js';

/** Workflow files larger than this are not parsed (a workflow is a few KiB). */
export const WORKFLOW_FILE_LIMIT = 512 * 1024;

/** A YAML alias may not expand a workflow beyond this many nodes (billion laughs). */
const MAX_ALIAS_COUNT = 100;

/**
 * `deploy.yml`: a file name of .github/workflows/, as the dispatch API takes it. Not a numeric
 * workflow id, not a path, nothing to escape in a URL.
 */
export function isWorkflowFileName(name: string): boolean {
  return name.length <= 255 && /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.ya?ml$/.test(name);
}

export type WorkflowInspection =
  | { ok: true; inputs: string[] }
  | { ok: false; problem: 'unparsable' | 'no-trigger' | 'not-gated'; message: string };

/** `uses: <anything>/deploy-window@<ref>` or `uses: ./` (the action in this very repository). */
export function usesDeployWindow(uses: unknown): boolean {
  if (typeof uses !== 'string') return false;
  const value = uses.trim();
  return value === './' || /^[^\s@]+\/deploy-window@[^\s@]+$/i.test(value);
}

/**
 * Can a re-run start this workflow, and is the run it starts judged by deploy-window? It must
 * declare workflow_dispatch and have a step using deploy-window. `inputs`: the names declared
 * under workflow_dispatch.inputs. `file` names the file in messages.
 */
export function inspectRerunWorkflow(text: string, file: string): WorkflowInspection {
  const read = readWorkflow(text, file);
  if (!read.ok) return read;
  const trigger = triggerOf(read, text, file);
  if (!trigger.ok) return { ok: false, problem: trigger.problem, message: trigger.message };
  let workflow: unknown;
  try {
    workflow = read.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return unparsable(file, errorMessage(error).split('\n')[0] ?? '');
  }
  const root = asRecord(workflow);
  const jobs = Object.values(asRecord(root?.jobs) ?? {});
  const gated = jobs.some((job) => {
    const steps = asRecord(job)?.steps;
    return Array.isArray(steps) && steps.some((step) => usesDeployWindow(asRecord(step)?.uses));
  });
  if (!gated) {
    return {
      ok: false,
      problem: 'not-gated',
      message: `${file} has no step that uses deploy-window (\`uses: <owner>/deploy-window@<ref>\` or \`uses: ./\`), so a re-run of it would not be judged by the windows`,
    };
  }
  return { ok: true, inputs: declaredInputs(root) };
}

type Unparsable = { ok: false; problem: 'unparsable'; message: string };

const unparsable = (file: string, reason: string): Unparsable => ({
  ok: false,
  problem: 'unparsable',
  message: `${file} is not a readable workflow (${reason})`,
});

interface ReadWorkflow {
  ok: true;
  doc: Document;
  lineCounter: LineCounter;
}

/**
 * The workflow's YAML with positions, read as a config is (src/core/config/yaml-document.ts):
 * at most 512 KiB, lists and maps at most MAX_YAML_DEPTH deep (deeper, the library's recursive
 * composer can run out of stack where V8 then aborts the process), a map's keys bounded.
 */
function readWorkflow(text: string, file: string): ReadWorkflow | Unparsable {
  if (text.length > WORKFLOW_FILE_LIMIT) {
    return { ok: false, problem: 'unparsable', message: `${file} is larger than 512 KiB` };
  }
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `at line ${line}, column ${col}`;
  };
  const { document: doc, refused } = parseYamlDocument(text, { lineCounter, uniqueKeys: false });
  if (refused !== null) {
    return unparsable(
      file,
      refused.limit === 'depth'
        ? `lists and maps nest more than ${MAX_YAML_DEPTH} levels deep ${at(refused.offset)}; a workflow needs a few`
        : `a map has more than ${MAX_MAP_KEYS} keys ${at(refused.offset)}`,
    );
  }
  const first = doc.errors[0];
  if (first) return unparsable(file, `${first.message.split('\n')[0]} ${at(first.pos[0])}`);
  return { ok: true, doc, lineCounter };
}

/** The names under `on.workflow_dispatch.inputs` (none for the scalar and list forms of `on`). */
function declaredInputs(root: Record<string, unknown> | null): string[] {
  const on = asRecord(root?.on);
  const dispatch = asRecord(on?.workflow_dispatch);
  return Object.keys(asRecord(dispatch?.inputs) ?? {});
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

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
  const read = readWorkflow(text, file);
  return read.ok ? triggerOf(read, text, file) : read;
}

function triggerOf({ doc, lineCounter }: ReadWorkflow, text: string, file: string): TriggerCheck {
  if (!isMap(doc.contents)) {
    return { ok: false, problem: 'unparsable', message: `${file} is not a readable workflow` };
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
