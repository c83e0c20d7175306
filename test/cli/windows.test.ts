import { describe, expect, it } from 'vitest';
import { runMain } from '../support/cli-in-process.js';
import { runCli, WORKED_CONFIG, workspace } from './run-cli.js';

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

describe('a listing too long to be of use', () => {
  // An open minute every two minutes: 720 open periods and 720 occurrences of the window a day,
  // 43,200 in 30 days.
  const dense = workspace({
    '.github/deploy-windows.yml': `version: 1
timezone: UTC
windows:
  - name: every-other-minute
    cron: "*/2 * * * *"
    duration: 1
`,
  });
  const thirtyDays = ['--from', '2026-12-01T00:00:00Z', '--days', '30'];

  it.each(['text', 'json', 'ics'])(
    'is refused in %s, with exit 2 and what to shorten, not rendered until memory runs out',
    async (format) => {
      const run = await cli(['windows', ...thirtyDays, '--format', format], dense);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        'deploy-window windows: the listing holds 43,200 open periods and window occurrences, more than 20,000 (docs/cli.md, "Limits"); list fewer --days\n',
      );
    },
  );

  it('is listed up to the limit', async () => {
    const run = await cli(
      ['windows', '--from', '2026-12-01T00:00:00Z', '--days', '13', '--format', 'json'],
      dense,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).open).toHaveLength(13 * 720);
  });

  it('is refused by calendar too', async () => {
    const run = await cli(['calendar', '--from', '2026-12-01T00:00:00Z', '--days', '35'], dense);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^deploy-window calendar: the listing holds [\d,]+ open periods and window occurrences, more than 20,000/,
    );
  });
});

describe('deploy-window windows (the built bundle)', () => {
  // Output goes out by descriptor, not through process.stdout (src/node/std-write.ts): a
  // listing many times what a pipe holds must still arrive whole, in order, before the exit.
  it('writes a listing far larger than a pipe holds whole before it exits', async () => {
    const hourly = workspace({
      'deploy-windows.yml':
        'version: 1\ntimezone: Europe/Berlin\nwindows:\n  - { name: hourly, cron: "0 * * * *", duration: 30 }\n',
    });
    const args = ['windows', '--config', 'deploy-windows.yml', '--from', '2026-12-01T00:00:00Z'];
    // Text: 420 KB, under execFile's 1 MiB buffer, over six times a Linux pipe's 64 KiB.
    const long = [...args, '--days', '366'];
    const [bundle, inProcess] = await Promise.all([
      runCli(long, { cwd: hourly }),
      cli(long, hourly),
    ]);
    expect(bundle.code).toBe(0);
    expect(bundle.stderr).toBe('');
    expect(bundle.stdout.length).toBeGreaterThan(400_000);
    // Every hour of 366 days but 02:00 on 28 March 2027, which Berlin's clocks skip.
    expect(bundle.stdout.match(/ -> /g)).toHaveLength(8783);
    expect(bundle.stdout).toBe(inProcess.stdout);
  });
});
