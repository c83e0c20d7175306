// Break-glass overrides through the action's bundle (docs/overrides.md): with
// `exempt.require-reason`, an exempt person without a reason is blocked and told how to give
// one; with the `reason` input the run passes, leaves one `deploy-window:override` deployment,
// says so in the summary and the comment, posts one Slack message to the webhook in the
// variable `url-env` names; and `deploy-window audit` (the CLI bundle) lists the override.
// The scheduler (`command: dispatch`) sends `rerun` notifications for the re-runs it fires.
import { execFile } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from '../cli/run-cli.js';
import { BLOCKED_AT, RUN_SHA, RUN_TOKEN, WEEKDAY_HOURS_UTC } from '../support/action-fixtures.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';
import { addDeploymentRoutes, type FakeDeployments } from '../support/fake-github-deployments.js';
import { actionBundle, nodeBinaries, runAction } from './action-harness.js';

// Mon-Fri 09:00-17:00 UTC; alice may override, with a reason. 2026-11-23 is a Monday.
const CONFIG = `version: 1
timezone: UTC
exempt:
  users: [alice]
  require-reason: true
notify:
  - name: slack
    url-env: DEPLOY_WINDOW_SLACK_URL
    format: slack
    on: [blocked, override]
${WEEKDAY_HOURS_UTC}`;
const REASON = 'hotfix for INC-4711';

interface Webhook {
  url: string;
  posts: { headers: IncomingHttpHeaders; body: unknown }[];
  close(): Promise<void>;
}

/** A Slack incoming webhook stand-in on 127.0.0.1 that records each POST. */
async function startWebhook(): Promise<Webhook> {
  const posts: Webhook['posts'] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      posts.push({
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T0/B0/secret`,
    posts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `deploy-window audit` from the CLI bundle, against the fake API. */
function audit(apiUrl: string, node: string): Promise<{ code: number; stdout: string }> {
  return new Promise((done) => {
    execFile(
      node,
      [CLI, 'audit', '--repo', 'acme/app', '--since', '30d', '--format', 'csv'],
      {
        env: { PATH: process.env.PATH, TZ: 'UTC', GITHUB_TOKEN: RUN_TOKEN, GITHUB_API_URL: apiUrl },
        timeout: 20_000,
      },
      (error, stdout) => done({ code: error ? Number(error.code) : 0, stdout }),
    );
  });
}

let bundle = '';
beforeAll(() => {
  bundle = actionBundle();
}, 240_000);

describe.each(nodeBinaries())(
  'an override through the action bundle on $label',
  ({ path: node }) => {
    let fake: FakeGitHub;
    let github: FakeDeployments;
    let webhook: Webhook;
    beforeEach(async () => {
      fake = await startFakeGitHub();
      github = addDeploymentRoutes(fake);
      fake.setCommitPulls('acme/app', RUN_SHA, [{ number: 12 }]);
      webhook = await startWebhook();
    });
    afterEach(async () => {
      await fake.close();
      await webhook.close();
    });

    const run = (actor: string, reason: string) =>
      runAction({
        bundle,
        node,
        apiUrl: fake.url,
        inputs: { environment: 'production', 'github-token': RUN_TOKEN, at: BLOCKED_AT, reason },
        files: { '.github/deploy-windows.yml': CONFIG },
        env: {
          GITHUB_ACTOR: actor,
          GITHUB_TRIGGERING_ACTOR: actor,
          GITHUB_REF_NAME: 'main',
          GITHUB_EVENT_NAME: 'workflow_dispatch',
          DEPLOY_WINDOW_SLACK_URL: webhook.url,
        },
      });
    const overrideRecords = () =>
      github.deployments.filter((deployment) => deployment.task === 'deploy-window:override');

    it('an exempt person without the required reason is blocked and told how to give one', async () => {
      const result = await run('alice', '');
      expect(result.code).toBe(1);
      expect(result.outputs).toMatchObject({ allowed: 'false', exempt: 'false' });
      expect(result.stdout).toContain(
        "::error::alice is exempt (user:alice) and may override the deploy window for production by giving a reason: .github/deploy-windows.yml sets exempt.require-reason, and no reason was given. To override, set the action's `reason` input",
      );
      expect(result.summary).toContain('may override the deploy window');
      expect(fake.issueComments('acme/app', 12)[0]?.body).toContain(
        'alice is exempt (user:alice) and may override the deploy window',
      );
      expect(overrideRecords()).toEqual([]);
      // The blocked run notifies as a block, not as an override.
      expect(webhook.posts.map((post) => post.headers['x-deploy-window-event'])).toEqual([
        'blocked',
      ]);
    });

    it('with a reason: passes, records one override deployment, says so in the summary, the comment and one Slack message; audit lists it', async () => {
      const result = await run('alice', REASON);
      expect(result.code).toBe(0);
      expect(result.outputs).toMatchObject({ allowed: 'true', exempt: 'true', reason: 'exempt' });
      expect(JSON.parse(result.outputs.decision ?? '{}').override).toEqual({
        actor: 'alice',
        reason: REASON,
        layers: ['.github/deploy-windows.yml'],
        at: '2026-11-23T08:30:00.000Z',
      });

      // The durable record: one deployment of task deploy-window:override, for the commit.
      const records = overrideRecords();
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        ref: RUN_SHA,
        environment: 'production',
        payload: { actor: 'alice', reason: REASON, exemptBy: 'user:alice', ref: 'main' },
      });
      expect(github.latestState(records[0]?.id ?? 0)).toBe('success');

      // The summary and the comment (created: there was none) say who, which windows and why.
      expect(result.summary).toContain(
        '**Override:** alice (exempt as `user:alice`) overrode the deploy window for `production`: outside every allow window',
      );
      expect(result.summary).toContain(`> ${REASON}`);
      // Escaped as text: it shows `deployment #1001`.
      expect(result.summary).toContain(`deployment \\#${records[0]?.id}`);
      const comments = fake.issueComments('acme/app', 12);
      expect(comments).toHaveLength(1);
      expect(comments[0]?.body).toContain('overrode the deploy window');
      expect(comments[0]?.body).toContain(`> ${REASON}`);
      expect(result.outputs['comment-url']).toBe(comments[0]?.html_url);

      // Exactly one Slack-format POST, for the override; the URL is never printed.
      expect(webhook.posts).toHaveLength(1);
      const [post] = webhook.posts;
      expect(post?.headers['content-type']).toBe('application/json');
      expect(post?.headers['x-deploy-window-event']).toBe('override');
      expect(post?.body).toMatchObject({
        text: 'Override: alice deployed to production outside the deploy window (acme/app @ main)',
        blocks: [
          { type: 'header', text: { type: 'plain_text' } },
          { type: 'section', fields: expect.any(Array) },
          { type: 'section', text: { type: 'mrkdwn' } },
        ],
      });
      expect(JSON.stringify(post?.body)).toContain(REASON);
      expect(JSON.stringify(post?.body)).toContain(
        'https://github.example/acme/app/actions/runs/4242',
      );
      expect(result.stdout).not.toContain(webhook.url);

      const listed = await audit(fake.url, node);
      expect(listed.code).toBe(0);
      const [header, ...rows] = listed.stdout.trimEnd().split('\r\n');
      expect(header).toBe(
        'recorded_at,environment,ref,sha,actor,exempt_by,reason,windows,layers,at,deployment_id,recorded_by',
      );
      expect(rows).toHaveLength(1);
      // (The fake answers every deployment with one placeholder sha; the record's ref is RUN_SHA.)
      const cells = rows[0]?.split('","') ?? [];
      expect(cells.slice(1, 3)).toEqual(['production', 'main']);
      expect(cells.slice(4, 11)).toEqual([
        'alice',
        'user:alice',
        REASON,
        '',
        '.github/deploy-windows.yml',
        '2026-11-23T08:30:00.000Z',
        String(records[0]?.id),
      ]);
    });
  },
);

// The scheduler (`command: dispatch`) fires a recorded re-run at the opening and tells the
// `rerun` targets of the config at the default branch. Real time drives it, so the window
// opened an hour ago.
const MINUTE = 60_000;
const now = Math.floor(Date.now() / MINUTE) * MINUTE;
const local = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}+00:00`;
const RERUN_CONFIG = `version: 1
timezone: UTC
notify:
  - name: slack
    url-env: DEPLOY_WINDOW_SLACK_URL
    format: slack
    on: [rerun]
windows:
  - name: release
    environments: [production]
    start: "${local(now - 60 * MINUTE)}"
    end: "${local(now + 60 * MINUTE)}"
`;
const WORKFLOW = `name: Deploy
on:
  push:
    branches: [main]
  workflow_dispatch:
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/deploy-window@v1
        with: { environment: production, reschedule: true }
`;

describe.each(nodeBinaries())(
  're-run notifications from the scheduler bundle on $label',
  ({ path: node }) => {
    let fake: FakeGitHub;
    let github: FakeDeployments;
    let webhook: Webhook;
    beforeEach(async () => {
      fake = await startFakeGitHub();
      github = addDeploymentRoutes(fake);
      github.addWorkflow('acme/app', 'deploy.yml', { text: WORKFLOW });
      webhook = await startWebhook();
    });
    afterEach(async () => {
      await fake.close();
      await webhook.close();
    });

    const run = (inputs: Record<string, string>, env: Record<string, string>) =>
      runAction({
        bundle,
        node,
        apiUrl: fake.url,
        inputs: { 'github-token': RUN_TOKEN, comment: 'false', ...inputs },
        files: {},
        policy: { '.github/deploy-windows.yml': RERUN_CONFIG },
        env: { DEPLOY_WINDOW_SLACK_URL: webhook.url, ...env },
      });

    it('a dispatched re-run sends one rerun notification', async () => {
      const blocked = await run(
        {
          environment: 'production',
          reschedule: 'true',
          at: new Date(now - 120 * MINUTE).toISOString(),
        },
        { GITHUB_RUN_ID: '100' },
      );
      expect(blocked.code).toBe(1);
      expect(webhook.posts).toEqual([]);

      const scheduler = await run(
        { command: 'dispatch' },
        { GITHUB_EVENT_NAME: 'schedule', GITHUB_RUN_ID: '200' },
      );
      expect(scheduler.code, scheduler.stdout).toBe(0);
      expect(scheduler.outputs.dispatched).toBe('1');
      expect(webhook.posts).toHaveLength(1);
      expect(webhook.posts[0]?.headers['x-deploy-window-event']).toBe('rerun');
      expect(JSON.stringify(webhook.posts[0]?.body)).toContain(
        'Deploy window opened: a re-run of deploy.yml was dispatched for production (acme/app @ main)',
      );
    });
  },
);
