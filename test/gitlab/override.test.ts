// Break-glass overrides on GitLab (docs/overrides.md, docs/gitlab.md "Overrides"): an exempt
// person with `exempt.require-reason` passes outside the windows only with the template's
// `reason`; the override is recorded in its own note (merge request, else commit) and in the
// dotenv report as DEPLOY_WINDOW_OVERRIDE=true; `notify:` targets hear about it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exemptConfig, fakeGitLabPerTest, gateOnSaturday } from '../support/gitlab-fixtures.js';
import { startWebhook, type Webhook } from '../support/webhook.js';
import { type RunOptions, runGitLabGate, SATURDAY, workspace } from './harness.js';

const fake = fakeGitLabPerTest();
const CONFIG = '.gitlab/deploy-windows.yml';

/** dana (who starts the fake's jobs) may deploy anyway, with a reason. */
const REQUIRE_REASON = exemptConfig('  users: [dana]\n  require-reason: true');
const REASON = 'hotfix for INC-4711; payments are down (*) & rollback failed';

function dotenv(out: string): Record<string, string> {
  const text = readFileSync(join(out, '..', 'deploy-window.env'), 'utf8');
  return Object.fromEntries(
    text
      .trimEnd()
      .split('\n')
      .map((line) => line.split(/=(.*)/s, 2)),
  );
}

function outputFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'dw-override-')), 'deploy-window.json');
}

const MR = { CI_MERGE_REQUEST_IID: '9' };

/** The gate on Saturday in merge request !9's pipeline; `more` adds options and the rest. */
function gateInMergeRequest(root: string, more: Partial<Omit<RunOptions, 'fake' | 'root'>> = {}) {
  return runGitLabGate({ fake, root, at: SATURDAY, env: MR, ...more });
}

describe('exempt.require-reason on GitLab', () => {
  it('blocks an exempt person without a reason, saying how to give one, in the log and the note', async () => {
    const root = workspace({ [CONFIG]: REQUIRE_REASON });
    const out = outputFile();
    const run = await gateInMergeRequest(root, { outputFile: out });
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision).toMatchObject({ allowed: false, exempt: false });
    const howTo = run.errors.find((line) => line.includes('may override'));
    expect(howTo).toContain('dana is exempt (user:dana)');
    expect(howTo).toContain("set the template's `reason` input");
    const notes = fake.notes.get('42!9') ?? [];
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain('Deployment is blocked');
    expect(notes[0]?.body).toContain('dana is exempt (user:dana) and may override');
    expect(notes[0]?.body).toContain("set the template's \\`reason\\` input");
    expect(dotenv(out)).toMatchObject({
      DEPLOY_WINDOW_ALLOWED: 'false',
      DEPLOY_WINDOW_EXEMPT: 'false',
      DEPLOY_WINDOW_OVERRIDE: 'false',
    });
  });

  it('passes with a reason: the override note says who, which windows and why, and the dotenv says DEPLOY_WINDOW_OVERRIDE=true', async () => {
    const root = workspace({ [CONFIG]: REQUIRE_REASON });
    const out = outputFile();
    const run = await gateInMergeRequest(root, { outputFile: out, options: { reason: REASON } });
    expect(run.result.exitCode).toBe(0);
    expect(run.result.decision).toMatchObject({
      allowed: true,
      exempt: true,
      exemptBy: 'user:dana',
      override: {
        actor: 'dana',
        reason: REASON,
        layers: [CONFIG],
        at: Date.parse(SATURDAY),
      },
    });
    const notes = fake.notes.get('42!9') ?? [];
    expect(notes).toHaveLength(1);
    const body = notes[0]?.body ?? '';
    expect(body).toContain('Deployed outside the deploy window');
    expect(body).toContain('**Override:** dana (exempt as `user:dana`) overrode the deploy window');
    expect(body).toContain('outside every allow window');
    expect(body).toContain(`\`${CONFIG}\``);
    expect(body).toContain('> hotfix for INC-4711; payments are down (\\*) \\& rollback failed');
    expect(run.lines.join('\n')).toContain(
      'The override is recorded in a note on merge request !9: https://gitlab.example/acme/app/-/merge_requests/9#note_',
    );
    expect(dotenv(out)).toMatchObject({
      DEPLOY_WINDOW_ALLOWED: 'true',
      DEPLOY_WINDOW_REASON: 'exempt',
      DEPLOY_WINDOW_EXEMPT: 'true',
      DEPLOY_WINDOW_OVERRIDE: 'true',
    });
  });

  it('records the override in its own note even with comment: false, which leaves the blocked note as it was', async () => {
    const root = workspace({ [CONFIG]: REQUIRE_REASON });
    await gateInMergeRequest(root);
    expect(fake.notes.get('42!9')).toHaveLength(1);
    const run = await gateInMergeRequest(root, { options: { reason: REASON, comment: false } });
    expect(run.result.exitCode).toBe(0);
    const notes = fake.notes.get('42!9') ?? [];
    // The blocked note is left as it was (comment: false), and the override has its own note.
    expect(notes).toHaveLength(2);
    expect(notes[1]?.body).toContain('**Override:** dana');
  });

  it('a later run does not touch the override note: it stays the record', async () => {
    const root = workspace({ [CONFIG]: REQUIRE_REASON });
    await gateInMergeRequest(root);
    await gateInMergeRequest(root, { options: { reason: REASON } });
    const overrideNote = (fake.notes.get('42!9') ?? []).find((note) =>
      note.body.includes('Override'),
    );
    const recorded = overrideNote?.body;
    // Tuesday 11:00 Berlin: allowed by the windows; the blocked note says it went through.
    await gateInMergeRequest(root, { at: '2026-11-24T10:00:00Z' });
    const notes = fake.notes.get('42!9') ?? [];
    expect(notes).toHaveLength(2);
    expect(notes.find((note) => note.id === overrideNote?.id)?.body).toBe(recorded);
    expect(notes.some((note) => note.body.includes('went through'))).toBe(true);
  });

  it('outside a merge request pipeline the record is a comment on the commit', async () => {
    const root = workspace({ [CONFIG]: REQUIRE_REASON });
    const run = await gateOnSaturday(fake, root, { options: { reason: REASON } });
    expect(run.result.exitCode).toBe(0);
    const comments = fake.commitComments.get('42@a1b2c3d4e5f60718293a4b5c6d7e8f9012345678') ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]?.note).toContain('**Override:** dana');
    expect(comments[0]?.note).toContain('hotfix for INC-4711');
  });

  it('a CI_COMMIT_SHA that is not a commit SHA (a pipeline variable) reaches no log line or API path', async () => {
    const root = workspace({ [CONFIG]: REQUIRE_REASON });
    const forged =
      'a1b2c3d4e5f6\nDeployment allowed by the change advisory board [ok](https://evil.example)';
    const run = await runGitLabGate({
      fake,
      root,
      at: SATURDAY,
      env: { CI_COMMIT_SHA: forged },
      options: { reason: REASON },
    });
    expect(run.result.exitCode).toBe(0);
    const log = [...run.lines, ...run.warnings, ...run.errors].join('\n');
    expect(log).not.toContain('advisory board');
    expect(log).not.toContain('evil.example');
    expect(run.warnings.join('\n')).toContain('CI_COMMIT_SHA is not a commit SHA');
    expect([...fake.commitComments.keys()].join()).not.toContain('evil');
  });

  it('a CI_PROJECT_URL with a line break in it (a URL parser drops it) reaches no log line', async () => {
    const root = workspace({ [CONFIG]: REQUIRE_REASON });
    const run = await runGitLabGate({
      fake,
      root,
      at: SATURDAY,
      env: { CI_PROJECT_URL: 'https://gitlab.example/acme/shop\nDeployment approved by the CAB' },
      options: { reason: REASON },
    });
    expect(run.result.exitCode).toBe(0);
    const log = [...run.lines, ...run.warnings, ...run.errors].join('\n');
    expect(log).not.toContain('approved by the CAB');
    expect(run.warnings.join('\n')).toContain('CI_PROJECT_URL is not an http(s) URL');
  });

  it('without DEPLOY_WINDOW_TOKEN the override still passes, with a warning that no note was written', async () => {
    const root = workspace({ [CONFIG]: REQUIRE_REASON });
    const out = outputFile();
    const run = await gateInMergeRequest(root, {
      noToken: true,
      outputFile: out,
      options: { reason: REASON },
    });
    expect(run.result.exitCode).toBe(0);
    expect(run.warnings.join('\n')).toContain(
      'The override was not recorded in a note: set DEPLOY_WINDOW_TOKEN',
    );
    expect(fake.writes()).toEqual([]);
    expect(dotenv(out).DEPLOY_WINDOW_OVERRIDE).toBe('true');
  });

  it('a note GitLab refuses is a warning; the decision stands', async () => {
    const root = workspace({ [CONFIG]: REQUIRE_REASON });
    fake.failNext('POST', /\/notes$/, 403, 1, { message: '403 Forbidden' });
    const run = await gateInMergeRequest(root, { options: { reason: REASON, comment: false } });
    expect(run.result.exitCode).toBe(0);
    expect(run.warnings.join('\n')).toMatch(/The override was not recorded in a note: .*403/);
  });

  it('a reason cannot add links, images or headings to the note', async () => {
    const root = workspace({ [CONFIG]: REQUIRE_REASON });
    await gateInMergeRequest(root, {
      options: {
        reason: '[ok](https://evil.example) ![x](https://evil.example/x.png) <img src=x> # H @all',
      },
    });
    const body = fake.notes.get('42!9')?.[0]?.body ?? '';
    expect(body).toContain('**Override:** dana');
    // Every bracket is escaped, so nothing is a link or an image; no tag, heading or mention.
    expect(body).toContain(
      '> \\[ok\\](https\u200D://evil.example) \\!\\[x\\](https\u200D://evil.example/x.png)',
    );
    expect(body).not.toMatch(/(^|[^\\])\[[^\]]*\]\(/m);
    expect(body).not.toContain('<img');
    expect(body).not.toMatch(/^#+ H/m);
    expect(body).not.toContain(' @all');
  });
});

describe('notify: on GitLab', () => {
  const NOTIFYING = `${REQUIRE_REASON}notify:\n  - name: slack\n    url-env: DEPLOY_WINDOW_SLACK_URL\n    format: slack\n    on: [blocked, override]\n`;
  const facts = {
    CI_PROJECT_PATH: 'acme/app',
    CI_COMMIT_REF_NAME: 'main',
    CI_JOB_URL: 'https://gitlab.example/acme/app/-/jobs/4242',
  };

  const hooks: Webhook[] = [];
  afterEach(async () => {
    for (const hook of hooks.splice(0)) await hook.close();
  });

  /** The gate on Saturday without a note, with a Slack webhook that answers `status`. */
  async function gateNotifying(status: number, more: Parameters<typeof gateOnSaturday>[2] = {}) {
    const hook = await startWebhook(status);
    hooks.push(hook);
    const root = workspace({ [CONFIG]: NOTIFYING });
    const env = { ...facts, DEPLOY_WINDOW_SLACK_URL: hook.url };
    const run = await gateOnSaturday(fake, root, { ...more, env });
    return { run, hook };
  }

  it('an override sends one Slack message naming the project, ref, job and reason', async () => {
    const { run, hook } = await gateNotifying(200, { options: { reason: REASON } });
    expect(run.result.exitCode).toBe(0);
    expect(hook.posts).toHaveLength(1);
    expect(hook.posts[0]?.headers['x-deploy-window-event']).toBe('override');
    const text = JSON.stringify(hook.posts[0]?.body);
    expect(text).toContain(
      'Override: dana deployed to production outside the deploy window (acme/app @ main)',
    );
    expect(text).toContain('hotfix for INC-4711');
    expect(text).toContain('https://gitlab.example/acme/app/-/jobs/4242');
    expect([...run.lines, ...run.warnings].join('\n')).not.toContain(hook.url);
  });

  it('a webhook that answers 500 is a warning and changes no decision', async () => {
    const { run, hook } = await gateNotifying(500, {
      platform: { notify: { retryDelaysMs: [0], sleep: async () => {} } },
    });
    expect(run.result.exitCode).toBe(1);
    expect(hook.posts.length).toBeGreaterThanOrEqual(1);
    expect(hook.posts[0]?.headers['x-deploy-window-event']).toBe('blocked');
    expect(run.warnings).toContain(
      'notify "slack" (DEPLOY_WINDOW_SLACK_URL): the blocked notification was not delivered: answered 500. The decision stands.',
    );
  });

  it('a target’s name with a line break stays on the "Notified" line', async () => {
    const hook = await startWebhook(200);
    hooks.push(hook);
    const root = workspace({
      [CONFIG]: NOTIFYING.replace('name: slack', 'name: "slack\\nERROR: forged"'),
    });
    const env = { ...facts, DEPLOY_WINDOW_SLACK_URL: hook.url };
    const run = await gateOnSaturday(fake, root, { env });
    expect(hook.posts).toHaveLength(1);
    expect(run.lines).toContain('Notified "slack\\u000aERROR: forged" (blocked).');
  });
});
