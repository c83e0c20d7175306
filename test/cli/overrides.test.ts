// Overrides and policy layers on the command line, in-process (docs/overrides.md,
// docs/organisation.md): `check --actor --reason` judges each layer's exempt.users and shows
// the override exactly as `gate --platform local --reason` decides and records it in --output;
// `audit` is a registered command.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_HELP } from '../../src/cli/commands/audit-help.js';
import { runMain } from '../support/cli-in-process.js';
import { ORG_FREEZE, repositoryHours } from '../support/org-policies.js';
import { startWebhook } from '../support/webhook.js';
import { workspace } from './run-cli.js';

// The org freeze (kept in this repository) exempts alice, with a reason; the repository's own
// file exempts bob, who therefore cannot pass the org's freeze.
const ORG = ORG_FREEZE.replace('users: [alice]\n', 'users: [alice]\n  require-reason: true\n');
const REPO = repositoryHours(['./policy/org.yml']);
/** Tuesday 22 December 2026, 11:00 in Berlin: the repository allows, the org freeze blocks. */
const IN_FREEZE = '2026-12-22T10:00:00Z';
const REASON = 'hotfix for INC-4711';

/** The repository (its config, the org policy it extends), with `files` added or replaced. */
function repository(files: Record<string, string> = {}): string {
  return workspace({ 'deploy-windows.yml': REPO, 'policy/org.yml': ORG, ...files });
}

/** `deploy-window <args>` in `cwd`, inside the org freeze. */
function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  return runMain(args, { cwd, env, now: Date.parse(IN_FREEZE) });
}

const at = ['--environment', 'production', '--at', IN_FREEZE];

async function check(cwd: string, extra: string[]) {
  const result = await run(['check', ...at, '--format', 'json', ...extra], cwd);
  return { ...result, json: JSON.parse(result.stdout) };
}

async function gate(cwd: string, extra: string[], env: Record<string, string> = {}) {
  const output = `out-${Math.random().toString(36).slice(2)}.json`;
  const result = await run(
    ['gate', '--platform', 'local', ...at, '--output', output, ...extra],
    cwd,
    env,
  );
  return { ...result, json: JSON.parse(readFileSync(join(cwd, output), 'utf8')) };
}

describe('check --actor --reason with policy layers', () => {
  it('passes an actor exempt by the blocking layer, with a reason, as an override of that layer', async () => {
    const { code, json } = await check(repository(), ['--actor', 'alice', '--reason', REASON]);
    expect(code).toBe(0);
    expect(json).toMatchObject({
      allowed: true,
      reason: 'exempt',
      exempt: true,
      exemptBy: 'user:alice',
      blockingWindows: ['./policy/org.yml#year-end-freeze'],
      override: {
        actor: 'alice',
        reason: REASON,
        layers: ['./policy/org.yml'],
        at: '2026-12-22T10:00:00.000Z',
      },
    });
    expect(json.layers.map((layer: { source: string }) => layer.source)).toEqual([
      './policy/org.yml',
      'deploy-windows.yml',
    ]);
  });

  it('blocks the same actor without the reason the org layer requires, saying how to give one', async () => {
    const { code, json } = await check(repository(), ['--actor', 'alice']);
    expect(code).toBe(1);
    expect(json).toMatchObject({ allowed: false, exempt: false, override: null });
    expect(json.warnings.at(-1)).toBe(
      'alice is exempt (user:alice) and may override the deploy window for production by giving a reason: ./policy/org.yml sets exempt.require-reason, and no reason was given. To override, run again with `--reason "..."`. The override, with its reason, is recorded.',
    );
  });

  it('a reason does not carry an actor exempt only by the repository past the org freeze', async () => {
    const { code, json } = await check(repository(), ['--actor', 'bob', '--reason', REASON]);
    expect(code).toBe(1);
    expect(json).toMatchObject({ allowed: false, exempt: false, override: null });
  });

  it('says who overrode what and why in text, and in Markdown', async () => {
    const cwd = repository();
    const text = await run(['check', ...at, '--actor', 'alice', '--reason', REASON], cwd);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `OVERRIDE: alice overrode the deploy window for production (inside the deny window "./policy/org.yml#year-end-freeze"; layer ./policy/org.yml), exempt as user:alice. Reason: ${REASON}`,
    );
    const markdown = await run(
      ['check', ...at, '--actor', 'alice', '--reason', REASON, '--format', 'markdown'],
      cwd,
    );
    expect(markdown.stdout).toContain('**Override:** alice');
    expect(markdown.stdout).toContain(`> ${REASON}`);
    const noActor = await run(['check', ...at, '--reason', REASON], cwd);
    expect(noActor.code).toBe(1);
    expect(noActor.stdout).toContain('Note: --reason counts only with --actor');
  });

  it('without layers: an exempt actor is an override too, with or without a reason', async () => {
    const cwd = repository({ 'deploy-windows.yml': REPO.replace(/extends:\n.*\n/, '') });
    const { code, json } = await check(cwd, ['--actor', 'bob', '--at', '2026-12-26T10:00:00Z']);
    expect(code).toBe(0);
    expect(json.override).toEqual({
      actor: 'bob',
      reason: null,
      layers: ['deploy-windows.yml'],
      at: '2026-12-26T10:00:00.000Z',
    });
  });

  it('decides every actor as the gate does', async () => {
    const cwd = repository();
    const keys = ['allowed', 'reason', 'exempt', 'exemptBy', 'override', 'warnings', 'layers'];
    const pick = (json: Record<string, unknown>) =>
      Object.fromEntries(keys.map((key) => [key, json[key]]));
    for (const who of [
      ['--actor', 'alice', '--reason', REASON],
      ['--actor', 'alice'],
      ['--actor', 'bob', '--reason', REASON],
      ['--actor', 'mallory'],
    ]) {
      const checked = await check(cwd, who);
      const gated = await gate(cwd, who);
      expect(pick(gated.json), who.join(' ')).toEqual(pick(checked.json));
      expect(gated.code, who.join(' ')).toBe(checked.code);
    }
  });
});

describe('gate --platform local --reason', () => {
  it('records the override, its layers and a one-line summary in --output', async () => {
    const { code, json, stderr } = await gate(repository(), [
      '--actor',
      'alice',
      '--reason',
      REASON,
    ]);
    expect(code).toBe(0);
    expect(json).toMatchObject({
      allowed: true,
      exemptBy: 'user:alice',
      outcome: 'allowed',
      override: { actor: 'alice', reason: REASON, layers: ['./policy/org.yml'] },
      layers: [
        { source: './policy/org.yml', allowed: false, reason: 'inside-deny-window' },
        { source: 'deploy-windows.yml', allowed: true, reason: 'inside-allow-window' },
      ],
    });
    expect(json.overrideSummary).toBe(
      `OVERRIDE: alice overrode the deploy window for production (inside the deny window "./policy/org.yml#year-end-freeze"; layer ./policy/org.yml), exempt as user:alice. Reason: ${REASON}`,
    );
    expect(stderr).toContain('warning: OVERRIDE: alice overrode');
  });

  it('refuses the override without a reason: blocked, with the how-to as an error', async () => {
    const { code, json, stderr } = await gate(repository(), ['--actor', 'alice']);
    expect(code).toBe(1);
    expect(json).toMatchObject({ allowed: false, outcome: 'blocked', override: null });
    expect(json.overrideSummary).toBeNull();
    expect(stderr).toContain('error: alice is exempt (user:alice) and may override');
    expect(stderr).toContain('run again with `--reason "..."`');
  });

  it('keeps markup out of the summary: < and > from the reason become ‹ ›', async () => {
    const reason = '<img src=x onerror=alert(1)> fix';
    const { json } = await gate(repository(), ['--actor', 'alice', '--reason', reason]);
    expect(json.override.reason).toBe(reason);
    expect(json.overrideSummary).toContain('Reason: ‹img src=x onerror=alert(1)› fix');
    expect(json.overrideSummary).not.toMatch(/[<>]/);
  });

  it("tells the layers' notify: targets about the override", async () => {
    const hook = await startWebhook(200);
    try {
      const org = `${ORG}notify:\n  - name: org-audit\n    url-env: ORG_HOOK\n    format: json\n`;
      const env = { ORG_HOOK: hook.url };
      const { code } = await gate(
        repository({ 'policy/org.yml': org }),
        ['--actor', 'alice', '--reason', REASON],
        env,
      );
      expect(code).toBe(0);
      expect(hook.posts).toHaveLength(1);
      expect(hook.posts[0]?.headers['x-deploy-window-event']).toBe('override');
      expect(hook.posts[0]?.body).toMatchObject({
        override: { actor: 'alice', reason: REASON },
        notification: { event: 'override' },
      });
    } finally {
      await hook.close();
    }
  });
});

describe('audit is a command', () => {
  it('has its help, and a line in the top help', async () => {
    const cwd = repository();
    const help = await run(['audit', '--help'], cwd);
    expect(help).toMatchObject({ code: 0, stdout: AUDIT_HELP });
    const top = await run(['--help'], cwd);
    expect(top.stdout).toContain(
      'audit      list the overrides recorded on GitHub (text, json or csv)',
    );
  });

  it('runs: without a repository it is a usage error naming --repo', async () => {
    const { code, stderr } = await run(['audit'], repository());
    expect(code).toBe(2);
    expect(stderr).toContain('deploy-window audit: missing --repo OWNER/NAME');
  });
});
