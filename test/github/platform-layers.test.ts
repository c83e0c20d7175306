// The GitHub platform with policy layers, overrides and notifications, under the real gate and
// engine, against the fake GitHub API and webhooks on 127.0.0.1: extended layers read at their
// own ref (a change cannot edit them), their CODEOWNERS counted in their layer only, the
// override record, and notifications that fail without changing the decision.
import { afterEach, describe, expect, it } from 'vitest';
import type { GitHubPlatformOptions } from '../../src/github/platform.js';
import { startFakeGitHub } from '../support/fake-github.js';
import { addDeploymentRoutes, type FakeDeployments } from '../support/fake-github-deployments.js';
import { runGitHubGate } from '../support/github-gate.js';
import { perTest } from '../support/per-test.js';
import { startWebhook, type Webhook } from '../support/webhook.js';

const SHA = 'f00d000000000000000000000000000000000002';
/** Monday 23 November 2026, 08:30 UTC: outside the own hours (09:00-17:00). */
const BLOCKED = '2026-11-23T08:30:00Z';
const OWN_HOURS = `windows:
  - name: business-hours
    time: "09:00-17:00"
    days: [MO, TU, WE, TH, FR]
`;

describe('the GitHub platform with policy layers and overrides', () => {
  let github: FakeDeployments;
  const fake = perTest(startFakeGitHub, (started) => {
    github = addDeploymentRoutes(started);
  });
  const hooks: Webhook[] = [];
  afterEach(async () => {
    for (const hook of hooks.splice(0)) await hook.close();
  });

  async function gate(
    config: string,
    setup: {
      /** Where the config comes from (default: the input's default, the default branch). */
      policyRef?: string;
      actor?: string;
      reason?: string | null;
      /** The checkout (default: the config alone). */
      checkout?: Record<string, string>;
      /** More files at the default branch besides the config. */
      policy?: Record<string, string>;
      env?: Record<string, string>;
      platform?: GitHubPlatformOptions;
    } = {},
  ) {
    const files = { '.github/deploy-windows.yml': config };
    return runGitHubGate({
      fake,
      at: BLOCKED,
      checkout: setup.checkout ?? files,
      policy: { ...files, ...setup.policy },
      options: {
        comment: false,
        actor: setup.actor ?? 'bob',
        reason: setup.reason ?? null,
        ...(setup.policyRef ? { policyRef: setup.policyRef } : {}),
      },
      env: {
        GITHUB_SERVER_URL: 'https://github.example',
        GITHUB_REPOSITORY: 'acme/app',
        GITHUB_REF: 'refs/heads/main',
        GITHUB_REF_NAME: 'main',
        GITHUB_RUN_ID: '77',
        GITHUB_SHA: SHA,
        ...setup.env,
      },
      tokens: { api: 'ghs_token', exempt: null, job: null },
      platform: setup.platform,
    });
  }

  function runGitHubGateAs(config: string, environment: string) {
    const files = { '.github/deploy-windows.yml': config };
    return runGitHubGate({
      fake,
      at: BLOCKED,
      checkout: files,
      policy: files,
      options: { comment: false, actor: 'alice', reason: 'INC-1', environment },
      env: {
        GITHUB_REPOSITORY: 'acme/app',
        GITHUB_REF: 'refs/heads/main',
        GITHUB_SHA: SHA,
      },
      tokens: { api: 'ghs_token', exempt: null, job: null },
    });
  }

  it("a plain-path layer is read at the policy ref: the change's own copy cannot drop its freeze", async () => {
    const team =
      'version: 1\ntimezone: UTC\nwindows:\n  - name: offsite\n    kind: deny\n    start: 2026-11-23T00:00\n    end: 2026-11-24T00:00\n';
    const config = `version: 1\ntimezone: UTC\nextends:\n  - ./policy/team.yml\nwindows: []\n`;
    const { result } = await gate(config, {
      policy: { 'policy/team.yml': team },
      checkout: {
        '.github/deploy-windows.yml': config,
        'policy/team.yml': 'version: 1\ntimezone: UTC\nwindows: []\n',
      },
    });
    expect(result.exitCode).toBe(1);
    expect(result.decision?.blockingWindows).toEqual(['./policy/team.yml#offsite']);
  });

  it("with policy-ref: workspace, the change's extends cannot make the gate quote another repository's file", async () => {
    // The change names a private file the policy token can read; its keys and values must not
    // reach the log or the summary through its errors.
    fake.setRepoFiles('acme/private', {
      'secrets.yml': 'version: 1\ndeploy_key: hunter2\ntimezone: "sk_live_51Hx"\nwindows: []\n',
    });
    const config = `version: 1\ntimezone: UTC\nextends:\n  - github>acme/private:secrets.yml\n${OWN_HOURS}`;
    const { result, log, summary } = await gate(config, { policyRef: 'workspace' });
    expect(result.exitCode).toBe(2);
    const shown = `${log}\n${summary}\n${JSON.stringify(result.errors)}`;
    expect(shown).toContain('github>acme/private:secrets.yml is not a valid deploy-windows file');
    expect(shown).not.toContain('deploy_key');
    expect(shown).not.toContain('sk_live_51Hx');
    // Read from the default branch (a protected ref), the same policy shows the errors.
    const trusted = await gate(config);
    expect(JSON.stringify(trusted.result.errors)).toContain('deploy_key');
  });

  it("an extended layer's CODEOWNERS come from its own repository and ref, and count in that layer only", async () => {
    const org = `version: 1\ntimezone: UTC\nexempt:\n  codeowners: org.yml\n${OWN_HOURS}`;
    fake.setRepoFiles(
      'acme/deploy-policy',
      { 'org.yml': org, '.github/CODEOWNERS': 'org.yml @dave\n' },
      'v3',
    );
    // The repository's own hours allow nobody at 08:30 but exempt dave through its own CODEOWNERS.
    const config = `version: 1\ntimezone: UTC\nextends:\n  - github>acme/deploy-policy:org.yml#v3\nexempt:\n  codeowners: .github/deploy-windows.yml\nwindows: []\n`;
    const dave = await gate(config, {
      actor: 'dave',
      policy: { '.github/CODEOWNERS': '.github/ @erin\n' },
    });
    expect(dave.result.exitCode).toBe(0);
    expect(dave.result.decision?.exemptBy).toBe('codeowners:@dave');
    expect(
      fake.requestsTo('GET', /^\/repos\/acme\/deploy-policy\/contents\/\.github\/CODEOWNERS$/)[0]
        ?.query.ref,
    ).toBe('v3');

    // erin owns the repository's own file, not the org's: the org layer still blocks.
    const erin = await gate(config, {
      actor: 'erin',
      policy: { '.github/CODEOWNERS': '.github/ @erin\n' },
    });
    expect(erin.result.exitCode).toBe(1);
  });

  it('an extends #ref that is both a branch and a tag of the policy repository is refused', async () => {
    const org = `version: 1\ntimezone: UTC\n${OWN_HOURS}`;
    fake.setRepoFiles('acme/deploy-policy', { 'org.yml': org }, 'refs/tags/v3');
    // A branch `v3` anyone could push, whose org.yml allows everything.
    fake.setRepoFiles('acme/deploy-policy', { 'org.yml': 'version: 1\nwindows: []\n' }, 'v3');
    const config = `version: 1\ntimezone: UTC\nextends:\n  - github>acme/deploy-policy:org.yml#v3\nwindows: []\n`;
    const ambiguous = await gate(config);
    expect(ambiguous.result.exitCode).toBe(2);
    expect(JSON.stringify(ambiguous.result.errors)).toContain('names both a branch and a tag');
    const tag = await gate(config.replace('#v3', '#refs/tags/v3'));
    expect(tag.result.exitCode).toBe(1);
  });

  it('an override whose record cannot be written still passes, says why, and the summary keeps it', async () => {
    fake.failNext('POST', /^\/repos\/acme\/app\/deployments$/, 403, 1, {
      body: { message: 'Resource not accessible by integration' },
    });
    const config = `version: 1\ntimezone: UTC\nexempt:\n  users: [alice]\n${OWN_HOURS}`;
    const { result, log, summary } = await gate(config, { actor: 'alice', reason: 'INC-1' });
    expect(result.exitCode).toBe(0);
    expect(result.decision?.override?.reason).toBe('INC-1');
    expect(log).toContain(
      'warning: The override was not recorded as a GitHub deployment: creating it failed (403)',
    );
    expect(log).toContain('deployments: write');
    expect(github.deployments).toEqual([]);
    expect(summary).toContain('**Override:** alice');
  });

  it("the override record's line in the summary is text: an environment typed at dispatch makes no link or image", async () => {
    // `environment: ${{ inputs.environment }}` is common; the record's line was Markdown as given.
    const environment = 'prod [approved](https://evil.example/x) ![p](https://evil.example/p.png)';
    const config = `version: 1\ntimezone: UTC\nexempt:\n  users: [alice]\n${OWN_HOURS}`;
    const { result, summary } = await runGitHubGateAs(config, environment);
    expect(result.exitCode).toBe(0);
    expect(github.deployments).toHaveLength(1);
    const line = summary.split('\n').find((text) => text.includes('The override is recorded'));
    expect(line).toContain('deployment \\#');
    expect(line).not.toContain('[approved](');
    expect(line).not.toContain('![p](');
  });

  it('webhooks that answer 500 or never answer cost at most the time-out and change no decision', async () => {
    const failing = await startWebhook(500);
    const silent = await startWebhook(null);
    hooks.push(failing, silent);
    const config = `version: 1\ntimezone: UTC\nexempt:\n  users: [alice]\nnotify:\n  - name: failing\n    url-env: FAILING_HOOK\n    format: slack\n  - name: silent\n    url-env: SILENT_HOOK\n    format: json\n${OWN_HOURS}`;
    const platform: GitHubPlatformOptions = {
      notify: {
        retryDelaysMs: [1],
        sleep: async () => {},
        attemptTimeoutMs: 100,
        totalTimeoutMs: 300,
      },
    };
    const env = { FAILING_HOOK: failing.url, SILENT_HOOK: silent.url };

    const blocked = await gate(config, { env, platform });
    expect(blocked.result.exitCode).toBe(1);
    expect(blocked.result.decision).toMatchObject({
      allowed: false,
      reason: 'outside-allow-window',
    });
    expect(blocked.ms).toBeLessThan(2000);
    expect(blocked.log).toContain(
      'warning: notify "failing" (FAILING_HOOK): the blocked notification was not delivered: answered 500. The decision stands.',
    );
    expect(blocked.log).toMatch(
      /warning: notify "silent" \(SILENT_HOOK\): the blocked notification was not delivered: .*(no answer|time-out)/,
    );
    // One POST: the webhook answered, so it is not sent again; the URLs are never printed.
    expect(failing.posts).toHaveLength(1);
    expect(blocked.log).not.toContain('127.0.0.1');

    const override = await gate(config, { actor: 'alice', env, platform });
    expect(override.result.exitCode).toBe(0);
    expect(override.result.decision?.override?.actor).toBe('alice');
    expect(override.ms).toBeLessThan(2000);
    expect(override.log).toContain('the override notification was not delivered');
  });

  it('a target’s name with a line break stays on the "Notified" line', async () => {
    const hook = await startWebhook(200);
    hooks.push(hook);
    const config = `version: 1\ntimezone: UTC\nnotify:\n  - name: "slack\\nERROR: forged"\n    url-env: HOOK\n    format: slack\n${OWN_HOURS}`;
    const blocked = await gate(config, { env: { HOOK: hook.url } });
    expect(blocked.result.exitCode).toBe(1);
    expect(hook.posts).toHaveLength(1);
    expect(blocked.log).toContain('Notified "slack\\u000aERROR: forged" (blocked).');
  });
});
