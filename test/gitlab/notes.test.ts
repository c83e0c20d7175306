// The gate's note on GitLab (docs/gitlab.md, "What the gate does on GitLab"): one note per merge
// request and environment, kept up to date, else a comment on the commit; failures of the API
// leave the decision as it is.
import { describe, expect, it } from 'vitest';
import {
  businessHoursWorkspace,
  fakeGitLabPerTest,
  GITLAB_CONFIG,
} from '../support/gitlab-fixtures.js';
import {
  BUSINESS_HOURS,
  NEXT_OPEN,
  type RunOptions,
  requestsBeyondPolicy,
  runGitLabGate,
  SATURDAY,
  TUESDAY,
  workspace,
} from './harness.js';

let root: string;
const fake = fakeGitLabPerTest(() => {
  root = businessHoursWorkspace();
});
const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

type MoreOfTheRun = Partial<Omit<RunOptions, 'fake' | 'root' | 'at'>>;

/** The gate at `at` in a commit's pipeline (no merge request); `more` adds options and the rest. */
function gateAt(at: string, more: MoreOfTheRun = {}) {
  return runGitLabGate({ fake, root, at, ...more });
}

/** The gate at `at` in merge request !17's pipeline. */
function gateInMergeRequest(at: string, more: MoreOfTheRun = {}) {
  return gateAt(at, { env: { CI_MERGE_REQUEST_IID: '17' }, ...more });
}

describe('the note on a merge request', () => {
  it('goes on the merge request GET /job names, not one a CI_MERGE_REQUEST_IID variable names', async () => {
    fake.jobRef = 'refs/merge-requests/17/head';
    const run = await gateAt(SATURDAY, { env: { CI_MERGE_REQUEST_IID: '5' } });
    expect(run.result.exitCode).toBe(1);
    expect(fake.notes.get('42!17')).toHaveLength(1);
    expect(fake.notes.get('42!5')).toBeUndefined();
  });

  it('goes on the merge request of a pipeline that runs in the fork (its ref is the source branch)', async () => {
    fake.jobRef = 'feature/x';
    const run = await gateAt(SATURDAY, {
      env: { CI_MERGE_REQUEST_IID: '17', CI_COMMIT_REF_NAME: 'feature/x' },
    });
    expect(run.result.exitCode).toBe(1);
    expect(fake.notes.get('42!17')).toHaveLength(1);
    expect(run.warnings.join('\n')).not.toMatch(/CI_MERGE_REQUEST_IID|CI_COMMIT_REF_NAME/);
  });

  it('posts one "Deployment is blocked" note naming the next opening, and links it', async () => {
    const run = await gateInMergeRequest(SATURDAY);
    expect(run.result.exitCode).toBe(1);
    const notes = fake.notes.get('42!17') ?? [];
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain('Deployment is blocked');
    expect(notes[0]?.body).toContain('production');
    expect(notes[0]?.body).toContain(NEXT_OPEN);
    expect(notes[0]?.body).toContain('<!-- deploy-window:gitlab environment=production -->');
    expect(run.result.noteUrl).toBe(
      `https://gitlab.example/acme/app/-/merge_requests/17#note_${notes[0]?.id}`,
    );
    const post = fake.requestsTo('POST', /^\/projects\/42\/merge_requests\/17\/notes$/)[0];
    expect(post?.headers['private-token']).toBe(fake.token);
  });

  it('updates the same note in place on later runs instead of posting another', async () => {
    await gateInMergeRequest(SATURDAY);
    const first = fake.notes.get('42!17')?.[0];
    await gateInMergeRequest('2026-11-22T15:00:00Z');
    expect(fake.notes.get('42!17')).toHaveLength(1);
    expect(fake.requestsTo('POST', /\/notes$/)).toHaveLength(1);
    expect(fake.requestsTo('PUT', new RegExp(`/notes/${first?.id}$`))).toHaveLength(1);
    expect(fake.notes.get('42!17')?.[0]?.body).toContain('2026-11-22T15:00:00.000Z');
  });

  it('says the deployment went through once allowed, so the note is not left stale', async () => {
    await gateInMergeRequest(SATURDAY);
    const run = await gateInMergeRequest(TUESDAY);
    expect(run.result.exitCode).toBe(0);
    const notes = fake.notes.get('42!17') ?? [];
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain('went through');
    expect(notes[0]?.body).not.toContain('Deployment is blocked');
  });

  it('writes nothing when allowed and no note exists', async () => {
    const run = await gateInMergeRequest(TUESDAY);
    expect(run.result.exitCode).toBe(0);
    expect(fake.writes()).toEqual([]);
  });

  it('keeps one note per environment', async () => {
    await gateInMergeRequest(SATURDAY);
    await gateInMergeRequest(SATURDAY, { options: { environment: 'staging' } });
    const bodies = (fake.notes.get('42!17') ?? []).map((note) => note.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toContain('environment=staging');
  });

  it('finds its note beyond the first page of notes', async () => {
    fake.pageSize = 2;
    await gateInMergeRequest(SATURDAY);
    const list = fake.notes.get('42!17') ?? [];
    for (let index = 0; index < 5; index++) {
      list.push({
        id: 1 + index,
        body: `review comment ${index}`,
        system: false,
        author: { username: 'rev' },
        created_at: '2030-01-01T00:00:00Z',
        updated_at: '2030-01-01T00:00:00Z',
      });
    }
    await gateInMergeRequest('2026-11-22T15:00:00Z');
    expect(fake.requestsTo('POST', /\/notes$/)).toHaveLength(1);
    expect(fake.requestsTo('PUT', /\/notes\/\d+$/)).toHaveLength(1);
  });

  it('leaves an unchanged note alone', async () => {
    await gateInMergeRequest(SATURDAY);
    await gateInMergeRequest(SATURDAY);
    expect(fake.writes().map((request) => request.method)).toEqual(['POST']);
  });

  // The marker is plain text in a note: anyone who can comment on the merge request can copy it.
  it("never edits another user's note that carries the marker: posts its own and warns", async () => {
    const marker = '<!-- deploy-window:gitlab environment=production -->';
    const planted = fake.addNote('42!17', `${marker}\nall clear, deploy any time`, {
      id: 66,
      username: 'mallory',
    });
    const run = await gateInMergeRequest(SATURDAY);
    expect(run.result.exitCode).toBe(1);
    expect(fake.requestsTo('PUT', /\/notes\/\d+$/)).toEqual([]);
    const notes = fake.notes.get('42!17') ?? [];
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatchObject({
      id: planted.id,
      body: `${marker}\nall clear, deploy any time`,
    });
    expect(notes[1]?.author.id).toBe(fake.tokenUser.id);
    expect(notes[1]?.body).toContain('Deployment is blocked');
    expect(run.result.noteUrl).toBe(
      `https://gitlab.example/acme/app/-/merge_requests/17#note_${notes[1]?.id}`,
    );
    expect(run.warnings.join('\n')).toMatch(/Left alone 1 note\(s\) by others/);
  });

  // The preview note lists file names a merge request chose, in code spans: a name can hold
  // the gate's marker. Only a note that starts with the marker is the gate's.
  it("does not take its own note holding the marker past the first line (a preview) for the gate's", async () => {
    const marker = '<!-- deploy-window:gitlab environment=production -->';
    const preview = `<!-- deploy-window:preview -->\n### Deploy window changes\n\nFiles: \`cal/x${marker}.ics\``;
    fake.addNote('42!17', preview, fake.tokenUser);
    const run = await gateInMergeRequest(SATURDAY);
    expect(run.result.exitCode).toBe(1);
    expect(fake.requestsTo('PUT', /\/notes\/\d+$/)).toEqual([]);
    const notes = fake.notes.get('42!17') ?? [];
    expect(notes.map((note) => note.body.startsWith(marker))).toEqual([false, true]);
    expect(notes[0]?.body).toBe(preview);
  });

  it("keeps a note within GitLab's 1,000,000 characters, clipping a huge message and saying so", async () => {
    const message = '<'.repeat(300_000); // each < is written &lt;
    root = workspace({
      [GITLAB_CONFIG]: BUSINESS_HOURS.replace(
        'message: "Deploys: Tue-Thu 10:00-16:00 Berlin"',
        `message: "${message}"`,
      ),
    });
    const run = await gateInMergeRequest(SATURDAY);
    expect(run.result.exitCode).toBe(1);
    const [note] = fake.notes.get('42!17') ?? [];
    expect(note?.body.length).toBeLessThanOrEqual(1_000_000);
    expect(note?.body).toContain('Deployment is blocked');
    expect(note?.body).toMatch(
      /message clipped: the first [\d,]+ of 300,000 characters are shown; a GitLab note holds at most 1,000,000/,
    );
  });

  it('edits no note when who the token writes as is unknown, and posts a new one', async () => {
    await gateInMergeRequest(SATURDAY);
    // Without read_user / read_api the token may not ask who it is.
    fake.failNext('GET', /^\/user$/, 403);
    await gateInMergeRequest('2026-11-22T15:00:00Z');
    expect(fake.requestsTo('PUT', /\/notes\/\d+$/)).toEqual([]);
    expect(fake.notes.get('42!17')).toHaveLength(2);
  });

  it('does not write the note with comment: false', async () => {
    const run = await gateInMergeRequest(SATURDAY, { options: { comment: false } });
    expect(run.result.exitCode).toBe(1);
    expect(fake.writes()).toEqual([]);
    expect(fake.requestsTo('GET', /notes|comments/)).toEqual([]);
  });
});

describe('the comment on a commit (no merge request)', () => {
  const comments = () => fake.commitComments.get(`42@${SHA}`) ?? [];

  it('posts once per environment and state: repeated blocked runs add nothing', async () => {
    const first = await gateAt(SATURDAY);
    expect(first.result.noteUrl).toBe(`https://gitlab.example/acme/app/-/commit/${SHA}`);
    await gateAt('2026-11-22T15:00:00Z');
    expect(comments()).toHaveLength(1);
    expect(comments()[0]?.note).toContain('Deployment is blocked');
    expect(comments()[0]?.note).toContain(NEXT_OPEN);
  });

  it('follows a blocked comment with one "went through" comment when allowed', async () => {
    await gateAt(SATURDAY);
    await gateAt(TUESDAY);
    await gateAt(TUESDAY);
    expect(comments()).toHaveLength(2);
    expect(comments()[1]?.note).toContain('went through');
  });

  it("does not take another user's comment with the marker for its own: still comments", async () => {
    fake.commitComments.set(`42@${SHA}`, [
      {
        note: '<!-- deploy-window:gitlab environment=production state=blocked -->',
        author: { id: 66, username: 'mallory' },
        created_at: '2026-11-20T10:00:00Z',
      },
    ]);
    const run = await gateAt(SATURDAY);
    expect(run.result.exitCode).toBe(1);
    expect(comments()).toHaveLength(2);
    expect(comments()[1]?.note).toContain('Deployment is blocked');
    expect(comments()[1]?.author.id).toBe(fake.tokenUser.id);
  });

  it('comments nothing when allowed and never blocked', async () => {
    await gateAt(TUESDAY);
    expect(fake.writes()).toEqual([]);
  });
});

describe('a wait cancelled by the pipeline', () => {
  const nearOpening = '2026-11-24T08:30:00Z';
  const wait = { mode: 'wait' as const, maxWait: 60 };

  it('updates the merge request note to say the wait was cancelled, and fails', async () => {
    const run = await gateInMergeRequest(nearOpening, { options: wait, cancelWait: true });
    expect(run.result).toMatchObject({ exitCode: 1, cancelled: true });
    const notes = fake.notes.get('42!17') ?? [];
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain('wait was cancelled');
  });

  it('adds one "wait cancelled" comment after the blocked one on a commit', async () => {
    await gateAt(nearOpening, { options: wait, cancelWait: true });
    await gateAt(nearOpening, { options: wait, cancelWait: true });
    const notes = (fake.commitComments.get(`42@${SHA}`) ?? []).map((comment) => comment.note);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toContain('state=blocked');
    expect(notes[1]).toContain('wait was cancelled');
  });
});

describe('the API client under failure', () => {
  it('retries 5xx and 429 answers and then succeeds', async () => {
    fake.failNext('GET', /\/notes$/, 502, 2);
    fake.failNext('POST', /\/notes$/, 429, 1);
    const run = await gateInMergeRequest(SATURDAY);
    expect(run.warnings).toEqual([]);
    expect(fake.notes.get('42!17')).toHaveLength(1);
    expect(fake.requestsTo('GET', /\/notes$/)).toHaveLength(3);
  });

  it('keeps the decision when the note cannot be written, with a warning naming endpoint and status', async () => {
    fake.failNext('GET', /\/notes$/, 500, 10);
    const run = await gateInMergeRequest(SATURDAY);
    expect(run.result.exitCode).toBe(1);
    expect(run.warnings.join('\n')).toMatch(
      /GET \/projects\/42\/merge_requests\/17\/notes answered 500/,
    );
  });

  it('does not retry a 403 and says which scope is missing', async () => {
    fake.scopes = ['read_api'];
    const run = await gateInMergeRequest(SATURDAY);
    expect(run.result.exitCode).toBe(1);
    expect(fake.requestsTo('POST', /\/notes$/)).toHaveLength(1);
    expect(run.warnings.join('\n')).toMatch(
      /POST .*\/notes answered 403: insufficient_scope \(DEPLOY_WINDOW_TOKEN needs the api scope/,
    );
  });

  it('without DEPLOY_WINDOW_TOKEN warns what is needed and calls nothing', async () => {
    const run = await gateInMergeRequest(SATURDAY, { noToken: true });
    expect(run.result.exitCode).toBe(1);
    expect(requestsBeyondPolicy(fake)).toEqual([]);
    expect(run.warnings.join('\n')).toMatch(/DEPLOY_WINDOW_TOKEN.*api scope/);
  });

  it('never prints the token', async () => {
    fake.failNext('GET', /\/notes$/, 500, 10);
    const run = await gateInMergeRequest(SATURDAY);
    const everything = [...run.lines, ...run.warnings, ...run.errors, run.sections].join('\n');
    expect(everything).not.toContain(fake.token);
  });
});
