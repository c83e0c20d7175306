import { describe, expect, it } from 'vitest';
import { formatRelative, formatSpan } from '../src/core/render/relative-time.js';
import { renderText } from '../src/core/render/text.js';
import { formatInZone } from '../src/core/render/zone-time.js';
import { decisionFixture } from './support/decision-fixture.js';

// Worked example: production on Fri 27 Nov 2026 10:00 Berlin, next core-hours Tue 1 Dec 10:00.
const blockedFriday = decisionFixture;

describe('relative time', () => {
  it('names the two largest units, rounded down', () => {
    expect(formatSpan((2 * 24 + 3) * 3_600_000 + 29_000)).toBe('2 days 3 hours');
    expect(formatSpan(4 * 86_400_000 - 47)).toBe('4 days');
    expect(formatSpan(3_600_000 + 60_000)).toBe('1 hour 1 minute');
    expect(formatSpan(86_400_000 + 5 * 60_000)).toBe('1 day');
    expect(formatSpan(30_000)).toBe('less than a minute');
  });

  it('says in / ago / now', () => {
    expect(formatRelative(10 * 60_000, 0)).toBe('in 10 minutes');
    expect(formatRelative(0, 2 * 3_600_000)).toBe('2 hours ago');
    expect(formatRelative(5, 5)).toBe('now');
  });
});

describe('zone-local instants', () => {
  it('shows wall time, abbreviation and zone name on both sides of DST', () => {
    expect(formatInZone('2026-12-01T09:00:00.000Z', 'Europe/Berlin')).toBe(
      'Tue 1 Dec 2026 10:00 CET (Europe/Berlin)',
    );
    expect(formatInZone('2026-07-01T09:00:00.000Z', 'Europe/Berlin')).toBe(
      'Wed 1 Jul 2026 11:00 CEST (Europe/Berlin)',
    );
    expect(formatInZone('2026-11-01T05:30:00.000Z', 'America/New_York')).toBe(
      'Sun 1 Nov 2026 01:30 EDT (America/New_York)',
    );
    expect(formatInZone('2026-11-01T06:30:00.000Z', 'America/New_York')).toBe(
      'Sun 1 Nov 2026 01:30 EST (America/New_York)',
    );
  });
});

describe('renderText', () => {
  it('gives the verdict, why, and the next opening in the zone, in UTC and relative', () => {
    const text = renderText(blockedFriday());
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'BLOCKED: deploy to production at Fri 27 Nov 2026 10:00 CET (2026-11-27T09:00:00.000Z)',
    );
    expect(text).toContain('Why: outside every allow window (reason: outside-allow-window)');
    expect(text).toContain('Message: Deploys: Tue-Thu 10:00-16:00 Berlin. Exceptions: #release');
    expect(text).toContain('Next open: Tue 1 Dec 2026 10:00 CET (Europe/Berlin)');
    expect(text).toContain('2026-12-01T09:00:00.000Z (UTC), in 4 days');
    expect(text).toContain('Tue 1 Dec 2026 10:00 CET -> 16:00 CET');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('measures relative times from `now` when given', () => {
    const text = renderText(blockedFriday(), { now: Date.parse('2026-11-29T06:00:00Z') });
    expect(text).toContain('in 2 days 3 hours');
  });

  it('names the deny windows that block and the runway asked for', () => {
    const text = renderText(
      blockedFriday({
        reason: 'inside-deny-window',
        blockingWindows: ['release-freeze'],
        activeWindows: ['release-freeze'],
        minDuration: 45,
      }),
    );
    expect(text.split('\n')[0]).toContain('with 45m of runway');
    expect(text).toContain('Why: inside the deny window "release-freeze"');
  });

  it('says when an allowed deploy closes', () => {
    const text = renderText(
      blockedFriday({
        allowed: true,
        reason: 'inside-allow-window',
        at: Date.parse('2026-11-26T14:59:00.000Z'),
        activeWindows: ['core-hours'],
        closesAt: Date.parse('2026-11-26T15:00:00.000Z'),
        nextOpen: null,
        upcoming: [
          {
            start: Date.parse('2026-11-26T14:59:00.000Z'),
            end: Date.parse('2026-11-26T15:00:00.000Z'),
          },
          {
            start: Date.parse('2026-12-01T09:00:00.000Z'),
            end: Date.parse('2026-12-01T15:00:00.000Z'),
          },
        ],
      }),
    );
    expect(text.split('\n')[0]).toMatch(/^ALLOWED: deploy to production/);
    expect(text).toContain('Closes: Thu 26 Nov 2026 16:00 CET (Europe/Berlin)');
    expect(text).toContain('2026-11-26T15:00:00.000Z (UTC), in 1 minute');
    expect(text).toContain('Thu 26 Nov 2026 15:59 CET -> 16:00 CET (current)');
  });

  it('shows an exemption and who granted it', () => {
    const text = renderText(
      blockedFriday({ allowed: true, reason: 'exempt', exempt: true, exemptBy: 'user:alice' }),
    );
    expect(text.split('\n')[0]).toMatch(/^EXEMPT via user:alice: deploy to production/);
    expect(text).toContain('outside every allow window, but the actor is exempt');
  });

  it('says when nothing opens within the horizon, and lists warnings', () => {
    const text = renderText(
      blockedFriday({
        nextOpen: null,
        upcoming: [],
        environment: null,
        warnings: ['no environment given: every window applies'],
      }),
    );
    expect(text).toContain('deploy to every environment');
    expect(text).toContain('Next open: none within the horizon (366d)');
    expect(text).toContain('Warning: no environment given: every window applies');
  });
});

describe('renderText: runway', () => {
  it('explains a block inside an allow window whose open period is too short', () => {
    const text = renderText({
      ...blockedFriday(),
      at: Date.parse('2026-11-26T14:30:00.000Z'),
      activeWindows: ['core-hours'],
      minDuration: 45,
    });
    expect(text).toContain('Why: inside "core-hours", but less than the 45m runway is left');
  });
});

describe('renderText: multi-line text from the config', () => {
  it('continues a multi-line message on indented lines, so it cannot pass for another field', () => {
    const text = renderText(
      blockedFriday({
        message: 'Code freeze for the release.\nNext open: never\r\n\nAsk #release.',
        warnings: ['first\nsecond'],
      }),
    );
    const lines = text.split('\n');
    const at = lines.indexOf('Message: Code freeze for the release.');
    expect(lines.slice(at, at + 4)).toEqual([
      'Message: Code freeze for the release.',
      '         Next open: never',
      '',
      '         Ask #release.',
    ]);
    expect(lines.filter((line) => line.startsWith('Next open:'))).toHaveLength(1);
    expect(text).toContain('Warning: first\n         second');
  });
});
