import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../src/core/render/escape.js';
import { renderJson } from '../src/core/render/json.js';
import { renderMarkdown, renderSummaryMarkdown } from '../src/core/render/markdown.js';
import type { Decision, ExemptConfig } from '../src/core/types.js';
import { decisionFixture } from './support/decision-fixture.js';

const exemptions: ExemptConfig = {
  users: ['alice', 'release-bot[bot]'],
  teams: ['acme/release-managers'],
  codeowners: '.github/deploy-windows.yml',
};

/** The worked example's production inside the release freeze, opening Tue 5 Jan 2027 10:00. */
function freeze(overrides: Partial<Decision> = {}): Decision {
  return decisionFixture({
    reason: 'inside-deny-window',
    at: Date.parse('2026-12-22T12:00:00.000Z'),
    activeWindows: ['release-freeze'],
    blockingWindows: ['release-freeze'],
    nextOpen: Date.parse('2027-01-05T09:00:00.000Z'),
    upcoming: [
      {
        start: Date.parse('2027-01-05T09:00:00.000Z'),
        end: Date.parse('2027-01-05T15:00:00.000Z'),
      },
    ],
    ...overrides,
  });
}

/** The text a reader sees: HTML entities decoded, backslash escapes removed (CommonMark). */
function rendered(markdown: string): string {
  return markdown
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('renderMarkdown (the "Deployment is blocked" note)', () => {
  it('says what is blocked, why, when it opens and who may bypass', () => {
    const body = renderMarkdown(freeze(), {
      event: 'blocked',
      exemptions,
      now: Date.parse('2026-12-22T12:00:00Z'),
    });
    expect(body).toContain('Deployment is blocked');
    expect(body).toContain('`production`');
    expect(rendered(body)).toContain('inside the deny window **release-freeze**');
    expect(rendered(body)).toContain('> Deploys: Tue-Thu 10:00-16:00 Berlin. Exceptions: #release');
    expect(body).toContain('`2027-01-05T09:00:00.000Z`');
    expect(body).toContain('Tue 5 Jan 2027 10:00 CET (Europe/Berlin)');
    expect(body).toContain('in 13 days 21 hours');
    const bypass = rendered(body.split('\n').find((line) => line.includes('Who may')) ?? '');
    expect(bypass).toContain('alice and release-bot[bot]');
    expect(bypass).toContain('members of acme/release-managers');
    expect(bypass).toContain('CODEOWNERS owners of `.github/deploy-windows.yml`');
  });

  it('starts with the marker and mentions a scheduled re-run', () => {
    const marker = '<!-- deploy-window:production -->';
    const body = renderMarkdown(freeze(), {
      event: 'blocked',
      exemptions,
      marker,
      rerunAt: '2027-01-05T09:00:00.000Z',
    });
    expect(body.startsWith(`${marker}\n`)).toBe(true);
    expect(body).toContain('**Re-run:** scheduled for Tue 5 Jan 2027 10:00 CET (Europe/Berlin)');
  });

  it('says so when nobody is exempt and nothing opens', () => {
    const body = renderMarkdown(freeze({ nextOpen: null, upcoming: [] }), {
      event: 'blocked',
      exemptions: { users: [], teams: [], codeowners: null },
    });
    expect(body).toContain('**Next opening:** none within the next 366 days.');
    expect(body).toContain('**Who may deploy anyway:** nobody');
  });

  it('has an allowed variant that says deploys went through', () => {
    const body = renderMarkdown(
      freeze({
        allowed: true,
        reason: 'inside-allow-window',
        at: Date.parse('2027-01-05T09:30:00.000Z'),
        activeWindows: ['core-hours'],
        blockingWindows: [],
        nextOpen: null,
        closesAt: Date.parse('2027-01-05T15:00:00.000Z'),
      }),
      { event: 'allowed', exemptions },
    );
    expect(body).toContain('went through');
    expect(body).not.toContain('Deployment is blocked');
    expect(rendered(body)).toContain('inside the allow window **core-hours**');
  });

  it('has a wait-cancelled variant', () => {
    const body = renderMarkdown(freeze(), { event: 'wait-cancelled', exemptions });
    expect(body).toContain('Deployment is blocked');
    expect(body).toContain('the wait was cancelled');
    expect(body).toContain('Nothing was deployed');
  });

  it('cannot be made to render markup, HTML or a mention by the config', () => {
    const hostile = '**x** @admin <img src=x onerror=alert(1)> [link](https://evil.test) `code`';
    const body = renderMarkdown(
      freeze({ blockingWindows: [hostile], activeWindows: [hostile], message: `# ${hostile}` }),
      { event: 'blocked', exemptions: { users: ['@root'], teams: [], codeowners: null } },
    );
    expect(body).not.toContain('**x**');
    expect(body).not.toContain('<img');
    expect(body).not.toMatch(/@admin|@root/);
    expect(body).toContain('@\u200Dadmin');
    expect(body).not.toMatch(/(?<!\\)\]\(/);
    expect(body).not.toMatch(/^# /m);
    // ...and still reads as the same words once rendered.
    expect(rendered(body).replace(/\u200D/g, '')).toContain(hostile);
  });
});

describe('escapeMarkdown', () => {
  it('keeps text on one line and neutralises every active character', () => {
    expect(escapeMarkdown('a\n# b')).toBe('a \\# b');
    expect(escapeMarkdown('_a_ | b')).toBe('\\_a\\_ \\| b');
    expect(escapeMarkdown('x & <y>')).toBe('x \\& &lt;y&gt;');
    expect(escapeMarkdown('$x^2$ ~~gone~~')).toBe('\\$x\\^2\\$ \\~\\~gone\\~\\~');
  });

  it('shows ANSI escapes and bidi overrides instead of passing them on', () => {
    const escaped = escapeMarkdown('a\u001b[31mb\u202ec');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters.
    expect(escaped).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(rendered(escaped)).toBe('a\\u001b[31mb\\u202ec');
  });

  it('stops a message from starting a list or a rule', () => {
    expect(escapeMarkdown('---')).toBe('\\---');
    expect(escapeMarkdown('+1 from ops')).toBe('\\+1 from ops');
  });

  it('stops a message from starting a list, and leaves ordinary text readable', () => {
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. item')).toBe('1\\. item');
    expect(escapeMarkdown('Deploys: Tue-Thu 10:00-16:00 Berlin.')).toBe(
      'Deploys: Tue-Thu 10:00-16:00 Berlin.',
    );
  });
});

describe('renderSummaryMarkdown', () => {
  it('tabulates the decision', () => {
    const body = renderSummaryMarkdown(freeze());
    expect(body).toContain('### ⛔ Deployment is blocked: `production`');
    expect(body).toContain('| Decision | **BLOCKED** (`inside-deny-window`) |');
    expect(body).toContain('| Next opening | Tue 5 Jan 2027 10:00 CET (Europe/Berlin)');
  });
});

describe('renderJson', () => {
  it('prints the contract fields first, in the contract order', () => {
    const parsed = JSON.parse(renderJson(freeze()));
    expect(Object.keys(parsed).slice(0, 10)).toEqual([
      'allowed',
      'reason',
      'environment',
      'at',
      'activeWindows',
      'blockingWindows',
      'closesAt',
      'nextOpen',
      'message',
      'warnings',
    ]);
    expect(parsed.nextOpen).toBe('2027-01-05T09:00:00.000Z');
  });
});
