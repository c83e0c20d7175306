// Attacks on every Markdown surface (job summary, PR comment / MR note, the re-run scheduler's
// summary): config text must read as the same words, never as live Markdown or HTML.
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/core/render/escape.js';
import { renderMarkdown, renderSummaryMarkdown } from '../../src/core/render/markdown.js';
import type { Decision } from '../../src/core/types.js';
import type { GateResult } from '../../src/gate/types.js';
import { dispatchSummaryMarkdown } from '../../src/github/rerun/summary.js';
import { buildSummary } from '../../src/github/summary.js';

const MESSAGE = [
  'Frozen for the release.',
  '',
  '[PWNED link](https://evil.test)',
  '',
  '![PWNED image](https://evil.test/x.png)',
  '',
  '# PWNED heading',
  '---',
  '<img src=x onerror=alert(1)> <a href="https://evil.test">PWNED anchor</a>',
  '> PWNED quote | PWNED cell',
  'PWNED bare https://evil.test/login and www.evil.test and (www.evil.test) and _www.evil.test and ~_www.evil.test',
].join('\n');

const NAME = 'freeze | [PWNED name](https://evil.test)\n\n## PWNED name heading';

function blocked(overrides: Partial<Decision> = {}): Decision {
  return {
    allowed: false,
    reason: 'inside-deny-window',
    environment: 'prod|[PWNED env](https://evil.test)',
    at: Date.parse('2026-12-22T12:00:00.000Z'),
    activeWindows: [NAME],
    blockingWindows: [NAME],
    closesAt: null,
    nextOpen: Date.parse('2027-01-05T09:00:00.000Z'),
    message: MESSAGE,
    warnings: ['look-up failed:\n\n[PWNED warning](https://evil.test)'],
    exempt: false,
    exemptBy: 'user:x\n\n# PWNED exempt',
    timezone: 'Europe/Berlin',
    minDuration: 0,
    horizon: 527040,
    upcoming: [
      {
        start: Date.parse('2027-01-05T09:00:00.000Z'),
        end: Date.parse('2027-01-05T15:00:00.000Z'),
      },
    ],
    ...overrides,
  };
}

function result(decision: Decision | null, errors: GateResult['errors'] = []): GateResult {
  return { exitCode: decision ? 1 : 2, decision, errors, noteUrl: null, cancelled: false };
}

/** Headings the renderers write themselves (user text may follow them, escaped). */
const OUR_HEADING = /^#{2,3} (?:deploy-window|⛔|✅|⏹️|Next open periods)/u;

/**
 * The live syntax a parser would find in the lines user text landed on: links and images
 * (`](`, `][`), headings, HTML tags, list items and thematic breaks started by user text.
 */
function liveUserSyntax(markdown: string): string[] {
  const found: string[] = [];
  for (const line of markdown.split('\n').map(outsideCodeSpans)) {
    if (!line.includes('PWNED')) continue;
    if (/(?<!\\)\]\s*[([]/.test(line)) found.push(`link or image: ${line}`);
    if (/^ {0,3}(?:>\s*)*#{1,6}(?:\s|$)/.test(line) && !OUR_HEADING.test(line)) {
      found.push(`heading: ${line}`);
    }
    if (/<\/?[A-Za-z!?]/.test(line)) found.push(`HTML: ${line}`);
    // GFM's extended autolinks: a bare http(s):// address or www. name becomes a link.
    if (/[a-z]:\/\/|(?:^|[\s*_~(])www\./i.test(line)) found.push(`autolink: ${line}`);
    if (/^ {0,3}(?:>\s*)+(?:[-+*]|\d+[.)])(?:\s|$)/.test(line)) found.push(`list: ${line}`);
  }
  for (const line of markdown.split('\n')) {
    if (/^ {0,3}(?:>\s*)*(?:-\s*){3,}$/.test(line)) found.push(`thematic break: ${line}`);
  }
  return found;
}

/**
 * The line with code spans blanked (their content is literal). In a table row, cells are split
 * at unescaped pipes first, as GFM does, so a pipe inside a code span breaks it.
 */
function outsideCodeSpans(line: string): string {
  const cells = line.startsWith('|') ? line.split(/(?<!\\)\|/) : [line];
  return cells.map((cell) => cell.replace(/`[^`]*`/g, '`code`')).join('|');
}

/** The text a reader sees: backslash escapes removed, entities decoded (CommonMark). */
function rendered(markdown: string): string {
  return markdown
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\u200D/g, '');
}

/** Pipes that split table cells: not escaped, not inside our own <code> elements. */
function cellSeparators(row: string): number {
  return (row.match(/(?<!\\)\|/g) ?? []).length;
}

describe('job summary (GITHUB_STEP_SUMMARY)', () => {
  const summary = buildSummary(result(blocked()), { mode: 'fail', noteUrl: null, rerunAt: null });

  it('renders no link, image, heading or HTML from the config', () => {
    expect(liveUserSyntax(summary)).toEqual([]);
  });

  it('keeps the whole message in one blockquote, however many blank lines it has', () => {
    const quote = summary.split('\n').filter((line) => line.includes('Frozen for the release.'));
    expect(quote).toHaveLength(1);
    expect(quote[0]?.startsWith('> ')).toBe(true);
    expect(rendered(quote[0] ?? '')).toBe(`> ${MESSAGE.replace(/\n+/g, ' ')}`);
  });

  it('shows the message exactly as the pull request comment does (one escaping)', () => {
    const comment = renderMarkdown(blocked(), {
      event: 'blocked',
      exemptions: { users: [], teams: [], codeowners: null },
    });
    const quoteOf = (markdown: string) =>
      markdown.split('\n').find((line) => line.includes('Frozen for the release.'));
    expect(quoteOf(summary)).toBe(quoteOf(comment));
    expect(quoteOf(summary)).toBe(`> ${escapeMarkdown(MESSAGE)}`);
  });

  it('keeps every table row to its columns, whatever the window names hold', () => {
    const rows = summary.split('\n').filter((line) => line.startsWith('|'));
    expect(rows.length).toBeGreaterThan(4);
    const columns = new Set(
      rows.map((row) => cellSeparators(row.replace(/<code>.*?<\/code>/g, ''))),
    );
    expect([...columns].every((count) => count === 3 || count === 4)).toBe(true);
    expect(rendered(summary)).toContain(
      'freeze | [PWNED name](https://evil.test) ## PWNED name heading',
    );
  });

  it('links the note only to a well-formed https address', () => {
    const linked = buildSummary(result(blocked()), {
      mode: 'fail',
      noteUrl: 'https://github.com/acme/app/pull/1#issuecomment-2',
      rerunAt: null,
    });
    expect(linked).toContain(
      '[The deployment note](https://github.com/acme/app/pull/1#issuecomment-2)',
    );
    const hostile = buildSummary(result(blocked()), {
      mode: 'fail',
      noteUrl: 'https://x.test/a) [PWNED](https://evil.test',
      rerunAt: null,
    });
    expect(hostile).not.toContain('[PWNED](');
    const link = hostile.split('\n').find((line) => line.includes('deployment note')) ?? '';
    // One link whose destination cannot be ended early by the address.
    expect(link).toMatch(/^\[The deployment note\]\(https:\/\/x\.test\/[^()\s]+\)$/);
    expect(liveUserSyntax(hostile.replace(link, ''))).toEqual([]);
    const script = buildSummary(result(blocked()), {
      mode: 'fail',
      noteUrl: 'javascript:alert(1)',
      rerunAt: null,
    });
    expect(script).not.toContain('javascript:alert(1))');
  });

  it('an invalid config lists its problems without rendering them', () => {
    const invalid = buildSummary(
      result(null, [
        {
          file: 'deploy-windows.yml',
          line: 3,
          column: 1,
          path: 'windows[0].name',
          message: 'bad\n\n# PWNED issue heading\n[PWNED](https://evil.test)',
        },
      ]),
      { mode: 'fail', noteUrl: null, rerunAt: null },
    );
    expect(invalid).toContain('invalid');
    expect(liveUserSyntax(invalid)).toEqual([]);
  });
});

describe('pull request comment and merge request note', () => {
  it('render no link, image, heading, HTML or thematic break from the config', () => {
    for (const event of ['blocked', 'allowed', 'wait-cancelled'] as const) {
      const body = renderMarkdown(
        blocked({ allowed: event === 'allowed', exempt: event === 'allowed' }),
        {
          event,
          exemptions: {
            users: ['[PWNED user](https://evil.test)'],
            teams: [],
            codeowners: 'x|[PWNED](y)',
          },
        },
      );
      expect(liveUserSyntax(body)).toEqual([]);
    }
  });

  it('a message that is only a rule or a list marker stays text', () => {
    for (const message of ['---', '--- PWNED', '- - - PWNED', '+ PWNED', '* PWNED', '1) PWNED']) {
      const body = renderMarkdown(blocked({ message: `${message}\n---` }), {
        event: 'blocked',
        exemptions: { users: [], teams: [], codeowners: null },
      });
      expect(liveUserSyntax(body)).toEqual([]);
    }
  });
});

describe('check --format markdown', () => {
  it('keeps an environment with a pipe inside its table cell', () => {
    const body = renderSummaryMarkdown(
      blocked({ exempt: true, exemptBy: 'user:a|[PWNED](https://evil.test)' }),
    );
    expect(liveUserSyntax(body)).toEqual([]);
    for (const row of body.split('\n').filter((line) => line.startsWith('| '))) {
      expect(cellSeparators(row)).toBe(3);
    }
  });
});

describe('the re-run scheduler summary', () => {
  it('escapes what the deployments API returned', () => {
    const body = dispatchSummaryMarkdown({
      pending: 1,
      dispatched: 0,
      notDue: 0,
      failed: 1,
      skipped: 0,
      cancelled: false,
      items: [
        {
          deploymentId: 7,
          environment: 'prod <img src=x> PWNED',
          workflow: '[PWNED](https://evil.test)',
          ref: 'main\n\n# PWNED',
          notBefore: null,
          outcome: 'failed',
          detail: '![PWNED](https://evil.test/x.png)',
        },
      ],
    });
    expect(liveUserSyntax(body)).toEqual([]);
  });
});

describe('text that reaches a runner inside Markdown', () => {
  it('a code span holds no `##[` (check --format markdown is printed on the runner)', async () => {
    const { markdownCode } = await import('../../src/core/render/escape.js');
    for (const name of ['prod##[error]PWNED', 'x##[add-mask]y']) {
      const code = markdownCode(name);
      expect(code).not.toContain('##[');
      // Read back without its escapes, it is the same name.
      expect(code.replace(/\\/g, '')).toContain(name);
    }
  });

  it('the bidi marks that reorder what a reader sees are written out too', () => {
    for (const mark of ['\u200e', '\u200f', '\u061c']) {
      expect(escapeMarkdown(`a${mark}b`)).toBe(
        `a\\\\u${mark.charCodeAt(0).toString(16).padStart(4, '0')}b`,
      );
    }
  });
});
