// The template's preview job (`preview: true`): only in merge request pipelines and only when
// asked for, the same trust rules as the gate job (inputs pasted once inside single quotes, no
// job variables, only its own shell variables read, the cli words run without eval), and the
// `deploy-window preview` command with the flags the CLI defines.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { PREVIEW_FLAGS } from '../../src/cli/commands/preview.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TEMPLATE = readFileSync(join(ROOT, 'gitlab/deploy-window.yml'), 'utf8');
const [header, body] = parseAllDocuments(TEMPLATE).map((document) => document.toJS()) as [
  { spec: { inputs: Record<string, Record<string, unknown>> } },
  Record<string, Record<string, unknown>>,
];
const job = body['$[[ inputs.job-name ]]-preview'] as Record<string, unknown>;
const script = (job.script as string[]).join('\n');

/** The template as GitLab interpolates it with these inputs (the defaults for the rest). */
function interpolate(given: Record<string, string | boolean>): string {
  const values: Record<string, unknown> = {};
  for (const [name, input] of Object.entries(header.spec.inputs)) values[name] = input.default;
  Object.assign(values, given);
  return TEMPLATE.split('---\n')[1]?.replace(/\$\[\[ inputs\.([a-z-]+) \]\]/g, (_, name) =>
    String(values[name]),
  ) as string;
}

describe('the preview job of gitlab/deploy-window.yml', () => {
  it('is off by default, and runs only in merge request pipelines when preview is true', () => {
    expect(header.spec.inputs.preview).toMatchObject({ type: 'boolean', default: false });
    const ruleOf = (preview: boolean) => {
      const jobs = parseAllDocuments(interpolate({ preview }))[0]?.toJS() as Record<
        string,
        { rules: { if: string }[] }
      >;
      return jobs['deploy-window-preview']?.rules;
    };
    expect(ruleOf(true)).toEqual([
      { if: '"true" == "true" && $CI_PIPELINE_SOURCE == "merge_request_event"' },
    ]);
    expect(ruleOf(false)).toEqual([
      { if: '"false" == "true" && $CI_PIPELINE_SOURCE == "merge_request_event"' },
    ]);
    // Nothing to wait for: it starts with the pipeline, whatever the stages before it.
    expect(job.needs).toEqual([]);
  });

  it('declares no job variables and pastes each input it uses once, inside single quotes', () => {
    expect(job).not.toHaveProperty('variables');
    const uses = [...script.matchAll(/(.)\$\[\[ inputs\.([a-z-]+) \]\](.)/g)];
    expect(uses.map((use) => use[2]).sort()).toEqual([
      'at',
      'cli',
      'config',
      'policy-token',
      'preview-repositories',
      'version',
    ]);
    for (const [whole, before, , after] of uses) expect(`${before}${after}`, whole).toBe("''");
  });

  it('reads only shell variables it sets itself, quoted, and runs the cli words without eval', () => {
    const plain = script.replace(/\$\[\[[^\]]*\]\]/g, '');
    const assigned = new Set(
      [...plain.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]),
    );
    const read = [...plain.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
    expect(read.length).toBeGreaterThan(0);
    for (const name of read) expect(assigned.has(name), `$${name}`).toBe(true);
    expect(plain).not.toMatch(/\beval\b/);
    expect(plain.replace(/"[^"]*"/g, '')).not.toMatch(/\$/);
    expect(plain).toMatch(/^\s*"\$@"\s*$/m);
  });

  it('runs `deploy-window preview --platform gitlab` with flags the command defines', () => {
    expect(script).toContain('set -- "$@" preview --platform gitlab');
    // The flags given to deploy-window (the install's own flags are npm's).
    const given = [...script.matchAll(/set -- "\$@" (.*)$/gm)].map((m) => m[1]).join(' ');
    const flags = [...given.matchAll(/ "?--([a-z-]+)/g)].map((m) => m[1] as string);
    expect(flags.length).toBeGreaterThan(2);
    for (const flag of flags) expect(Object.keys(PREVIEW_FLAGS), flag).toContain(flag);
  });
});
