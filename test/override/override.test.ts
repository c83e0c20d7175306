// The override decision: an exempt actor outside the windows passes with an `override`
// record, or stays blocked with how to give the reason their layer requires; the reason is
// bounded and can break no log, Markdown surface or JSON shape.
import { describe, expect, it } from 'vitest';
import {
  applyOverride,
  cleanReason,
  MAX_REASON_LENGTH,
  type OverrideRequest,
} from '../../src/core/override.js';
import { logLines } from '../../src/core/render/escape.js';
import { renderJson } from '../../src/core/render/json.js';
import { overrideMarkdown, overrideText } from '../../src/core/render/override.js';
import type { Decision } from '../../src/core/types.js';
import { decisionFixture } from '../support/decision-fixture.js';

const FREEZE: Decision = decisionFixture({
  reason: 'inside-deny-window',
  activeWindows: ['year-end-freeze'],
  blockingWindows: ['year-end-freeze'],
});

function request(overrides: Partial<OverrideRequest> = {}): OverrideRequest {
  return {
    decision: FREEZE,
    actor: 'alice',
    exemptBy: 'user:alice',
    layer: '.github/deploy-windows.yml',
    requireReason: true,
    reason: null,
    ...overrides,
  };
}

describe('applyOverride with require-reason', () => {
  it('without a reason: still blocked, told that they may override and how, per face', () => {
    const outcome = applyOverride(request({ face: 'github' }));
    expect(outcome.kind).toBe('reason-required');
    if (outcome.kind !== 'reason-required') return;
    expect(outcome.decision).toMatchObject({
      allowed: false,
      reason: 'inside-deny-window',
      exempt: false,
      exemptBy: null,
    });
    expect(outcome.decision.override ?? null).toBeNull();
    expect(outcome.howTo).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, as the message shows it.
      "alice is exempt (user:alice) and may override the deploy window for production by giving a reason: .github/deploy-windows.yml sets exempt.require-reason, and no reason was given. To override, set the action's `reason` input (for example `reason: ${{ inputs.reason }}` from a workflow_dispatch input) and run again. The override, with its reason, is recorded.",
    );
    // Every surface that shows warnings (summary, note, JSON) shows it.
    expect(outcome.decision.warnings.at(-1)).toBe(outcome.howTo);
  });

  it.each([
    ['gitlab', "the template's `reason` input"],
    ['jenkins', "the deployWindow step's `reason:` parameter"],
    ['local', '`--reason "..."`'],
  ] as const)('on %s the message names %s', (face, how) => {
    const outcome = applyOverride(request({ face }));
    expect(outcome.kind === 'reason-required' && outcome.howTo).toContain(how);
  });

  it('on an unknown face it names all four ways', () => {
    const outcome = applyOverride(request());
    const howTo = outcome.kind === 'reason-required' ? outcome.howTo : '';
    expect(howTo).toContain("the action's `reason` input");
    expect(howTo).toContain("the GitLab template's `reason` input");
    expect(howTo).toContain("the Jenkins step's `reason:` parameter");
    expect(howTo).toContain("the CLI's `--reason`");
  });

  it.each(['', '   ', '\n\t\r\n'])('a blank reason (%j) is no reason', (reason) => {
    expect(applyOverride(request({ reason })).kind).toBe('reason-required');
  });

  it('with a reason: an exempt pass carrying the override', () => {
    const outcome = applyOverride(request({ reason: '  hotfix for INC-4711  ' }));
    expect(outcome.kind).toBe('override');
    if (outcome.kind !== 'override') return;
    expect(outcome.override).toEqual({
      actor: 'alice',
      reason: 'hotfix for INC-4711',
      layers: ['.github/deploy-windows.yml'],
      at: FREEZE.at,
    });
    expect(outcome.decision).toMatchObject({
      allowed: true,
      reason: 'exempt',
      exempt: true,
      exemptBy: 'user:alice',
      blockingWindows: ['year-end-freeze'],
      nextOpen: FREEZE.nextOpen,
      override: outcome.override,
    });
  });
});

describe('applyOverride without require-reason', () => {
  it('every exempt pass outside a window is still an override, with reason null', () => {
    const outcome = applyOverride(request({ requireReason: false }));
    expect(outcome.kind).toBe('override');
    expect(outcome.decision.override).toEqual({
      actor: 'alice',
      reason: null,
      layers: ['.github/deploy-windows.yml'],
      at: FREEZE.at,
    });
  });

  it('an allowed decision needs no override and is returned as it is', () => {
    const open = decisionFixture({ allowed: true, reason: 'inside-allow-window' });
    const outcome = applyOverride(request({ decision: open, reason: 'x' }));
    expect(outcome).toEqual({ kind: 'none', decision: open });
  });
});

describe('the reason is untrusted text', () => {
  it(`is cut to ${MAX_REASON_LENGTH} characters, marked with …, without splitting an emoji`, () => {
    const long = cleanReason(`${'🚀'.repeat(600)}`);
    expect(Array.from(long ?? '')).toHaveLength(MAX_REASON_LENGTH);
    expect(long?.endsWith('🚀…')).toBe(true);
    expect(cleanReason('a'.repeat(MAX_REASON_LENGTH))).toBe('a'.repeat(MAX_REASON_LENGTH));
  });

  it('is one line, with terminal escapes and bidi overrides written out', () => {
    expect(cleanReason('line one\r\nline two\u2028three\tfour')).toBe(
      'line one line two three four',
    );
    expect(cleanReason('red \u001b[31mALERT\u001b[0m \u202eevil')).toBe(
      'red \\u001b[31mALERT\\u001b[0m \\u202eevil',
    );
  });

  // require-reason asks for a reason a reader can see: invisible characters and blank-looking
  // letters alone are none.
  it('is none when nothing in it is visible, and shows invisible format characters', () => {
    for (const blank of [
      '\u200b',
      '\u3164',
      '\u2800\u2800\u2800',
      '\ufeff \u2060',
      '\u115f\u1160\uffa0',
      '\u00ad',
      '\u{1d159}',
    ]) {
      expect(cleanReason(blank), JSON.stringify(blank)).toBeNull();
    }
    expect(cleanReason('INC-1\u200b')).toBe('INC-1\\u200b');
    expect(cleanReason('hotfix 🚀')).toBe('hotfix 🚀');
    expect(cleanReason('修正')).toBe('修正');
    const outcome = applyOverride(request({ reason: '\u3164' }));
    expect(outcome.kind).toBe('reason-required');
  });

  it('cannot start a workflow command or a second line in the GitHub log', () => {
    const outcome = applyOverride(
      request({ reason: '::error::forged\n::add-mask::x\n##[warning]y' }),
    );
    const line = overrideText(outcome.decision) ?? '';
    const logged = logLines(line, 'github');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^OVERRIDE: alice overrode the deploy window for production/);
    expect(logged[0]).toContain('Reason: ::error::forged ::add-mask::x #\\#[warning]y');
  });

  it('reads as text in Markdown: no heading, link, mention, HTML or early end of the quote', () => {
    const outcome = applyOverride(
      request({
        reason: '# PWNED\n\n[click](https://evil.test) <img src=x> @acme/everyone | `x`',
      }),
    );
    const markdown = overrideMarkdown(outcome.decision) ?? '';
    expect(markdown).toBe(
      [
        '**Override:** alice (exempt as `user:alice`) overrode the deploy window for `production`: inside the deny window **year-end-freeze** of `.github/deploy-windows.yml`, at `2026-11-27T09:00:00.000Z`.',
        '',
        'Reason:',
        '',
        '> \\# PWNED \\[click\\](https\u200D://evil.test) &lt;img src=x&gt; @\u200Dacme/everyone \\| \\`x\\`',
      ].join('\n'),
    );
  });

  it('says so when no reason was given', () => {
    const outcome = applyOverride(request({ requireReason: false }));
    expect(overrideText(outcome.decision)).toBe(
      'OVERRIDE: alice overrode the deploy window for production (inside the deny window "year-end-freeze"; layer .github/deploy-windows.yml), exempt as user:alice. No reason given.',
    );
    expect(overrideMarkdown(outcome.decision)).toContain(
      'No reason was given (`exempt.require-reason` is not set).',
    );
  });

  it('outside every allow window (no deny window), the text says so', () => {
    const outside = decisionFixture();
    const outcome = applyOverride(request({ decision: outside, reason: 'release' }));
    expect(overrideText(outcome.decision)).toContain('(outside every allow window; layer');
  });

  it('no override: nothing to show', () => {
    expect(overrideText(FREEZE)).toBeNull();
    expect(overrideMarkdown(FREEZE)).toBeNull();
  });
});

describe('override in the JSON decision', () => {
  it('is null when there is none, right after exemptBy', () => {
    const json = JSON.parse(renderJson(FREEZE));
    const keys = Object.keys(json);
    expect(json.override).toBeNull();
    expect(keys.indexOf('override')).toBe(keys.indexOf('exemptBy') + 1);
  });

  it('is the override object when there is one, in the same place', () => {
    const outcome = applyOverride(request({ reason: 'hotfix' }));
    const json = JSON.parse(renderJson(outcome.decision));
    expect(json.override).toEqual({
      actor: 'alice',
      reason: 'hotfix',
      layers: ['.github/deploy-windows.yml'],
      at: '2026-11-27T09:00:00.000Z',
    });
    expect(Object.keys(json).indexOf('override')).toBe(12);
    expect(Object.keys(json.override)).toEqual(['actor', 'reason', 'layers', 'at']);
  });
});
