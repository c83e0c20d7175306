import { describe, expect, it } from 'vitest';
import { runMain } from '../support/cli-in-process.js';
import { WORKED_CONFIG, workspace } from './run-cli.js';

/** `deploy-window <args>` in `cwd`, in process, on 30 November 2026. */
const cli = (args: string[], cwd: string) =>
  runMain(args, { cwd, env: {}, now: Date.parse('2026-11-30T12:00:00Z') });

const repo = workspace({ '.github/deploy-windows.yml': WORKED_CONFIG });
const span = ['--environment', 'production', '--from', '2026-12-14T00:00:00Z', '--days', '14'];

describe('deploy-window windows', () => {
  it('lists open periods and the freeze as JSON', async () => {
    const run = await cli(['windows', ...span, '--format', 'json'], repo);
    expect(run.code).toBe(0);
    const listing = JSON.parse(run.stdout);
    expect(listing).toMatchObject({
      environment: 'production',
      from: '2026-12-14T00:00:00.000Z',
      to: '2026-12-28T00:00:00.000Z',
      timezone: 'Europe/Berlin',
    });
    // Tue-Thu 10:00-16:00 Berlin before the freeze; nothing while it runs.
    expect(listing.open).toEqual([
      { start: '2026-12-15T09:00:00.000Z', end: '2026-12-15T15:00:00.000Z' },
      { start: '2026-12-16T09:00:00.000Z', end: '2026-12-16T15:00:00.000Z' },
      { start: '2026-12-17T09:00:00.000Z', end: '2026-12-17T15:00:00.000Z' },
    ]);
    expect(listing.deny).toHaveLength(1);
    expect(listing.deny[0]).toMatchObject({
      window: 'release-freeze',
      start: '2026-12-20T23:00:00.000Z',
      timezone: 'Europe/Berlin',
    });
  });

  it('prints the same as text in the config zone', async () => {
    const run = await cli(['windows', ...span], repo);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Open periods (3):');
    expect(run.stdout).toContain('Tue 15 Dec 2026 10:00 CET -> 16:00 CET  [6h]');
    expect(run.stdout).toContain('release-freeze: Mon 21 Dec 2026 00:00 CET ->');
  });

  it('marks a period the listing starts inside', async () => {
    const run = await cli(
      ['windows', '--environment', 'production', '--from', '2026-12-15T10:00:00Z', '--days', '1'],
      repo,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Tue 15 Dec 2026 11:00 CET (already open) -> 16:00 CET  [5h]');
  });

  it('prints an iCalendar feed with --format ics', async () => {
    const run = await cli(['windows', ...span, '--format', 'ics'], repo);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(run.stdout).toContain('DTSTART:20261215T090000Z');
    expect(run.stdout.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
  });

  it('refuses a bad --days and a --from without an offset (exit 2)', async () => {
    for (const args of [
      ['--days', '0'],
      ['--days', 'two'],
      ['--from', '2026-12-14'],
    ]) {
      const run = await cli(['windows', ...args], repo);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/^deploy-window windows: invalid --/);
    }
  });
});
