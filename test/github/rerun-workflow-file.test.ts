import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/gate/clock.js';
import {
  checkWorkflowDispatchTrigger,
  clockStartingAt,
  inspectRerunWorkflow,
  isWorkflowFileName,
  rerunRefFromEnv,
  workflowFileFromRef,
} from '../../src/github/rerun/index.js';

describe('workflowFileFromRef', () => {
  it('takes the file name from GITHUB_WORKFLOW_REF', () => {
    expect(workflowFileFromRef('acme/shop/.github/workflows/deploy.yml@refs/heads/main')).toBe(
      'deploy.yml',
    );
    expect(workflowFileFromRef('acme/shop/.github/workflows/release.yaml@refs/tags/v1.2.0')).toBe(
      'release.yaml',
    );
    expect(workflowFileFromRef('acme/shop/.github/workflows/ci.yml@refs/heads/feature/a@b')).toBe(
      'ci.yml',
    );
  });

  it('returns null when there is no workflow path', () => {
    expect(workflowFileFromRef(undefined)).toBeNull();
    expect(workflowFileFromRef('')).toBeNull();
    expect(workflowFileFromRef('acme/shop/deploy.yml@refs/heads/main')).toBeNull();
  });
});

describe('rerunRefFromEnv', () => {
  it('dispatches on the branch or tag of the run', () => {
    expect(rerunRefFromEnv({ GITHUB_REF: 'refs/heads/main' })).toBe('main');
    expect(rerunRefFromEnv({ GITHUB_REF: 'refs/heads/release/2026-11' })).toBe('release/2026-11');
    expect(rerunRefFromEnv({ GITHUB_REF: 'refs/tags/v1.2.0' })).toBe('v1.2.0');
  });

  /** A pull request event whose head branch lives in `headRepository`. */
  function pullEnv(headRepository: string | null, extra: Record<string, string> = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'rerun-event-'));
    const path = join(dir, 'event.json');
    const head =
      headRepository === null
        ? { ref: 'fix-login' }
        : { ref: 'fix-login', repo: { full_name: headRepository } };
    writeFileSync(path, JSON.stringify({ pull_request: { number: 7, head } }));
    return {
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_HEAD_REF: 'fix-login',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: path,
      ...extra,
    };
  }

  it("uses a pull request's head branch, since its merge ref cannot be dispatched", () => {
    expect(rerunRefFromEnv(pullEnv('acme/shop'))).toBe('fix-login');
    expect(rerunRefFromEnv(pullEnv('ACME/Shop'))).toBe('fix-login');
    expect(rerunRefFromEnv({ GITHUB_REF: 'refs/pull/7/merge' })).toBeNull();
    expect(rerunRefFromEnv({})).toBeNull();
  });

  it("under pull_request_target too, the pull request's head branch, not the base GITHUB_REF names", () => {
    const target = { GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_REF: 'refs/heads/main' };
    expect(rerunRefFromEnv(pullEnv('acme/shop', target))).toBe('fix-login');
    expect(rerunRefFromEnv(pullEnv('mallory/shop', target))).toBeNull();
  });

  it('nothing for a comment on a pull request: GITHUB_REF names the default branch, not what it deploys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rerun-event-'));
    const path = join(dir, 'event.json');
    writeFileSync(
      path,
      JSON.stringify({ issue: { number: 7, pull_request: { url: 'x' } }, comment: {} }),
    );
    const env = {
      GITHUB_EVENT_NAME: 'issue_comment',
      GITHUB_EVENT_PATH: path,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REPOSITORY: 'acme/shop',
    };
    expect(rerunRefFromEnv(env)).toBeNull();
  });

  it("never a fork's branch: it is not this repository's branch of the same name", () => {
    expect(rerunRefFromEnv(pullEnv('mallory/shop'))).toBeNull();
    // Whose branch it is cannot be told: none.
    expect(rerunRefFromEnv(pullEnv(null))).toBeNull();
    expect(
      rerunRefFromEnv(pullEnv('acme/shop', { GITHUB_EVENT_PATH: '/nonexistent/event.json' })),
    ).toBeNull();
    expect(
      rerunRefFromEnv({ GITHUB_REF: 'refs/pull/7/merge', GITHUB_HEAD_REF: 'main' }),
    ).toBeNull();
    expect(rerunRefFromEnv({ GITHUB_HEAD_REF: 'main', GITHUB_REPOSITORY: 'acme/shop' })).toBeNull();
  });
});

describe('checkWorkflowDispatchTrigger', () => {
  const file = '.github/workflows/deploy.yml';

  it.each([
    ['a scalar', 'on: workflow_dispatch\njobs: {}\n'],
    ['a flow list', 'on: [push, workflow_dispatch]\n'],
    ['a block list', 'on:\n  - push\n  - workflow_dispatch\n'],
    ['a map with a null value', 'on:\n  push:\n  workflow_dispatch:\n'],
    ['a map with inputs', 'on:\n  workflow_dispatch:\n    inputs:\n      v: { type: string }\n'],
    ['a flow map', 'on: { push: {}, workflow_dispatch: {} }\n'],
    ['a quoted key', '"on":\n  workflow_dispatch: {}\n'],
  ])('accepts workflow_dispatch written as %s', (_form, text) => {
    expect(checkWorkflowDispatchTrigger(text, file)).toEqual({ ok: true });
  });

  it('suggests a list for a single scalar event', () => {
    const check = checkWorkflowDispatchTrigger('name: Deploy\non: push\njobs: {}\n', file);
    expect(check).toMatchObject({
      ok: false,
      problem: 'no-trigger',
      fix: 'on: [push, workflow_dispatch]',
      line: 2,
    });
  });

  it('extends a flow list', () => {
    const check = checkWorkflowDispatchTrigger('on: [push, pull_request]\n', file);
    expect(check).toMatchObject({
      ok: false,
      fix: 'on: [push, pull_request, workflow_dispatch]',
      line: 1,
    });
  });

  it('adds an item to a block list, at its indentation', () => {
    const check = checkWorkflowDispatchTrigger('on:\n    - push\n', file);
    expect(check).toMatchObject({ ok: false, fix: '    - workflow_dispatch' });
  });

  it('adds a key to a map, at its indentation, and names the file and line in the message', () => {
    const text = 'name: Deploy\n\non:\n  push:\n    branches: [main]\njobs: {}\n';
    const check = checkWorkflowDispatchTrigger(text, file);
    expect(check).toMatchObject({ ok: false, fix: '  workflow_dispatch:', line: 3 });
    if (check.ok) throw new Error('unreachable');
    expect(check.message).toContain(file);
    expect(check.message).toContain('workflow_dispatch:');
    expect(check.message).toContain('line 3');
  });

  it('reports a file it cannot read as a workflow', () => {
    expect(checkWorkflowDispatchTrigger('on: [push\n', file)).toMatchObject({
      ok: false,
      problem: 'unparsable',
    });
    expect(checkWorkflowDispatchTrigger('jobs: {}\n', file)).toMatchObject({
      ok: false,
      problem: 'unparsable',
    });
  });
});

describe('isWorkflowFileName', () => {
  it.each(['deploy.yml', 'release.yaml', 'deploy-prod_v2.yml', 'a.b.yml'])('accepts %s', (name) => {
    expect(isWorkflowFileName(name)).toBe(true);
  });

  it.each([
    ['a numeric workflow id', '161335'],
    ['a path', '.github/workflows/deploy.yml'],
    ['a parent path', '../deploy.yml'],
    ['a hidden file', '.yml'],
    ['another extension', 'deploy.json'],
    ['a URL escape', 'deploy%2F.yml'],
    ['a query', 'deploy.yml?x=1'],
    ['a backslash', 'a\\deploy.yml'],
    ['nothing', ''],
  ])('refuses %s', (_what, name) => {
    expect(isWorkflowFileName(name)).toBe(false);
  });
});

describe('inspectRerunWorkflow', () => {
  const file = '.github/workflows/deploy.yml at main';
  const workflow = (on: string, steps: string) =>
    `name: Deploy\non:\n${on}jobs:\n  build:\n    runs-on: x\n    steps:\n      - run: make\n  deploy:\n    runs-on: x\n    steps:\n${steps}`;

  it.each([
    ['<owner>/deploy-window@<tag>', '      - uses: acme/deploy-window@v1\n'],
    [
      'a commit sha',
      '      - uses: Some-Org/deploy-window@0123456789abcdef0123456789abcdef01234567\n',
    ],
    ['the action in this repository', '      - uses: ./\n'],
    ['a flow-style step', '      - { name: gate, uses: "acme/deploy-window@main" }\n'],
  ])('accepts a step using deploy-window by %s', (_form, steps) => {
    expect(inspectRerunWorkflow(workflow('  workflow_dispatch:\n', steps), file)).toEqual({
      ok: true,
      inputs: [],
    });
  });

  it('gives the inputs declared under workflow_dispatch', () => {
    const on =
      '  workflow_dispatch:\n    inputs:\n      version: { type: string }\n      dry_run: {}\n';
    expect(
      inspectRerunWorkflow(workflow(on, '      - uses: acme/deploy-window@v1\n'), file),
    ).toEqual({ ok: true, inputs: ['version', 'dry_run'] });
  });

  it.each([
    ['no step uses it', '      - run: ./deploy.sh\n'],
    ['another action', '      - uses: acme/deploy-window-fork@v1\n'],
    ['no ref', '      - uses: acme/deploy-window\n'],
    ['a docker image', '      - uses: docker://deploy-window:latest\n'],
  ])('refuses a workflow where %s', (_what, steps) => {
    const inspection = inspectRerunWorkflow(workflow('  workflow_dispatch:\n', steps), file);
    expect(inspection).toMatchObject({ ok: false, problem: 'not-gated' });
    if (inspection.ok) throw new Error('unreachable');
    expect(inspection.message).toContain(file);
  });

  it('refuses a workflow without workflow_dispatch, with the line to add', () => {
    const inspection = inspectRerunWorkflow(
      workflow('  push:\n', '      - uses: acme/deploy-window@v1\n'),
      file,
    );
    expect(inspection).toMatchObject({ ok: false, problem: 'no-trigger' });
    if (inspection.ok) throw new Error('unreachable');
    expect(inspection.message).toContain('`workflow_dispatch:`');
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const text = `on: workflow_dispatch\n${levels.join('\n')}\njobs:\n  d:\n    steps:\n      - uses: ./\n`;
    expect(inspectRerunWorkflow(text, file)).toMatchObject({ ok: false, problem: 'unparsable' });
  });

  // Hostile nesting: the YAML library composes recursively, and out of stack inside a regular
  // expression's compilation V8 aborts the process (docs/security.md). Refused before composing.
  const nested = (levels: number) =>
    `on: workflow_dispatch\njobs:\n  d:\n    steps:\n      - uses: ./\nx: ${'['.repeat(levels)}${']'.repeat(levels)}\n`;

  it.each([
    ["65 levels (a list 64 deep in the document's map)", 64],
    ['50,000 levels', 50_000],
  ])('refuses a workflow nested %s deep, naming the limit and the line', (_what, levels) => {
    const inspection = inspectRerunWorkflow(nested(levels), file);
    expect(inspection).toMatchObject({ ok: false, problem: 'unparsable' });
    if (inspection.ok) throw new Error('unreachable');
    expect(inspection.message).toBe(
      `${file} is not a readable workflow (lists and maps nest more than 64 levels deep at line 6, column 67; a workflow needs a few)`,
    );
    expect(checkWorkflowDispatchTrigger(nested(levels), file)).toEqual({
      ok: false,
      problem: 'unparsable',
      message: inspection.message,
    });
  });

  it('still reads a workflow nested 64 levels deep (the map and 63 lists)', () => {
    expect(inspectRerunWorkflow(nested(63), file)).toEqual({ ok: true, inputs: [] });
  });

  it('names the line and column of a syntax error', () => {
    const inspection = inspectRerunWorkflow('on: workflow_dispatch\njobs: [\n', file);
    expect(inspection).toMatchObject({ ok: false, problem: 'unparsable' });
    if (inspection.ok) throw new Error('unreachable');
    // The library's words, then where (the unclosed list runs to the end of the text).
    expect(inspection.message).toMatch(
      /^\.github\/workflows\/deploy\.yml at main is not a readable workflow \(.+ at line 3, column 1\)$/,
    );
  });
});

describe('clockStartingAt', () => {
  it('starts at the given instant and moves on with the real clock', async () => {
    const clock = clockStartingAt(systemClock, Date.parse('2026-11-23T07:59:59Z'));
    expect(Math.abs(clock.now() - Date.parse('2026-11-23T07:59:59Z'))).toBeLessThan(50);
    expect(await clock.sleep(120)).toBe(true);
    expect(clock.now() - Date.parse('2026-11-23T07:59:59Z')).toBeGreaterThanOrEqual(100);
  });
});
