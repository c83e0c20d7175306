// The "Deployment is blocked" note: one per merge request and environment, found again by a
// hidden marker and edited in place; without a merge request, a commit comment (those cannot
// be edited, so one is posted per environment and state, never the same one twice).

import type { BodyLimit } from '../core/render/fit-body.js';
import { carriesMarker } from '../core/render/marker.js';
import type { Decision } from '../core/types.js';
import type { GateLogger, NoteEvent, NoteResult } from '../gate/types.js';
import type { GitLabClient } from './client.js';
import { type GitLabFacts, projectPathId } from './facts.js';
import { writtenByToken } from './own-notes.js';

interface MergeRequestNote {
  id: number;
  body: string;
  system?: boolean;
  author?: unknown;
}

interface CommitComment {
  note: string;
  author?: unknown;
}

/** GitLab refuses a note longer than this many characters. */
export const GITLAB_NOTE: BodyLimit = { characters: 1_000_000, holder: 'a GitLab note' };

function environmentKey(environment: string | null): string {
  return environment === null ? '*' : encodeURIComponent(environment);
}

/** The marker of a merge request note: by environment only (the note changes state in place). */
export function noteMarker(environment: string | null): string {
  return `<!-- deploy-window:gitlab environment=${environmentKey(environment)} -->`;
}

/** What every commit comment marker of an environment starts with, whatever its state. */
function commitCommentMarkerStart(environment: string | null): string {
  return `<!-- deploy-window:gitlab environment=${environmentKey(environment)} state=`;
}

/** The marker of a commit comment: by environment and state (comments cannot be edited). */
export function commitCommentMarker(environment: string | null, event: NoteEvent): string {
  return `${commitCommentMarkerStart(environment)}${event} -->`;
}

export interface NoteTarget {
  client: GitLabClient;
  facts: GitLabFacts;
  log: Pick<GateLogger, 'warning'>;
}

/**
 * Writes the note for this decision. `render(marker)` gives the body with the marker in it.
 * `allowed` only ever updates (or follows up on) an existing blocked note, never starts one.
 * Only notes and comments the token's user wrote count as the gate's own (own-notes.ts).
 */
export async function publishGitLabNote(
  target: NoteTarget,
  decision: Decision,
  event: NoteEvent,
  render: (marker: string) => string,
): Promise<NoteResult> {
  const { client, facts, log } = target;
  if (!facts.projectId)
    throw new Error('CI_PROJECT_ID is not set, so there is nowhere to write the note');
  const project = projectPathId(facts.projectId);

  if (facts.mergeRequestIid) {
    const iid = encodeURIComponent(facts.mergeRequestIid);
    const marker = noteMarker(decision.environment);
    const endpoint = `/projects/${project}/merge_requests/${iid}/notes`;
    const notes = await client.getAll<MergeRequestNote>(endpoint, {
      sort: 'desc',
      order_by: 'updated_at',
    });
    const marked = notes.filter(
      (note) => !note.system && typeof note.body === 'string' && carriesMarker(note.body, marker),
    );
    const [existing] = await writtenByToken(client, marked, log, 'note(s)');
    const body = render(marker);
    let id: number;
    if (existing) {
      if (existing.body !== body) await client.put(`${endpoint}/${existing.id}`, { body });
      id = existing.id;
    } else if (event === 'allowed') {
      return { url: null };
    } else {
      id = (await client.post<MergeRequestNote>(endpoint, { body })).id;
    }
    return {
      url: facts.projectUrl ? `${facts.projectUrl}/-/merge_requests/${iid}#note_${id}` : null,
    };
  }

  if (!facts.commitSha)
    throw new Error('CI_COMMIT_SHA is not set, so there is no commit to comment on');
  const sha = encodeURIComponent(facts.commitSha);
  const endpoint = `/projects/${project}/repository/commits/${sha}/comments`;
  const markerOf = (state: NoteEvent) => commitCommentMarker(decision.environment, state);
  const marked = (await client.getAll<CommitComment>(endpoint)).filter(
    (comment) =>
      typeof comment.note === 'string' &&
      carriesMarker(comment.note, commitCommentMarkerStart(decision.environment), false),
  );
  const ours = await writtenByToken(client, marked, log, 'comment(s)');
  const has = (state: NoteEvent) =>
    ours.some((comment) => carriesMarker(comment.note, markerOf(state)));
  const url = facts.projectUrl ? `${facts.projectUrl}/-/commit/${facts.commitSha}` : null;

  if (has(event)) return { url };
  // "Went through" only follows a blocked comment on this commit; otherwise there is nothing to correct.
  if (event === 'allowed' && !has('blocked') && !has('wait-cancelled')) return { url: null };
  await client.post(endpoint, { note: render(markerOf(event)) });
  return { url };
}
