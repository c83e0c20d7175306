// The one "Deploy window changes" comment of a pull request (GitHub) or note of a merge request
// (GitLab): the policy diff with its charts, the new policy's config errors, or that the change
// no longer touches the policy; kept under the platform's size limit (docs/preview.md).
import { formatIssue } from '../config/format.js';
import type { PolicyDiff } from '../diff.js';
import type { ConfigIssue } from '../types.js';
import { diffMarkdown, PREVIEW_MARKER } from './diff.js';
import { escapeMarkdown, markdownCode } from './escape.js';

export interface PreviewFacts {
  /** `pull request` or `merge request`. */
  change: string;
  /** The commits compared (shas, shown shortened). */
  base: string;
  head: string;
  /** The policy files the change touches. */
  files: readonly string[];
}

/** At most this many config errors are listed; the rest are counted. */
const MAX_ERRORS_SHOWN = 50;
/** At most this many changed policy files are named. */
const MAX_FILES_SHOWN = 20;

const HEADING = '### Deploy window changes';

function shortSha(sha: string): string {
  return markdownCode(/^[0-9a-f]{40,64}$/i.test(sha) ? sha.slice(0, 12) : sha);
}

function filesLine(files: readonly string[]): string {
  const shown = files.slice(0, MAX_FILES_SHOWN).map(markdownCode).join(', ');
  const more = files.length > MAX_FILES_SHOWN ? ` and ${files.length - MAX_FILES_SHOWN} more` : '';
  return `${shown}${more}`;
}

function footer(facts: PreviewFacts): string {
  const files = facts.files.length > 0 ? `; policy files changed: ${filesLine(facts.files)}` : '';
  return `<sub>deploy-window compared the policy at ${shortSha(facts.base)} (base) with ${shortSha(facts.head)} (this ${facts.change})${files}.</sub>`;
}

function issueList(errors: readonly ConfigIssue[]): string[] {
  const lines = errors
    .slice(0, MAX_ERRORS_SHOWN)
    .map((issue) => `- ${escapeMarkdown(formatIssue(issue))}`);
  if (errors.length > MAX_ERRORS_SHOWN) {
    lines.push(`- … and ${errors.length - MAX_ERRORS_SHOWN} more`);
  }
  return lines;
}

/** `body` within the limit, then the footer (which is always kept). */
function withFooter(body: string, facts: PreviewFacts, limit: number): string {
  const end = `\n\n${footer(facts)}\n`;
  return `${fitPreviewBody(body.trimEnd(), limit - end.length).trimEnd()}${end}`;
}

/** The comment for a change whose new policy is valid: what it does to the open time. */
export function previewDiffMarkdown(
  diff: PolicyDiff,
  facts: PreviewFacts,
  baseErrors: readonly ConfigIssue[],
  limit: number,
): string {
  let body = diffMarkdown(diff, { marker: PREVIEW_MARKER });
  if (baseErrors.length > 0) {
    const first = baseErrors[0] as ConfigIssue;
    const note = [
      `The policy at the base (${shortSha(facts.base)}) could not be used (${escapeMarkdown(formatIssue(first))}${baseErrors.length > 1 ? `, and ${baseErrors.length - 1} more` : ''}). The gate blocks every deploy with such a policy, so all open time of this ${facts.change} counts as gained.`,
      '',
    ].join('\n');
    // A function: a string replacement would read `$&` or `$'` in the error as patterns.
    body = body.replace(`${HEADING}\n\n`, () => `${HEADING}\n\n${note}\n`);
  }
  return withFooter(body, facts, limit);
}

/** The comment for a change whose new policy is invalid: its errors, escaped. */
export function previewInvalidMarkdown(
  errors: readonly ConfigIssue[],
  facts: PreviewFacts,
  limit: number,
): string {
  const body = [
    PREVIEW_MARKER,
    HEADING,
    '',
    `⛔ **The policy in this ${facts.change} is invalid.** Once merged, the gate would block every deploy, in every mode, until it is fixed:`,
    '',
    ...issueList(errors),
    '',
  ].join('\n');
  return withFooter(body, facts, limit);
}

/**
 * The comment for a change whose policy extends repositories the base's policy does not read:
 * the preview did not read them, so it cannot show what the change does (docs/preview.md).
 */
export function previewUnreadMarkdown(
  sources: readonly string[],
  facts: PreviewFacts,
  limit: number,
): string {
  const named = sources.slice(0, MAX_ERRORS_SHOWN).map(markdownCode).join(', ');
  const more =
    sources.length > MAX_ERRORS_SHOWN ? ` and ${sources.length - MAX_ERRORS_SHOWN} more` : '';
  const body = [
    PREVIEW_MARKER,
    HEADING,
    '',
    `ℹ️ This ${facts.change} makes the policy extend ${named}${more}, in a repository the policy at the base does not read. A preview does not read it: the author of a ${facts.change} does not choose what the policy token reads. So this preview cannot show what the ${facts.change} does to the open time. Once merged, the gate reads it; \`deploy-window diff\` with a token of your own shows the change before that. (To let previews read a repository, such as the org policy's while it is rolled out, list it in the preview's \`preview-repositories\` input.)`,
    '',
  ].join('\n');
  return withFooter(body, facts, limit);
}

/** The log line for the same case. */
export function previewUnreadLine(change: string, sources: readonly string[]): string {
  return `This ${change} makes the policy extend ${sources.join(', ')}, in a repository the policy at the base does not read: not read, so the preview cannot show what the ${change} does.`;
}

/** The comment once the change no longer touches the policy (an earlier push did). */
export function previewUnchangedMarkdown(facts: PreviewFacts): string {
  return [
    PREVIEW_MARKER,
    HEADING,
    '',
    `This ${facts.change} no longer changes the deploy window policy.`,
    '',
    footer({ ...facts, files: [] }),
    '',
  ].join('\n');
}

/**
 * The body within `limit` characters: whole environment sections are left out from the end
 * (a chart is never cut in half) with a line that says how many; if even that is not enough,
 * the text is cut at the limit with a line that says so.
 */
export function fitPreviewBody(body: string, limit: number): string {
  if (body.length <= limit) return body;
  const sections = body.split(/(?=^#### )/m);
  const total = sections.filter((section) => section.startsWith('#### ')).length;
  for (let keep = sections.length - 1; keep >= 1; keep--) {
    const dropped = sections.slice(keep).filter((section) => section.startsWith('#### ')).length;
    const note = `\n… ${dropped} of ${total} sections left out: a comment holds at most ${limit.toLocaleString('en-US')} characters. \`deploy-window diff\` shows them all.\n`;
    const text = `${sections.slice(0, keep).join('')}${note}`;
    if (text.length <= limit) return text;
  }
  const tail = `\n\n… (clipped at the limit of ${limit.toLocaleString('en-US')} characters)`;
  let cut = body.slice(0, limit - tail.length);
  const code = cut.charCodeAt(cut.length - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut = cut.slice(0, -1);
  // An open code fence would swallow the tail.
  if ((cut.match(/^```/gm) ?? []).length % 2 === 1) cut = cut.slice(0, cut.lastIndexOf('\n```'));
  return `${cut}${tail}`;
}
