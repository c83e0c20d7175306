// The policy read at a ref through the contents API: what GitHub answers, and every answer
// that is not a file's text refused with a message that says what to do.
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/github/client.js';
import { githubContentsFiles, githubSourceFiles } from '../../src/github/policy-files.js';
import { PolicyReadError } from '../../src/node/policy-files.js';

const API = 'https://ghes.example/api/v3';
const CONTENTS = '/repos/acme/app/contents';
const CONFIG = 'version: 1\ntimezone: UTC\nwindows: []\n';
const LIMIT = 1_048_576;

const files = (ref = 'main') =>
  githubContentsFiles(
    createClient('t0ken', { baseUrl: API, log: { warning: () => {} }, retryBaseMs: 1 }),
    { owner: 'acme', repo: 'app' },
    ref,
  );

/** The files of `extends: github>acme/app:org.yml#v4`. */
const sourceV4 = () =>
  githubSourceFiles(
    {
      kind: 'github',
      repo: 'acme/app',
      path: 'org.yml',
      ref: 'v4',
      written: 'github>acme/app:org.yml#v4',
      position: null,
    },
    async () => createClient('t0ken', { baseUrl: API, log: { warning: () => {} } }),
  );

/**
 * The contents API's JSON object for the file at `path` holding `text`: base64 broken into lines
 * as GitHub sends it (here every 4 characters, so a short file has breaks too).
 */
const fileObject = (path: string, text: string) => ({
  type: 'file',
  encoding: 'base64',
  size: Buffer.byteLength(text),
  path,
  content: Buffer.from(text)
    .toString('base64')
    .replace(/(.{4})/g, '$1\n'),
});

async function failure(read: Promise<unknown>): Promise<PolicyReadError> {
  const error = await read.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PolicyReadError);
  return error as PolicyReadError;
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('reading the policy at a ref with the contents API', () => {
  it('reads the raw text of a file at the ref, with the token', async () => {
    const scope = nock(API, { reqheaders: { authorization: 'token t0ken' } })
      .get(`${CONTENTS}/.github/deploy-windows.yml`)
      .query({ ref: 'main' })
      .matchHeader('accept', /application\/vnd\.github\.raw\+json/)
      .reply(200, CONFIG, { 'content-type': 'application/vnd.github.raw+json; charset=utf-8' });
    const source = files();
    expect(source).toMatchObject({ ref: 'main', describe: 'main' });
    expect(await source.read('.github/deploy-windows.yml', LIMIT)).toBe(CONFIG);
    scope.done();
  });

  it('accepts the raw text as text/plain too, and keeps non-ASCII text intact', async () => {
    nock(API)
      .get(`${CONTENTS}/deploy-windows.yml`)
      .query({ ref: 'refs/tags/v3' })
      .reply(200, 'message: "Bitte nicht am Freitag — danke"\n', {
        'content-type': 'text/plain; charset=utf-8',
      });
    expect(await files('refs/tags/v3').read('deploy-windows.yml', LIMIT)).toBe(
      'message: "Bitte nicht am Freitag — danke"\n',
    );
  });

  it('decodes the base64 of a JSON file object', async () => {
    nock(API)
      .get(`${CONTENTS}/CODEOWNERS`)
      .query(true)
      .reply(200, fileObject('CODEOWNERS', '* @acme/ops\n'));
    expect(await files().read('CODEOWNERS', LIMIT)).toBe('* @acme/ops\n');
  });

  it('a path with special characters is sent encoded, segment by segment', async () => {
    nock(API)
      .get(`${CONTENTS}/ops/my%20windows%23.yml`)
      .query({ ref: 'main' })
      .reply(200, CONFIG, { 'content-type': 'text/plain; charset=utf-8' });
    expect(await files().read('ops/my windows#.yml', LIMIT)).toBe(CONFIG);
  });

  it('404: no such file (null)', async () => {
    nock(API).get(`${CONTENTS}/CODEOWNERS`).query(true).reply(404, { message: 'Not Found' });
    expect(await files().read('CODEOWNERS', LIMIT)).toBeNull();
  });

  it('404 for the ref itself: an error naming the ref and the status, not "no file"', async () => {
    nock(API)
      .get(`${CONTENTS}/deploy-windows.yml`)
      .query(true)
      .reply(404, { message: 'No commit found for the ref nope' });
    const error = await failure(files('nope').read('deploy-windows.yml', LIMIT));
    expect(error.message).toBe(
      'cannot read deploy-windows.yml at nope: there is no ref "nope" in acme/app (GitHub answered 404: no commit found for the ref); name a branch, tag or commit that does',
    );
  });

  it("an extends source at a ref that does not exist: the status, and the entry's #REF to fix", async () => {
    nock(API).get('/repos/acme/app/git/ref/heads%2Fv4').reply(404, { message: 'Not Found' });
    nock(API).get('/repos/acme/app/git/ref/tags%2Fv4').reply(404, { message: 'Not Found' });
    nock(API)
      .get(`${CONTENTS}/org.yml`)
      .query({ ref: 'v4' })
      .reply(404, { message: 'No commit found for the ref v4' });
    const error = await failure(sourceV4().read('org.yml', LIMIT));
    expect(error.message).toBe(
      'cannot read org.yml at v4: there is no ref "v4" in acme/app (GitHub answered 404: no commit found for the ref); change #v4 of github>acme/app:org.yml#v4 to a branch, tag or commit that does',
    );
    expect(error.message).not.toContain('policy-ref');
  });

  it("an extends source whose ref cannot be looked up is refused without the action's advice", async () => {
    nock(API)
      .get(/\/git\/ref\//)
      .reply(403, { message: 'Forbidden' })
      .persist();
    const error = await failure(sourceV4().read('org.yml', LIMIT));
    expect(error.message).toMatch(
      /^cannot tell whether v4 is a branch or a tag of acme\/app: .*403/,
    );
    expect(error.message).not.toMatch(/permissions:|github-token/);
  });

  it('403: an error naming the path, the ref and `contents: read`', async () => {
    nock(API)
      .get(`${CONTENTS}/.github/deploy-windows.yml`)
      .query(true)
      .reply(403, { message: 'Resource not accessible by integration' });
    const error = await failure(files().read('.github/deploy-windows.yml', LIMIT));
    expect(error.message).toContain('.github/deploy-windows.yml at main');
    expect(error.message).toContain('contents: read');
    expect(error.message).toContain('permissions:');
  });

  it('5xx after the retries: an error, not "no file"', async () => {
    nock(API)
      .get(`${CONTENTS}/deploy-windows.yml`)
      .query(true)
      .times(4)
      .reply(502, { message: 'Bad Gateway' });
    const error = await failure(files().read('deploy-windows.yml', LIMIT));
    expect(error.message).toContain('deploy-windows.yml at main');
    expect(error.message).toContain('502');
  });

  it.each([
    ['a directory listing', [{ type: 'file', name: 'a.yml', path: 'x/a.yml' }], 'a directory'],
    ['a symlink', { type: 'symlink', target: '/etc/passwd', path: 'x' }, 'a symlink'],
    ['a submodule', { type: 'submodule', submodule_git_url: 'git://x', path: 'x' }, 'a submodule'],
    ['an empty object', {}, 'not a file'],
  ])('%s is not a file: an error', async (_what, body, says) => {
    nock(API).get(`${CONTENTS}/x`).query(true).reply(200, body);
    const error = await failure(files().read('x', LIMIT));
    expect(error.message).toContain(says);
    expect(error.message).not.toContain('/etc/passwd');
  });

  it('an HTML page is not a file: an error that does not quote it', async () => {
    nock(API)
      .get(`${CONTENTS}/deploy-windows.yml`)
      .query(true)
      .reply(200, '<html>sign in to the proxy</html>', { 'content-type': 'text/html' });
    const error = await failure(files().read('deploy-windows.yml', LIMIT));
    expect(error.message).toContain('text/html');
    expect(error.message).not.toContain('sign in');
  });

  it('a file over the limit is refused, naming the limit', async () => {
    nock(API)
      .get(`${CONTENTS}/deploy-windows.yml`)
      .query(true)
      .reply(200, 'x'.repeat(2_000), { 'content-type': 'text/plain; charset=utf-8' });
    const error = await failure(files().read('deploy-windows.yml', 1_024));
    expect(error.message).toContain('1 KiB');
  });

  it('a base64 file object over the limit is refused too', async () => {
    nock(API)
      .get(`${CONTENTS}/CODEOWNERS`)
      .query(true)
      .reply(200, fileObject('CODEOWNERS', 'y'.repeat(2_000)));
    const error = await failure(files().read('CODEOWNERS', 1_024));
    expect(error.message).toContain('1 KiB');
  });

  it('a path outside the repository is refused without a request', async () => {
    for (const path of ['../secrets.yml', '/etc/passwd', 'a/../../b']) {
      const error = await failure(files().read(path, LIMIT));
      expect(error.message).toContain('outside the repository');
    }
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('a redirect to another host is an error, not content, and the token stays home', async () => {
    nock(API)
      .get(`${CONTENTS}/deploy-windows.yml`)
      .query(true)
      .reply(302, '', { location: 'https://elsewhere.example/raw' });
    const elsewhere = nock('https://elsewhere.example')
      .get('/raw')
      .reply(200, 'windows: []\n', { 'content-type': 'text/plain' });
    const error = await failure(files().read('deploy-windows.yml', LIMIT));
    expect(error.message).toContain('another host');
    expect(elsewhere.isDone()).toBe(false);
  });
});
