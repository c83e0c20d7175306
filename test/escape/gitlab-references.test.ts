// escapeMarkdown is "Plain text made inert in Markdown (GitHub and GitLab flavours)" and every
// GitLab note (blocked note, preview note) goes through it. GitLab turns `!123` (merge
// request), `%123`/`%"name"` (milestone), `&123` (epic) and `^` references into links, and
// posts "mentioned in" system notes on what they reference, after CommonMark has rendered the
// text. Only a backslash before the character stops it: GitLab's MarkdownPreEscapeFilter has
// REFERENCE_CHARACTERS = '@#!$&~%^' and marks `\<char>` as a literal. `#`, `$`, `~` are
// escaped here; `!`, `%` and `^` are not, and `&` becomes `&amp;`, which renders as `&` and
// so still reads as an epic reference. GitHub's own `GH-123` is at the end.
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/core/render/escape.js';
import { renderMarkdown } from '../../src/core/render/markdown.js';
import { decisionFixture } from '../support/decision-fixture.js';

/** Reference characters GitLab would act on: not preceded by a backslash. */
function liveGitLabReferences(markdown: string): string[] {
  return [...markdown.matchAll(/(?<!\\)[!%&^](?=["\w])/g)].map((match) =>
    markdown.slice(match.index, match.index + 6),
  );
}

describe('GitLab references in config text', () => {
  it('escapeMarkdown leaves no merge request, milestone, epic or ^ reference live', () => {
    const text = escapeMarkdown('PWNED see !1 and %2 and %"v1.0" and &3 and ^4');
    // `&amp;3` renders as `&3`: count it as the reference it becomes.
    expect(liveGitLabReferences(text.replace(/&amp;/g, '&'))).toEqual([]);
  });

  it('the blocked merge request note quotes the message without references', () => {
    const body = renderMarkdown(
      decisionFixture({ message: 'Frozen. Ask in !42 (milestone %"Q4 freeze").' }),
      { event: 'blocked', exemptions: { users: [], teams: [], codeowners: null } },
    );
    const quote = body.split('\n').find((line) => line.startsWith('> Frozen')) ?? '';
    expect(liveGitLabReferences(quote)).toEqual([]);
  });
});

describe('GitHub references in config text', () => {
  // GitHub links `GH-26` to issue or pull request 26 and adds "mentioned this" to it, as it does
  // for `#26` (which the backslash keeps plain).
  const liveGitHubReferences = (markdown: string) =>
    [...markdown.matchAll(/(?<![\\\w])(?:#|GH-)\d+\b/gi)].map((match) => match[0]);

  it('escapeMarkdown leaves no #n or GH-n reference live, and reads the same', () => {
    const text = escapeMarkdown('Ask in GH-1, gh-2 or #3 (PWNED)');
    expect(liveGitHubReferences(text)).toEqual([]);
    expect(text.replace(/\u200D/g, '').replace(/\\/g, '')).toBe('Ask in GH-1, gh-2 or #3 (PWNED)');
  });

  it('the blocked comment quotes the message without references', () => {
    const body = renderMarkdown(decisionFixture({ message: 'Frozen. Ask in GH-1 (PWNED).' }), {
      event: 'blocked',
      exemptions: { users: [], teams: [], codeowners: null },
    });
    const quote = body.split('\n').find((line) => line.startsWith('> Frozen')) ?? '';
    expect(quote).toContain('PWNED');
    expect(liveGitHubReferences(quote)).toEqual([]);
  });
});
