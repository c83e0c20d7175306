// The note on GitHub (docs/github-action.md, "The comment"): which pull request or commit it goes
// on, that only our own note is edited in place, and that it stays within GitHub's size limit.
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/github/client.js';
import {
  COMMENT_BODY_LIMIT,
  fitNoteBody,
  noteMarker,
  pullFromEvent,
  resolveNoteTarget,
  upsertNote,
} from '../../src/github/comment.js';

const API = 'https://ghes.example/api/v3';
const repo = { owner: 'acme', repo: 'app' };
const SHA = 'abc123';

const BOT = { login: 'github-actions[bot]', type: 'Bot' };

/**
 * Who the token writes as, the way GitHub says it: `GET /user` answers a user token and refuses
 * an App's (`<slug>[bot]`), GraphQL `viewer { login }` answers both.
 */
function viewer(login: string) {
  if (login.endsWith('[bot]')) {
    nock(API).get('/user').reply(403, { message: 'Resource not accessible by integration' });
  } else {
    nock(API).get('/user').reply(200, { login });
  }
  return nock('https://ghes.example')
    .post('/api/graphql', (body) => /viewer/.test(String(body.query)))
    .reply(200, { data: { viewer: { login } } });
}

function client() {
  return createClient('t0ken', { baseUrl: API, log: { warning: () => {} }, retryBaseMs: 1 });
}

const quietLog = () => {
  const warnings: string[] = [];
  return { warnings, log: { info: () => {}, warning: (line: string) => warnings.push(line) } };
};

/** Where the note of a run goes, for an event of the run (`sha` is SHA). */
function noteTarget(eventName: string, payload: Record<string, unknown>, log = quietLog().log) {
  return resolveNoteTarget(client(), repo, { eventName, payload, sha: SHA }, log);
}

const marker = noteMarker('production');
const PULL_7 = { kind: 'pull', number: 7 } as const;
const COMMIT = { kind: 'commit', sha: SHA } as const;
const PULL_7_COMMENTS = '/repos/acme/app/issues/7/comments';
const COMMIT_COMMENTS = `/repos/acme/app/commits/${SHA}/comments`;

/** The comments already on `path` (one page), as the note's look-up reads them. */
function existingComments(path: string, comments: object[]) {
  return nock(API).get(path).query(true).reply(200, comments);
}

/** Writes the production note `body` on `target`; `create`: write one if there is none. */
function upsert(target: typeof PULL_7 | typeof COMMIT, body: string, create: boolean) {
  return upsertNote(client(), repo, target, marker, body, create);
}

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('where the note goes', () => {
  it('uses the pull request of a pull_request event without asking the API', async () => {
    const target = await noteTarget('pull_request', { pull_request: { number: 7 } });
    expect(target).toEqual({ kind: 'pull', number: 7 });
  });

  it('uses the pull request of a pull_request_target event', async () => {
    const target = await noteTarget('pull_request_target', {
      number: 9,
      pull_request: { number: 9 },
    });
    expect(target).toEqual({ kind: 'pull', number: 9 });
  });

  it.each([
    ['issue_comment', { issue: { number: 4, pull_request: { url: 'x' } } }, 4],
    ['issue_comment', { issue: { number: 4 } }, null],
    [
      'merge_group',
      { merge_group: { head_ref: 'refs/heads/gh-readonly-queue/main/pr-31-abc123' } },
      31,
    ],
    ['workflow_run', { workflow_run: { pull_requests: [{ number: 8 }] } }, 8],
    ['push', { pull_request: { number: 5 } }, null],
  ])('%s event names pull request %#', (eventName, payload, expected) => {
    expect(pullFromEvent(eventName, payload)).toBe(expected);
  });

  it('on a push, uses the first pull request GitHub associates with the commit', async () => {
    const scope = nock(API)
      .get(`/repos/acme/app/commits/${SHA}/pulls`)
      .query(true)
      .reply(200, [{ number: 12 }, { number: 3 }]);
    const target = await noteTarget('push', {});
    expect(target).toEqual({ kind: 'pull', number: 12 });
    scope.done();
  });

  it('falls back to the commit when no pull request has it', async () => {
    nock(API).get(`/repos/acme/app/commits/${SHA}/pulls`).query(true).reply(200, []);
    const target = await noteTarget('push', {});
    expect(target).toEqual({ kind: 'commit', sha: SHA });
  });

  it('falls back to the commit, with a warning, when the look-up is refused', async () => {
    nock(API)
      .get(`/repos/acme/app/commits/${SHA}/pulls`)
      .query(true)
      .reply(403, { message: 'Resource not accessible by integration' });
    const { log, warnings } = quietLog();
    const target = await noteTarget('push', {}, log);
    expect(target).toEqual({ kind: 'commit', sha: SHA });
    expect(warnings[0]).toContain(`GET /repos/acme/app/commits/${SHA}/pulls -> 403`);
  });
});

describe('writing the note', () => {
  it('marks notes per environment', () => {
    expect(noteMarker('production')).toBe('<!-- deploy-window:production -->');
    expect(noteMarker(null)).toBe('<!-- deploy-window:* -->');
    expect(noteMarker('evil-->x')).not.toContain('-->x');
  });

  it('gives no two environments one marker, and none the policy preview marker', async () => {
    const { PREVIEW_MARKER } = await import('../../src/core/render/diff.js');
    const names = ['preview', 'environment=preview', 'environment=environment=preview', 'prod'];
    const markers = names.map(noteMarker);
    expect(new Set(markers).size).toBe(names.length);
    expect(markers).not.toContain(PREVIEW_MARKER);
  });

  it('creates a pull request comment when there is none', async () => {
    let posted: { body?: string } = {};
    existingComments(PULL_7_COMMENTS, []);
    nock(API)
      .post('/repos/acme/app/issues/7/comments', (body) => {
        posted = body;
        return true;
      })
      .reply(201, { id: 1, html_url: 'https://github.example/acme/app/pull/7#issuecomment-1' });
    const written = await upsert(PULL_7, 'Deployment is blocked', true);
    expect(written).toEqual({
      url: 'https://github.example/acme/app/pull/7#issuecomment-1',
      action: 'created',
    });
    expect(posted.body).toBe(`${marker}\nDeployment is blocked`);
  });

  it('creates a commit comment on the commit target', async () => {
    existingComments(COMMIT_COMMENTS, []);
    const post = nock(API).post(`/repos/acme/app/commits/${SHA}/comments`).reply(201, {
      id: 2,
      html_url: 'https://github.example/acme/app/commit/abc123#commitcomment-2',
    });
    const written = await upsert(COMMIT, `${marker}\nblocked`, true);
    expect(written.action).toBe('created');
    post.done();
  });

  it('updates the existing note of this environment in place, found on a later page', async () => {
    const page1 = Array.from({ length: 100 }, (_, i) => ({
      id: i + 1,
      body: `chatter ${i}`,
      html_url: `u${i}`,
    }));
    nock(API)
      .get('/repos/acme/app/issues/7/comments')
      .query((query) => query.page === undefined || query.page === '1')
      .reply(200, page1, {
        link: `<${API}/repos/acme/app/issues/7/comments?per_page=100&page=2>; rel="next"`,
      });
    nock(API)
      .get('/repos/acme/app/issues/7/comments')
      .query((query) => query.page === '2')
      .reply(200, [
        {
          id: 500,
          body: '<!-- deploy-window:staging -->\nold staging note',
          html_url: 'staging',
          user: BOT,
        },
        { id: 501, body: `${marker}\nold production note`, html_url: 'production-note', user: BOT },
      ]);
    viewer('github-actions[bot]');
    let patched: { body?: string } = {};
    const patch = nock(API)
      .patch('/repos/acme/app/issues/comments/501', (body) => {
        patched = body;
        return true;
      })
      .reply(200, { id: 501, html_url: 'production-note' });
    const written = await upsert(PULL_7, `${marker}\nnew`, true);
    expect(written).toEqual({ url: 'production-note', action: 'updated' });
    expect(patched.body).toBe(`${marker}\nnew`);
    patch.done();
  });

  it('updates a commit comment in place', async () => {
    existingComments(COMMIT_COMMENTS, [
      { id: 9, body: `${marker}\nold`, html_url: 'c9', user: BOT },
    ]);
    viewer('github-actions[bot]');
    const patch = nock(API)
      .patch('/repos/acme/app/comments/9')
      .reply(200, { id: 9, html_url: 'c9' });
    const written = await upsert(COMMIT, `${marker}\nnew`, false);
    expect(written.action).toBe('updated');
    patch.done();
  });

  it('never creates a note just to say deploys are allowed', async () => {
    existingComments(PULL_7_COMMENTS, [
      { id: 3, body: '<!-- deploy-window:staging -->', html_url: 'x' },
    ]);
    const written = await upsert(PULL_7, 'allowed', false);
    expect(written).toEqual({ url: null, action: 'none' });
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('only our own note is edited', () => {
  it('a comment by another user carrying the marker is never edited: a new note is written', async () => {
    existingComments(PULL_7_COMMENTS, [
      {
        id: 5,
        body: `${marker}\nDeploys are open, merge away`,
        html_url: 'mallory',
        user: { login: 'mallory', type: 'User' },
      },
    ]);
    const written = await upsertExpectingNewComment();
    expect(written.warning).toContain('mallory');
  });

  /** The bot writes the blocked note on PR 7 as a new comment (none of the existing is its). */
  async function upsertExpectingNewComment() {
    viewer('github-actions[bot]');
    const post = nock(API)
      .post('/repos/acme/app/issues/7/comments')
      .reply(201, { id: 6, html_url: 'ours', user: BOT });
    const written = await upsert(PULL_7, `${marker}\nDeployment is blocked`, true);
    expect(written).toMatchObject({ url: 'ours', action: 'created' });
    post.done();
    return written;
  }

  // The preview comment lists file names a pull request chose, in code spans: a name can hold
  // this note's marker. Only a body that starts with the marker is a note of the gate.
  it("the bot's own comment holding the marker past its first line is not this note", async () => {
    existingComments(PULL_7_COMMENTS, [
      {
        id: 101,
        body: `<!-- deploy-window:preview -->\n### Deploy window changes\n\nFiles: \`cal/x${marker}.ics\``,
        html_url: 'preview',
        user: BOT,
      },
    ]);
    await upsertExpectingNewComment();
  });

  it("the note written by the token's own identity (a user token) is the one updated", async () => {
    existingComments(PULL_7_COMMENTS, [
      { id: 5, body: `${marker}\nold`, html_url: 'bot', user: BOT },
      { id: 8, body: `${marker}\nold`, html_url: 'dana', user: { login: 'Dana', type: 'User' } },
    ]);
    viewer('dana');
    const patch = nock(API)
      .patch('/repos/acme/app/issues/comments/8')
      .reply(200, { id: 8, html_url: 'dana' });
    const written = await upsert(PULL_7, `${marker}\nnew`, true);
    expect(written).toMatchObject({ url: 'dana', action: 'updated' });
    patch.done();
  });

  it('when the identity cannot be learned, nothing is edited', async () => {
    existingComments(PULL_7_COMMENTS, [
      { id: 5, body: `${marker}\nold`, html_url: 'bot', user: BOT },
    ]);
    nock('https://ghes.example').post('/api/graphql').reply(403, { message: 'Forbidden' });
    nock(API).get('/user').reply(403, { message: 'Resource not accessible by integration' });
    const written = await upsert(PULL_7, `${marker}\nallowed now`, false);
    expect(written).toMatchObject({ url: null, action: 'none' });
    expect(written.warning).toContain('could not learn');
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe("GitHub's limit on a comment's size", () => {
  const render = (message: string | null) =>
    `${marker}\n## Deployment is blocked\n\n> ${message ?? ''}\n\n**Next opening:** soon.\n`;

  it('a message over the limit is clipped, and the note says so', () => {
    const message = `${'Deploys only on Tuesdays. '.repeat(4000)}THE END`; // about 104,000 characters
    const body = fitNoteBody(message, render);
    expect(body.length).toBeLessThanOrEqual(COMMENT_BODY_LIMIT);
    expect(body.length).toBeGreaterThan(COMMENT_BODY_LIMIT - 1_000);
    expect(body).toContain('> Deploys only on Tuesdays. Deploys only');
    expect(body).not.toContain('THE END');
    expect(body).toMatch(/message clipped: the first [\d,]+ of 104,007 characters are shown/);
    expect(body).toContain('**Next opening:** soon.');
  });

  it('a body that fits is left alone', () => {
    expect(fitNoteBody('short', render)).toBe(render('short'));
  });

  it('a note is never sent over the limit, whatever made it long', async () => {
    existingComments(PULL_7_COMMENTS, []);
    let posted = '';
    nock(API)
      .post('/repos/acme/app/issues/7/comments', (body) => {
        posted = body.body;
        return true;
      })
      .reply(201, { id: 1, html_url: 'u', user: BOT });
    await upsert(PULL_7, `${marker}\n${'x'.repeat(80_000)}`, true);
    expect(posted.length).toBeLessThanOrEqual(COMMENT_BODY_LIMIT);
    expect(posted.startsWith(marker)).toBe(true);
    expect(posted).toContain('clipped: a GitHub comment holds at most 65,536 characters');
  });
});
