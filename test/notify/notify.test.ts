// notify: webhooks on 127.0.0.1. One POST per matching target with the format's body; a 500
// is retried then reported; an endpoint that never answers costs at most its time-out; the
// URL is never shown; a failure is a warning and never touches the decision. Retry waits are
// injected (no real sleeping); only the time-out tests wait, for a few tens of milliseconds.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { applyOverride } from '../../src/core/override.js';
import type { Decision, NotifyTarget } from '../../src/core/types.js';
import {
  type Notification,
  type NotifyOptions,
  notificationBody,
  sendNotifications,
} from '../../src/node/notify.js';
import { decisionFixture } from '../support/decision-fixture.js';

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface Hook {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** A webhook on 127.0.0.1 answering each request with `answer` (or never, if it returns null). */
async function hook(
  answer: (request: Received, response: ServerResponse) => boolean | undefined = (_, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return true;
  },
): Promise<Hook> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry: Received = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(entry);
      answer(entry, response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/s3cretT0ken`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const FREEZE = decisionFixture({
  reason: 'inside-deny-window',
  activeWindows: ['year-end-freeze'],
  blockingWindows: ['year-end-freeze'],
  message: 'Frozen until 4 Jan. Ask #release.',
});

function overrideDecision(reason: string | null): Decision {
  return applyOverride({
    decision: FREEZE,
    actor: 'alice',
    exemptBy: 'user:alice',
    layer: '.github/deploy-windows.yml',
    requireReason: false,
    reason,
  }).decision;
}

const FACTS = {
  repository: 'acme/shop',
  ref: 'main',
  runUrl: 'https://github.example/acme/shop/actions/runs/4242',
};

function target(overrides: Partial<NotifyTarget> = {}): NotifyTarget {
  return {
    name: 'slack',
    urlEnv: 'DEPLOY_WINDOW_SLACK_URL',
    format: 'slack',
    on: ['blocked', 'override', 'rerun'],
    ...overrides,
  };
}

/** Options with instant retry waits, recording them. */
function options(
  env: Record<string, string>,
  extra: Partial<NotifyOptions> = {},
): NotifyOptions & { waits: number[] } {
  const waits: number[] = [];
  return {
    env,
    facts: FACTS,
    waits,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...extra,
  };
}

describe('sendNotifications: delivery', () => {
  it('one Slack-format POST reaches the webhook with the override: who, windows, why, the run', async () => {
    const slack = await hook();
    const decision = deepFreeze(overrideDecision('hotfix for INC-4711'));
    const report = await sendNotifications(
      [target()],
      { event: 'override', decision },
      options({ DEPLOY_WINDOW_SLACK_URL: slack.url }),
    );

    expect(report).toEqual({ sent: ['slack'], warnings: [] });
    expect(slack.received).toHaveLength(1);
    const [request] = slack.received;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/services/T000/B000/s3cretT0ken');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-deploy-window-event']).toBe('override');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      text: 'Override: alice deployed to production outside the deploy window (acme/shop @ main)',
      blocks: [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: 'Override: alice deployed to production outside the deploy window (acme/shop @ main)',
            emoji: false,
          },
        },
        {
          type: 'section',
          fields: [
            ['Environment', 'production'],
            ['Windows', 'inside the deny window "year-end-freeze"'],
            ['Exempt as', 'user:alice'],
            ['Reason', 'hotfix for INC-4711'],
            ['Layers', '.github/deploy-windows.yml'],
          ].flatMap(([label, value]) => [
            { type: 'mrkdwn', text: `*${label}:*` },
            { type: 'plain_text', text: value, emoji: false },
          ]),
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '<https://github.example/acme/shop/actions/runs/4242|View the run>',
          },
        },
      ],
    });
  });

  it('only targets whose on: names the event are sent to', async () => {
    const blockedOnly = await hook();
    const everything = await hook();
    const report = await sendNotifications(
      [
        target({ name: 'ops', urlEnv: 'OPS_URL', format: 'json', on: ['blocked'] }),
        target({ name: 'all', urlEnv: 'ALL_URL', format: 'teams' }),
      ],
      { event: 'override', decision: overrideDecision('x') },
      options({ OPS_URL: blockedOnly.url, ALL_URL: everything.url }),
    );
    expect(report.sent).toEqual(['all']);
    expect(blockedOnly.received).toHaveLength(0);
    expect(everything.received).toHaveLength(1);
  });

  it('no targets, or none for this event: nothing is sent, nothing is said', async () => {
    const none = await sendNotifications(
      undefined,
      { event: 'blocked', decision: FREEZE },
      options({}),
    );
    expect(none).toEqual({ sent: [], warnings: [] });
  });
});

describe('sendNotifications: failures are warnings', () => {
  it('a 500 and a 429 get one POST each (extends.md: "one HTTP POST"), then one warning; the decision stays', async () => {
    for (const status of [500, 429, 503]) {
      const broken = await hook((_, response) => {
        response.writeHead(status).end('oops https://leak.test');
        return true;
      });
      const decision = deepFreeze(structuredClone(FREEZE));
      const opts = options({ DEPLOY_WINDOW_SLACK_URL: broken.url });
      const report = await sendNotifications([target()], { event: 'blocked', decision }, opts);

      // The webhook answered: it has the message, and a second POST could post it twice.
      expect(broken.received, String(status)).toHaveLength(1);
      expect(opts.waits).toEqual([]);
      expect(report.sent).toEqual([]);
      expect(report.warnings).toEqual([
        `notify "slack" (DEPLOY_WINDOW_SLACK_URL): the blocked notification was not delivered: answered ${status}. The decision stands.`,
      ]);
      expect(decision).toEqual(FREEZE);
    }
  });

  it('a connection that could not be made is tried again, with the injected waits (nothing was sent)', async () => {
    const delivered = await hook();
    let refused = 0;
    const refusingTwice: typeof fetch = async (input, init) => {
      if (refused < 2) {
        refused++;
        throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      }
      return fetch(input, init);
    };
    const opts = options({ DEPLOY_WINDOW_SLACK_URL: delivered.url }, { fetch: refusingTwice });
    const report = await sendNotifications(
      [target()],
      { event: 'blocked', decision: FREEZE },
      opts,
    );
    expect(refused).toBe(2);
    expect(opts.waits).toEqual([1000, 2000]);
    expect(delivered.received).toHaveLength(1);
    expect(report).toEqual({ sent: ['slack'], warnings: [] });
  });

  it('a 4xx is not retried', async () => {
    const gone = await hook((_, response) => {
      response.writeHead(404).end();
      return true;
    });
    const report = await sendNotifications(
      [target()],
      { event: 'blocked', decision: FREEZE },
      options({ DEPLOY_WINDOW_SLACK_URL: gone.url }),
    );
    expect(gone.received).toHaveLength(1);
    expect(report.warnings[0]).toContain('answered 404');
  });

  it('an endpoint that never answers costs at most the time-out', async () => {
    const silent = await hook(() => undefined);
    const started = performance.now();
    const report = await sendNotifications(
      [target()],
      { event: 'blocked', decision: FREEZE },
      options(
        { DEPLOY_WINDOW_SLACK_URL: silent.url },
        { attemptTimeoutMs: 40, totalTimeoutMs: 150, retryDelaysMs: [0] },
      ),
    );
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(1000);
    // It may have the message: it is not sent again.
    expect(silent.received).toHaveLength(1);
    expect(report.sent).toEqual([]);
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toMatch(/no answer within (0\.04 s|the overall time-out)/);
  });

  it('the overall time-out bounds every target together', async () => {
    const silentA = await hook(() => undefined);
    const silentB = await hook(() => undefined);
    const started = performance.now();
    const report = await sendNotifications(
      [target({ name: 'a', urlEnv: 'A_URL' }), target({ name: 'b', urlEnv: 'B_URL' })],
      { event: 'blocked', decision: FREEZE },
      options(
        { A_URL: silentA.url, B_URL: silentB.url },
        { attemptTimeoutMs: 5000, totalTimeoutMs: 80 },
      ),
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(report.warnings).toHaveLength(2);
    expect(report.warnings[0]).toContain('no answer within the overall time-out (0.08 s)');
  });

  it('a redirect is not followed', async () => {
    const elsewhere = await hook();
    const redirecting = await hook((_, response) => {
      response.writeHead(307, { location: elsewhere.url }).end();
      return true;
    });
    const report = await sendNotifications(
      [target()],
      { event: 'blocked', decision: FREEZE },
      options({ DEPLOY_WINDOW_SLACK_URL: redirecting.url }),
    );
    expect(elsewhere.received).toHaveLength(0);
    expect(redirecting.received).toHaveLength(1);
    expect(report.warnings[0]).toContain('answered 307, a redirect, which is not followed');
  });

  it('a refused connection is retried, then a warning with the error code only', async () => {
    const closed = await hook();
    await closed.close();
    servers.pop();
    const opts = options({ DEPLOY_WINDOW_SLACK_URL: closed.url });
    const report = await sendNotifications(
      [target()],
      { event: 'blocked', decision: FREEZE },
      opts,
    );
    expect(opts.waits).toEqual([1000, 2000]);
    expect(report.warnings).toEqual([
      'notify "slack" (DEPLOY_WINDOW_SLACK_URL): the blocked notification was not delivered: network error (ECONNREFUSED). The decision stands.',
    ]);
  });

  it.each([
    [{}, 'DEPLOY_WINDOW_SLACK_URL is not set or empty; nothing sent.'],
    [
      { DEPLOY_WINDOW_SLACK_URL: '  ' },
      'DEPLOY_WINDOW_SLACK_URL is not set or empty; nothing sent.',
    ],
    [{ DEPLOY_WINDOW_SLACK_URL: 'hooks.slack.com/s3cretT0ken' }, 'does not hold a URL'],
    [
      { DEPLOY_WINDOW_SLACK_URL: 'http://hooks.example.com/s3cretT0ken' },
      'holds a http URL; only https is sent (http only to 127.0.0.1 or [::1])',
    ],
    [
      { DEPLOY_WINDOW_SLACK_URL: 'file:///etc/s3cretT0ken' },
      'holds a file URL; only https is sent',
    ],
    [
      { DEPLOY_WINDOW_SLACK_URL: 'https://user:s3cretT0ken@hooks.example.com/x' },
      'holds a URL with a user name or password',
    ],
  ])('an unusable variable (%j) is a warning; nothing is sent', async (env, why) => {
    let fetched = 0;
    const report = await sendNotifications(
      [target()],
      { event: 'blocked', decision: FREEZE },
      options(env, {
        fetch: async () => {
          fetched++;
          return new Response('');
        },
      }),
    );
    expect(fetched).toBe(0);
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toContain('notify "slack" (DEPLOY_WINDOW_SLACK_URL): ');
    expect(report.warnings[0]).toContain(why);
  });

  it('no warning ever shows the URL, its host or its secret path', async () => {
    const broken = await hook((_, response) => {
      response.writeHead(503).end();
      return true;
    });
    const { port } = new URL(broken.url);
    const report = await sendNotifications(
      [
        target({ name: 'a', urlEnv: 'A_URL' }),
        target({ name: 'b', urlEnv: 'B_URL' }),
        target({ name: 'c', urlEnv: 'C_URL' }),
      ],
      { event: 'blocked', decision: FREEZE },
      options({
        A_URL: broken.url,
        B_URL: 'https://no-such-host.invalid/s3cretT0ken',
        C_URL: 'http://internal.example/s3cretT0ken',
      }),
    );
    expect(report.warnings).toHaveLength(3);
    for (const warning of report.warnings) {
      expect(warning).not.toContain('s3cretT0ken');
      expect(warning).not.toContain(port);
      expect(warning).not.toContain('no-such-host');
      expect(warning).not.toContain('internal.example');
    }
  });

  it('a fetch that throws anything is a warning, never an exception', async () => {
    const report = await sendNotifications(
      [target()],
      { event: 'blocked', decision: FREEZE },
      options(
        { DEPLOY_WINDOW_SLACK_URL: 'https://hooks.example.com/x' },
        {
          retries: 0,
          fetch: () => {
            throw new Error('boom https://hooks.example.com/x');
          },
        },
      ),
    );
    expect(report.warnings).toEqual([
      'notify "slack" (DEPLOY_WINDOW_SLACK_URL): the blocked notification was not delivered: network error. The decision stands.',
    ]);
  });
});

describe('notification bodies', () => {
  it('Slack: a blocked run says why, when it opens, and the config message', () => {
    const body = notificationBody('slack', { event: 'blocked', decision: FREEZE }, FACTS) as {
      text: string;
      blocks: { fields?: { text: string }[] }[];
    };
    expect(body.text).toBe('Deployment blocked: production (acme/shop @ main)');
    const facts = (body.blocks[1]?.fields ?? []).map((field) => field.text);
    expect(facts).toEqual([
      '*Environment:*',
      'production',
      '*Why:*',
      'inside the deny window "year-end-freeze"',
      '*Next opening:*',
      'Tue 1 Dec 2026 10:00 CET (Europe/Berlin) (2026-12-01T09:00:00.000Z)',
      '*Message:*',
      'Frozen until 4 Jan. Ask #release.',
    ]);
  });

  it('Teams: a message card with facts, Markdown escaped, and a link to the run', () => {
    const body = notificationBody(
      'teams',
      { event: 'override', decision: overrideDecision('[click](https://evil.test) **now**') },
      FACTS,
    ) as Record<string, unknown>;
    expect(body).toMatchObject({
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary:
        'Override: alice deployed to production outside the deploy window (acme/shop @ main)',
      potentialAction: [
        {
          '@type': 'OpenUri',
          name: 'View the run',
          targets: [{ os: 'default', uri: FACTS.runUrl }],
        },
      ],
    });
    const facts = (body.sections as { facts: { name: string; value: string }[] }[])[0]?.facts;
    expect(facts?.find((fact) => fact.name === 'Reason')?.value).toBe(
      '\\[click\\](https\u200D://evil.test) \\*\\*now\\*\\*',
    );
  });

  it('JSON: the decision exactly as check --format json has it, then what the notification is about', () => {
    const decision = overrideDecision('hotfix');
    const body = notificationBody('json', { event: 'override', decision }, FACTS) as Record<
      string,
      unknown
    >;
    const keys = Object.keys(body);
    expect(keys.slice(0, 3)).toEqual(['allowed', 'reason', 'environment']);
    expect(keys.at(-1)).toBe('notification');
    // Instants as the JSON writes them: ISO 8601 UTC.
    expect(body.at).toBe('2026-11-27T09:00:00.000Z');
    expect(body.override).toEqual({ ...decision.override, at: '2026-11-27T09:00:00.000Z' });
    expect(body.notification).toEqual({
      event: 'override',
      repository: 'acme/shop',
      ref: 'main',
      runUrl: FACTS.runUrl,
    });
  });

  it('a re-run dispatched, with or without a decision', () => {
    const rerun: Notification = {
      event: 'rerun',
      rerun: {
        environment: 'production',
        ref: 'main',
        workflow: 'deploy.yml',
        at: '2026-12-01T09:00:00.000Z',
      },
    };
    const slack = notificationBody('slack', rerun, FACTS) as { text: string };
    expect(slack.text).toBe(
      'Deploy window opened: a re-run of deploy.yml was dispatched for production (acme/shop @ main)',
    );
    expect(notificationBody('json', rerun, FACTS)).toEqual({
      notification: {
        event: 'rerun',
        repository: 'acme/shop',
        ref: 'main',
        runUrl: FACTS.runUrl,
        rerun: rerun.rerun,
      },
    });
  });

  it('a run link that is no http(s) URL is left out', () => {
    const body = notificationBody(
      'slack',
      { event: 'blocked', decision: FREEZE },
      { ...FACTS, runUrl: 'javascript:alert(1)' },
    ) as { blocks: { text: { text: string } }[] };
    expect(body.blocks[0]?.text.text).not.toContain('View the run');
  });
});
