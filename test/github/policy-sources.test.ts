// How the GitHub face reads the sources a config extends: github> and local> through the
// contents API with the policy token (the default branch asked for once when no #REF is
// given), gitlab> refused, no token failing closed; and the link the note gives to the policy
// that blocked.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Config, Decision } from '../../src/core/types.js';
import { createClient } from '../../src/github/client.js';
import {
  githubBlockingPolicies,
  githubPolicySources,
  policyFileUrl,
} from '../../src/github/policy-sources.js';
import { readConfigFile } from '../../src/node/config-file.js';
import { workspaceFiles } from '../../src/node/policy-files.js';
import { resolvePolicyLayers } from '../../src/node/policy-sources.js';
import { decisionFixture } from '../support/decision-fixture.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';

const ORG =
  'version: 1\ntimezone: UTC\nwindows:\n  - name: freeze\n    kind: deny\n    start: 2026-12-18T17:00\n    end: 2027-01-04T08:00\n';
const POLICY_TOKEN = 'github_pat_policy';

async function configExtending(...sources: string[]): Promise<Config> {
  const dir = mkdtempSync(join(tmpdir(), 'dw-sources-'));
  const text = `version: 1\ntimezone: UTC\nextends:\n${sources.map((source) => `  - ${source}\n`).join('')}windows: []\n`;
  writeFileSync(join(dir, 'deploy-windows.yml'), text);
  const loaded = await readConfigFile('deploy-windows.yml', workspaceFiles(dir));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.config;
}

describe('the sources a config extends, on GitHub', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await startFakeGitHub();
  });
  afterEach(async () => {
    await fake.close();
  });

  const sources = (
    client = createClient(POLICY_TOKEN, { baseUrl: fake.url, log: { warning: () => {} } }),
  ) =>
    githubPolicySources({
      client,
      own: () => workspaceFiles(mkdtempSync(join(tmpdir(), 'dw-own-'))),
      repository: { owner: 'acme', repo: 'app' },
      sha: 'c0ffee',
    });

  it('without #REF, asks for the default branch once and reads there; local> is the same source', async () => {
    fake.state.defaultBranch = 'trunk';
    fake.setRepoFiles('acme/deploy-policy', { 'deploy-windows.yml': ORG }, 'trunk');
    const github = sources();
    const resolved = await resolvePolicyLayers(
      await configExtending('github>acme/deploy-policy', 'local>acme/deploy-policy'),
      github.options,
    );
    expect('layers' in resolved && resolved.layers.map((layer) => layer.source)).toEqual([
      'github>acme/deploy-policy',
      'deploy-windows.yml',
    ]);
    expect(fake.requestsTo('GET', /^\/repos\/acme\/deploy-policy$/)).toHaveLength(1);
    const reads = fake.requestsTo('GET', /^\/repos\/acme\/deploy-policy\/contents\//);
    expect(reads.map((read) => read.query.ref)).toEqual(['trunk']);
    expect(reads[0]?.headers.authorization).toBe(`token ${POLICY_TOKEN}`);
    // The link names the branch actually read.
    const origin = github.originOf('github>acme/deploy-policy');
    expect(origin).toEqual({
      repository: 'acme/deploy-policy',
      path: 'deploy-windows.yml',
      ref: 'trunk',
    });
    expect(
      policyFileUrl('https://github.com', origin ?? { repository: '', path: '', ref: null }),
    ).toBe('https://github.com/acme/deploy-policy/blob/trunk/deploy-windows.yml');
  });

  it('refuses gitlab> sources, saying what to do instead', async () => {
    const resolved = await resolvePolicyLayers(
      await configExtending('gitlab>platform/deploy-policy:org.yml#main'),
      sources().options,
    );
    expect('errors' in resolved && resolved.errors[0]?.message).toBe(
      'cannot read gitlab>platform/deploy-policy:org.yml#main: the GitHub Action reads github> and local> sources only, not gitlab> ones; put the policy file in a GitHub repository and extend it with github>, or run the gate with the deploy-window CLI, which reads gitlab> sources with GITLAB_TOKEN',
    );
    expect(fake.requests).toEqual([]);
  });

  it('without a token, a github> source fails closed naming the inputs', async () => {
    const github = githubPolicySources({
      client: null,
      own: () => workspaceFiles(tmpdir()),
      repository: { owner: 'acme', repo: 'app' },
      sha: null,
    });
    const resolved = await resolvePolicyLayers(
      await configExtending('github>acme/deploy-policy:org.yml#v3'),
      github.options,
    );
    expect('errors' in resolved && resolved.errors[0]?.message).toContain(
      'there is no token to read it with (the policy-token and github-token inputs are empty)',
    );
  });

  it('a default-branch look-up refused with 403 fails closed, saying so', async () => {
    fake.failNext('GET', /^\/repos\/acme\/private$/, 403);
    const resolved = await resolvePolicyLayers(
      await configExtending('github>acme/private:org.yml'),
      sources().options,
    );
    expect('errors' in resolved && resolved.errors[0]?.message).toContain(
      'cannot find the default branch of acme/private: GitHub refused (403)',
    );
  });
});

describe('the note names the extended policy that blocks', () => {
  const decision = (layers: Decision['layers']): Decision => ({
    ...decisionFixture(),
    allowed: false,
    layers,
  });
  const origin = () => ({
    repository: 'acme/deploy-policy',
    path: 'policy/org.yml',
    ref: 'refs/tags/v3',
  });

  it('links the blocking layer to its file at the ref read, with bare window names', () => {
    const source = 'github>acme/deploy-policy:policy/org.yml#refs/tags/v3';
    const markdown = githubBlockingPolicies(
      decision([
        {
          source,
          allowed: false,
          reason: 'inside-deny-window',
          blockingWindows: [`${source}#freeze`],
        },
        {
          source: 'deploy-windows.yml',
          allowed: true,
          reason: 'inside-allow-window',
          blockingWindows: [],
        },
      ]),
      origin,
      'https://ghes.example/',
    );
    expect(markdown).toBe(
      '**Blocked by the policy this repository extends:**\n\n- [github&gt;acme/deploy-policy:policy/org.yml\\#refs/tags/v3](https://ghes.example/acme/deploy-policy/blob/refs/tags/v3/policy/org.yml): inside the deny window **freeze**',
    );
  });

  it("nothing when only the repository's own file blocks", () => {
    expect(
      githubBlockingPolicies(
        decision([
          { source: 'github>acme/p', allowed: true, reason: 'no-windows', blockingWindows: [] },
          {
            source: 'deploy-windows.yml',
            allowed: false,
            reason: 'outside-allow-window',
            blockingWindows: [],
          },
        ]),
        origin,
        'https://github.com',
      ),
    ).toBeNull();
  });

  it('a window name that is Markdown stays text', () => {
    const source = 'github>acme/p';
    const markdown = githubBlockingPolicies(
      decision([
        {
          source,
          allowed: false,
          reason: 'inside-deny-window',
          blockingWindows: [`${source}#[click](https://evil.example) @everyone`],
        },
        { source: 'deploy-windows.yml', allowed: true, reason: 'no-windows', blockingWindows: [] },
      ]),
      () => null,
      'https://github.com',
    );
    expect(markdown).toContain('**\\[click\\](https\u200D://evil.example) @');
    expect(markdown).not.toContain('[click](');
    expect(markdown).not.toContain('@everyone');
  });
});
