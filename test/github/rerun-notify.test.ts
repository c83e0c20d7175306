// `rerun` notifications of the scheduler: after re-runs were dispatched, the notify targets of
// the config at the default branch (and of the org policy it extends) hear of each; nothing is
// read when nothing was dispatched; a config that cannot be read is a warning only.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/github/client.js';
import type { DispatchResultItem, DispatchSummary } from '../../src/github/rerun/index.js';
import { notifyDispatchedReruns } from '../../src/github/rerun/notify.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';

const CONFIG = `version: 1
timezone: UTC
extends:
  - github>acme/deploy-policy:org.yml#v3
notify:
  - name: team
    url-env: TEAM_HOOK
    format: slack
    on: [rerun]
  - name: blocked-only
    url-env: TEAM_HOOK
    format: slack
    on: [blocked]
windows: []
`;
const ORG = `version: 1
timezone: UTC
notify:
  - name: org
    url-env: ORG_HOOK
    format: json
windows: []
`;

interface Hook {
  url: string;
  posts: { headers: IncomingHttpHeaders; body: unknown }[];
  server: Server;
}

async function webhook(): Promise<Hook> {
  const hook = { url: '', posts: [] } as unknown as Hook;
  hook.server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      hook.posts.push({
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString()),
      });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => hook.server.listen(0, '127.0.0.1', resolve));
  hook.url = `http://127.0.0.1:${(hook.server.address() as AddressInfo).port}/hook`;
  return hook;
}

function item(outcome: DispatchResultItem['outcome']): DispatchResultItem {
  return {
    deploymentId: 7,
    environment: 'production',
    workflow: 'deploy.yml',
    ref: 'main',
    notBefore: '2026-11-23T09:00:00.000Z',
    outcome,
    detail: null,
  };
}

function summaryOf(...items: DispatchResultItem[]): DispatchSummary {
  return {
    pending: items.length,
    dispatched: 0,
    notDue: 0,
    failed: 0,
    skipped: 0,
    cancelled: false,
    items,
  };
}

describe('re-run notifications of the scheduler', () => {
  let fake: FakeGitHub;
  let team: Hook;
  let org: Hook;
  const warnings: string[] = [];
  beforeEach(async () => {
    fake = await startFakeGitHub();
    fake.setFiles({ '.github/deploy-windows.yml': CONFIG });
    fake.setRepoFiles('acme/deploy-policy', { 'org.yml': ORG }, 'v3');
    team = await webhook();
    org = await webhook();
    warnings.length = 0;
  });
  afterEach(async () => {
    await fake.close();
    for (const hook of [team, org]) {
      hook.server.closeAllConnections();
      hook.server.close();
    }
  });

  const notify = (summary: DispatchSummary) =>
    notifyDispatchedReruns(
      {
        octokit: createClient('ghs_token', { baseUrl: fake.url, log: { warning: () => {} } }),
        repository: { owner: 'acme', repo: 'app' },
        env: {
          TEAM_HOOK: team.url,
          ORG_HOOK: org.url,
          GITHUB_SERVER_URL: 'https://github.example',
          GITHUB_RUN_ID: '99',
        },
        log: { info: () => {}, warning: (line) => warnings.push(line) },
        configPath: null,
        now: () => Date.parse('2026-11-23T09:00:30Z'),
      },
      summary,
    );

  it('a dispatched re-run reaches the targets of the config at the default branch and of its org policy, once each', async () => {
    await notify(summaryOf(item('dispatched'), item('not-due')));
    expect(warnings).toEqual([]);
    expect(team.posts).toHaveLength(1);
    expect(team.posts[0]?.headers['x-deploy-window-event']).toBe('rerun');
    expect(JSON.stringify(team.posts[0]?.body)).toContain(
      'Deploy window opened: a re-run of deploy.yml was dispatched for production (acme/app @ main)',
    );
    expect(org.posts).toHaveLength(1);
    expect(org.posts[0]?.body).toEqual({
      notification: {
        event: 'rerun',
        repository: 'acme/app',
        ref: 'main',
        runUrl: 'https://github.example/acme/app/actions/runs/99',
        rerun: {
          environment: 'production',
          ref: 'main',
          workflow: 'deploy.yml',
          at: '2026-11-23T09:00:30.000Z',
        },
      },
    });
  });

  it('nothing dispatched: nothing is read and nothing sent', async () => {
    await notify(summaryOf(item('not-due'), item('failed')));
    expect(fake.requests).toEqual([]);
    expect(team.posts).toEqual([]);
  });

  it('an invalid config at the default branch is a warning, and nothing is sent', async () => {
    fake.setFiles({
      '.github/deploy-windows.yml': 'version: 1\ntimezone: Mars/Olympus\nwindows: []\n',
    });
    await notify(summaryOf(item('dispatched')));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^No re-run notification sent: the config at main is not valid \(/);
    expect(team.posts).toEqual([]);
  });
});
