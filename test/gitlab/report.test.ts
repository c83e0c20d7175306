import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitlabLogger } from '../../src/gitlab/log.js';
import { type FakeGitLab, startFakeGitLab } from '../support/fake-gitlab.js';
import {
  BUSINESS_HOURS,
  NEXT_OPEN,
  runGitLabGate,
  SATURDAY,
  TUESDAY,
  workspace,
} from './harness.js';

let fake: FakeGitLab;

beforeEach(async () => {
  fake = await startFakeGitLab();
});
afterEach(async () => {
  await fake.close();
});

function dotenv(path: string): Record<string, string> {
  const text = readFileSync(path, 'utf8');
  // GitLab's parser: KEY=value lines only, no blank lines, no comments, no quotes or spaces.
  for (const line of text.trimEnd().split('\n')) expect(line).toMatch(/^[A-Z_]+=[^\s"'#]*$/);
  return Object.fromEntries(
    text
      .trimEnd()
      .split('\n')
      .map((line) => line.split(/=(.*)/s, 2)),
  );
}

describe('the dotenv report beside --output', () => {
  // The template writes both files into the checkout of the change being deployed, which can
  // commit a symlink at either path pointing anywhere the runner's user may write.
  it('replaces a symlink committed at either report path, never writing through it', async () => {
    const root = workspace({ '.gitlab/deploy-windows.yml': BUSINESS_HOURS });
    const victims = mkdtempSync(join(tmpdir(), 'dw-victims-'));
    mkdirSync(victims, { recursive: true });
    writeFileSync(join(victims, 'important.conf'), 'keep me\n');
    writeFileSync(join(victims, 'other.env'), 'KEEP=1\n');
    symlinkSync(join(victims, 'important.conf'), join(root, 'deploy-window.json'));
    symlinkSync(join(victims, 'other.env'), join(root, 'deploy-window.env'));
    await runGitLabGate({
      fake,
      root,
      at: SATURDAY,
      outputFile: join(root, 'deploy-window.json'),
      options: { comment: false },
    });
    expect(readFileSync(join(victims, 'important.conf'), 'utf8')).toBe('keep me\n');
    expect(readFileSync(join(victims, 'other.env'), 'utf8')).toBe('KEEP=1\n');
    expect(lstatSync(join(root, 'deploy-window.json')).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(join(root, 'deploy-window.json'), 'utf8'))).toMatchObject({
      allowed: false,
    });
    expect(dotenv(join(root, 'deploy-window.env')).DEPLOY_WINDOW_ALLOWED).toBe('false');
  });

  it('a directory committed at either report path does not keep the other from being written', async () => {
    // A committed deploy-window.env that allows, and a non-empty directory where the decision
    // JSON goes: the JSON could not be written, the dotenv was then skipped, and the committed
    // one became the report later jobs read.
    for (const blocked of ['deploy-window.json', 'deploy-window.env']) {
      const root = workspace({
        '.gitlab/deploy-windows.yml': BUSINESS_HOURS,
        ...(blocked === 'deploy-window.json'
          ? { 'deploy-window.env': 'DEPLOY_WINDOW_ALLOWED=true\n' }
          : {}),
        [`${blocked}/keep`]: 'x',
      });
      await runGitLabGate({
        fake,
        root,
        at: SATURDAY,
        outputFile: join(root, 'deploy-window.json'),
        options: { comment: false, mode: 'warn' },
      });
      expect(dotenv(join(root, 'deploy-window.env')).DEPLOY_WINDOW_ALLOWED, blocked).toBe('false');
      if (blocked === 'deploy-window.env') {
        expect(JSON.parse(readFileSync(join(root, 'deploy-window.json'), 'utf8'))).toMatchObject({
          allowed: false,
        });
      }
    }
  });

  it('a directory committed at a temporary name does not keep a committed report', async () => {
    // The reports were first written to `<path>.<pid>.partial`: a directory committed there for
    // every likely process id made both writes fail, and the committed, allowing reports stayed
    // for later jobs while the gate, in warn mode, passed.
    const planted: Record<string, string> = {};
    for (const report of ['deploy-window.env', 'deploy-window.json']) {
      planted[`${report}.${process.pid}.partial/keep`] = 'x';
    }
    const root = workspace({
      '.gitlab/deploy-windows.yml': BUSINESS_HOURS,
      'deploy-window.env': 'DEPLOY_WINDOW_ALLOWED=true\nDEPLOY_WINDOW_REASON=inside-allow-window\n',
      'deploy-window.json': '{"allowed":true,"reason":"inside-allow-window"}\n',
      ...planted,
    });
    const run = await runGitLabGate({
      fake,
      root,
      at: SATURDAY,
      outputFile: join(root, 'deploy-window.json'),
      options: { comment: false, mode: 'warn' },
    });
    expect(run.result.exitCode).toBe(0);
    expect(dotenv(join(root, 'deploy-window.env')).DEPLOY_WINDOW_ALLOWED).toBe('false');
    expect(JSON.parse(readFileSync(join(root, 'deploy-window.json'), 'utf8'))).toMatchObject({
      allowed: false,
    });
  });

  it('never removes what --output names, even a directory given by mistake', async () => {
    const root = workspace({ '.gitlab/deploy-windows.yml': BUSINESS_HOURS, 'build/keep': 'x' });
    await runGitLabGate({
      fake,
      root,
      at: SATURDAY,
      outputFile: join(root, 'build'),
      options: { comment: false, mode: 'warn' },
    });
    expect(readFileSync(join(root, 'build/keep'), 'utf8')).toBe('x');
    expect(dotenv(join(root, 'deploy-window.env')).DEPLOY_WINDOW_ALLOWED).toBe('false');
  });

  it('hands a blocked decision to later jobs', async () => {
    const root = workspace({ '.gitlab/deploy-windows.yml': BUSINESS_HOURS });
    const out = join(mkdtempSync(join(tmpdir(), 'dw-out-')), 'deploy-window.json');
    await runGitLabGate({
      fake,
      root,
      at: SATURDAY,
      outputFile: out,
      options: { comment: false, mode: 'warn' },
    });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({
      allowed: false,
      reason: 'outside-allow-window',
      environment: 'production',
      nextOpen: NEXT_OPEN,
    });
    expect(dotenv(join(out, '..', 'deploy-window.env'))).toEqual({
      DEPLOY_WINDOW_ALLOWED: 'false',
      DEPLOY_WINDOW_REASON: 'outside-allow-window',
      DEPLOY_WINDOW_NEXT_OPEN: NEXT_OPEN,
      DEPLOY_WINDOW_CLOSES_AT: '',
      DEPLOY_WINDOW_EXEMPT: 'false',
      DEPLOY_WINDOW_OVERRIDE: 'false',
    });
  });

  it('hands an allowed decision with its closing time', async () => {
    const root = workspace({ '.gitlab/deploy-windows.yml': BUSINESS_HOURS });
    const out = join(mkdtempSync(join(tmpdir(), 'dw-out-')), 'decision.json');
    await runGitLabGate({ fake, root, at: TUESDAY, outputFile: out, options: { comment: false } });
    expect(dotenv(join(out, '..', 'deploy-window.env'))).toMatchObject({
      DEPLOY_WINDOW_ALLOWED: 'true',
      DEPLOY_WINDOW_REASON: 'inside-allow-window',
      DEPLOY_WINDOW_NEXT_OPEN: '',
      DEPLOY_WINDOW_CLOSES_AT: '2026-11-24T15:00:00.000Z',
    });
  });

  it('reads as closed when the config is invalid (exit 2)', async () => {
    const root = workspace({ '.gitlab/deploy-windows.yml': 'version: 2\nwindows: []\n' });
    const out = join(mkdtempSync(join(tmpdir(), 'dw-out-')), 'deploy-window.json');
    const run = await runGitLabGate({ fake, root, at: TUESDAY, outputFile: out });
    expect(run.result.exitCode).toBe(2);
    expect(dotenv(join(out, '..', 'deploy-window.env'))).toMatchObject({
      DEPLOY_WINDOW_ALLOWED: 'false',
      DEPLOY_WINDOW_REASON: 'invalid-config',
    });
  });

  it('writes nothing without --output', async () => {
    const root = workspace({ '.gitlab/deploy-windows.yml': BUSINESS_HOURS });
    await runGitLabGate({ fake, root, at: TUESDAY, options: { comment: false } });
    expect(existsSync(join(root, 'deploy-window.env'))).toBe(false);
  });
});

describe('the job log', () => {
  it('folds exemption look-ups into a collapsible GitLab section', async () => {
    const root = workspace({
      '.gitlab/deploy-windows.yml': BUSINESS_HOURS.replace(
        'windows:',
        'exempt:\n  teams: [acme/ops]\nwindows:',
      ),
    });
    const run = await runGitLabGate({ fake, root, at: SATURDAY, options: { comment: false } });
    // GitLab's markers: ESC[0K before section_start/section_end and again after the \r.
    const shown = run.sections.replaceAll('\u001b[0K', '<ESC>');
    expect(shown).toMatch(
      /^<ESC>section_start:\d+:deploy_window_\d+\[collapsed=true\]\r<ESC>Exemption look-ups for dana\n/,
    );
    expect(shown).toMatch(/<ESC>section_end:\d+:deploy_window_\d+\r<ESC>\n$/);
  });

  it('closes the section even when the body throws', async () => {
    let written = '';
    const logger = gitlabLogger(
      { info() {}, warning() {}, error() {}, group: (_title, body) => body() },
      (text) => (written += text),
      () => 1_700_000_000_000,
    );
    await expect(
      logger.group('look-ups', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(written).toContain('section_end:1700000000:deploy_window_');
  });

  it('judges the job user (GET /job) when no --actor is given', async () => {
    const root = workspace({
      '.gitlab/deploy-windows.yml': BUSINESS_HOURS.replace(
        'windows:',
        'exempt:\n  users: [dana]\nwindows:',
      ),
    });
    const run = await runGitLabGate({ fake, root, at: SATURDAY, options: { comment: false } });
    expect(run.result.decision).toMatchObject({ exempt: true, exemptBy: 'user:dana' });
  });
});
