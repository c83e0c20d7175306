// The record of an override on GitLab (docs/overrides.md, docs/gitlab.md "Overrides"): one note
// per override on the merge request (else a comment on the commit) saying who overrode which
// windows and why. It is posted whatever `comment` says, and never edited by later runs, so the
// "Deployment is blocked" note updating in place cannot erase it.
import { environmentLabel } from '../core/render/describe.js';
import { markdownCode } from '../core/render/escape.js';
import { overrideMarkdown } from '../core/render/override.js';
import { formatInstant } from '../core/time/instant.js';
import type { Decision } from '../core/types.js';
import type { GitLabClient } from './client.js';
import { type GitLabFacts, projectPathId } from './facts.js';

/** The hidden marker of an override note: the environment and the instant overridden. */
export function overrideMarker(decision: Decision): string {
  const environment =
    decision.environment === null ? '*' : encodeURIComponent(decision.environment);
  const at = encodeURIComponent(formatInstant(decision.override?.at ?? decision.at));
  return `<!-- deploy-window:gitlab override environment=${environment} at=${at} -->`;
}

/** The note's Markdown; null when the decision is no override. */
export function overrideNoteMarkdown(decision: Decision): string | null {
  const record = overrideMarkdown(decision);
  if (record === null) return null;
  return [
    overrideMarker(decision),
    `### ⚠️ Deployed outside the deploy window: ${markdownCode(environmentLabel(decision.environment))}`,
    record,
    `<sub>deploy-window decided at \`${formatInstant(decision.at)}\` (reason \`${decision.reason}\`). This note is the override's record; later runs leave it as it is.</sub>`,
  ].join('\n\n');
}

/** Where the record went: the note's (or commit's) URL when known. */
export interface OverrideRecordResult {
  url: string | null;
  where: string;
}

/**
 * Posts the override's note: on the merge request of a merge request pipeline, else as a
 * comment on the commit. Throws (with GitLab's status) when it cannot be written.
 */
export async function recordGitLabOverride(
  client: GitLabClient,
  facts: GitLabFacts,
  decision: Decision,
): Promise<OverrideRecordResult | null> {
  const body = overrideNoteMarkdown(decision);
  if (body === null) return null;
  if (!facts.projectId)
    throw new Error('CI_PROJECT_ID is not set, so there is nowhere to write it');
  const project = projectPathId(facts.projectId);
  if (facts.mergeRequestIid) {
    const iid = encodeURIComponent(facts.mergeRequestIid);
    const note = await client.post<{ id?: unknown }>(
      `/projects/${project}/merge_requests/${iid}/notes`,
      { body },
    );
    const id = typeof note?.id === 'number' ? note.id : null;
    return {
      where: `merge request !${facts.mergeRequestIid}`,
      url:
        facts.projectUrl && id !== null
          ? `${facts.projectUrl}/-/merge_requests/${iid}#note_${id}`
          : null,
    };
  }
  if (!facts.commitSha)
    throw new Error('CI_COMMIT_SHA is not set, so there is no commit to comment on');
  const sha = encodeURIComponent(facts.commitSha);
  await client.post(`/projects/${project}/repository/commits/${sha}/comments`, { note: body });
  return {
    where: `commit ${facts.commitSha.slice(0, 12)}`,
    url: facts.projectUrl ? `${facts.projectUrl}/-/commit/${facts.commitSha}` : null,
  };
}
