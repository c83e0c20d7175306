// A repository with holidays and iCalendar windows, read the way every adapter reads it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/core/config/format.js';
import { decide } from '../../src/core/decide.js';
import { lintConfig } from '../../src/core/lint.js';
import type { Config } from '../../src/core/types.js';
import { readConfigFile } from '../../src/node/config-file.js';

const repos: string[] = [];
afterAll(() => {
  for (const repo of repos) rmSync(repo, { recursive: true, force: true });
});

function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'deploy-window-calendar-'));
  repos.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function load(given: string | null, root: string): Promise<Config> {
  const result = await readConfigFile(given, root);
  if (!result.ok) throw new Error(result.errors.map(formatIssue).join('\n'));
  return result.config;
}

const CONFIG = `version: 1
timezone: America/New_York
windows:
  - name: business-hours
    environments: [production]
    time: "09:00-17:00"
    days: [MO, TU, WE, TH, FR]
  - name: us-holidays
    kind: deny
    holidays: {country: US, state: NY}
  - name: freezes
    kind: deny
    environments: [production]
    ics: .github/freeze.ics
`;

const FREEZE = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//EN',
  'BEGIN:VEVENT',
  'UID:release-train@test',
  'DTSTART;TZID=America/New_York:20261102T150000',
  'DTEND;TZID=America/New_York:20261102T170000',
  'RRULE:FREQ=WEEKLY;BYDAY=MO',
  'EXDATE;TZID=America/New_York:20261116T150000',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:peak@test',
  'DTSTART;VALUE=DATE:20261127',
  'DTEND;VALUE=DATE:20261201',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('holidays and ics windows from a repository', () => {
  const root = repository({ '.github/deploy-windows.yml': CONFIG, '.github/freeze.ics': FREEZE });
  const at = async (iso: string, environment = 'production') =>
    decide(await load(null, root), { environment, at: Date.parse(iso) });

  it('allows an ordinary Tuesday afternoon', async () => {
    expect(await at('2026-11-24T19:00:00Z')).toMatchObject({
      allowed: true,
      reason: 'inside-allow-window',
    });
  });

  it('blocks Thanksgiving (a whole day in New York) and says when deploys open again', async () => {
    // Thursday 26 November 10:00 EST; Friday 27 to Monday 30 is the peak freeze from the calendar.
    expect(await at('2026-11-26T15:00:00Z')).toMatchObject({
      allowed: false,
      reason: 'inside-deny-window',
      blockingWindows: ['us-holidays'],
      nextOpen: Date.parse('2026-12-01T14:00:00.000Z'),
    });
  });

  it('blocks the weekly release train from the calendar, but not on its EXDATE', async () => {
    expect(await at('2026-11-09T20:30:00Z')).toMatchObject({
      allowed: false,
      blockingWindows: ['freezes'],
      nextOpen: Date.parse('2026-11-10T14:00:00.000Z'),
    });
    // 15:00-17:00 runs to the end of business hours: next open is Tuesday 09:00.
    expect(await at('2026-11-16T20:30:00Z')).toMatchObject({ allowed: true });
  });

  it('applies the calendar only where the window applies', async () => {
    expect(await at('2026-11-27T15:00:00Z', 'staging')).toMatchObject({
      allowed: true,
      reason: 'no-allow-windows',
    });
    expect(await at('2026-11-26T15:00:00Z', 'staging')).toMatchObject({
      allowed: false,
      blockingWindows: ['us-holidays'],
    });
  });

  it('validates without warnings', async () => {
    expect(lintConfig(await load(null, root), Date.parse('2026-11-20T00:00:00Z'), CONFIG)).toEqual(
      [],
    );
  });

  it('reports a broken calendar at the ics key, naming the calendar line', async () => {
    const broken = repository({
      '.github/deploy-windows.yml': CONFIG,
      '.github/freeze.ics': FREEZE.replace(
        'DTSTART;VALUE=DATE:20261127',
        'DTSTART;VALUE=DATE:2026-11-27',
      ),
    });
    const result = await readConfigFile(null, broken);
    expect(result.ok).toBe(false);
    const text = result.ok ? '' : result.errors.map(formatIssue).join('\n');
    expect(text).toContain('.github/deploy-windows.yml:14:');
    expect(text).toContain(
      'windows[2].ics: .github/freeze.ics:13: DTSTART: expected a date such as 20261224',
    );
  });

  it('reports an unknown state with the code to use', async () => {
    const wrong = repository({
      '.github/deploy-windows.yml': CONFIG.replace('state: NY', 'state: New York'),
    });
    const result = await readConfigFile(null, wrong);
    const text = result.ok ? '' : result.errors.map(formatIssue).join('\n');
    expect(text).toMatch(
      /deploy-windows\.yml:10:\d+: windows\[1\]\.holidays: unknown state "New York"/,
    );
    expect(text).toContain('(did you mean "NY" (New York)?)');
  });
});

describe('the calendar examples', () => {
  const repo = process.cwd();

  it('examples/holidays.yml: blocks Thanksgiving, Fronleichnam (production) and Christmas Eve', async () => {
    const config = await load('examples/holidays.yml', repo);
    const at = (iso: string, environment = 'production') =>
      decide(config, { environment, at: Date.parse(iso) });
    expect(at('2026-11-25T18:00:00Z').allowed).toBe(true); // Wednesday 10:00 Pacific
    expect(at('2026-11-26T18:00:00Z')).toMatchObject({
      allowed: false,
      blockingWindows: ['california-holidays'],
    });
    expect(at('2026-06-04T17:00:00Z')).toMatchObject({
      allowed: false,
      blockingWindows: ['bavaria-holidays'],
    });
    expect(at('2026-06-04T17:00:00Z', 'staging')).toMatchObject({ allowed: true });
    expect(at('2026-12-24T18:00:00Z')).toMatchObject({
      allowed: false,
      blockingWindows: ['christmas-and-new-years-eve'],
    });
  });

  it('examples/freeze-calendar.yml: the board, its moved meeting, peak season and year end', async () => {
    const config = await load('examples/freeze-calendar.yml', repo);
    const at = (iso: string) => decide(config, { environment: 'production', at: Date.parse(iso) });
    expect(at('2026-11-25T13:30:00Z')).toMatchObject({
      allowed: false,
      blockingWindows: ['release-freezes'],
    });
    expect(at('2026-11-18T13:30:00Z').allowed).toBe(true); // moved to Thursday...
    expect(at('2026-11-19T09:30:00Z').allowed).toBe(false); // ...10:00-12:00
    expect(at('2026-11-27T09:00:00Z').allowed).toBe(false); // Black Friday
    expect(at('2026-12-01T09:00:00Z').allowed).toBe(true);
    expect(at('2026-12-22T09:00:00Z')).toMatchObject({
      allowed: false,
      nextOpen: Date.parse('2027-01-04T08:00:00.000Z'),
    });
    expect(lintConfig(config, Date.parse('2026-11-20T00:00:00Z'))).toEqual([]);
  });
});
