// `deploy-window diff` and `deploy-window calendar`, in-process: exit statuses, the old policy
// from a file or a git ref, and the outputs a reviewer reads.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { recordingIo } from '../support/cli-in-process.js';
import { berlinWeekdayHours as hours } from '../support/configs.js';
import { git } from '../support/git.js';
import { runCli } from './run-cli.js';

function repo(files: Record<string, string>): string {
  const cwd = mkdtempSync(join(tmpdir(), 'deploy-window-diff-'));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(cwd, path), text);
  return cwd;
}

const io = (cwd: string) => recordingIo({ cwd, now: Date.parse('2026-11-30T00:00:00Z') });

describe('deploy-window diff', () => {
  it('exit 1 and the gained and lost periods when the open time moves', async () => {
    const cwd = repo({
      'old.yml': hours('10:00', '16:00'),
      'deploy-windows.yml': hours('10:00', '17:00'),
    });
    const run = io(cwd);
    expect(await main(['diff', '--base', 'old.yml', '--days', '1'], run)).toBe(1);
    expect(run.out).toContain('+ opens  Mon 30 Nov 2026 16:00 CET -> 17:00 CET');
  });

  it('exit 0 when nothing moved; exit 2 on an invalid config or a missing base', async () => {
    const cwd = repo({
      'old.yml': hours('10:00', '16:00'),
      'deploy-windows.yml': hours('10:00', '16:00'),
    });
    expect(await main(['diff', '--base', 'old.yml'], io(cwd))).toBe(0);
    writeFileSync(join(cwd, 'broken.yml'), 'version: 2\n');
    const broken = io(cwd);
    expect(await main(['diff', '--base', 'broken.yml'], broken)).toBe(2);
    expect(broken.err).toMatch(/broken\.yml:1:10/);
    expect(await main(['diff'], io(cwd))).toBe(2);
  });

  it('--base-ref compares with the policy committed at a git ref; JSON for scripts', async () => {
    const cwd = repo({ 'deploy-windows.yml': hours('10:00', '16:00') });
    git(cwd, 'init', '-q', '-b', 'main');
    git(cwd, 'add', '.');
    git(cwd, 'commit', '-q', '-m', 'policy');
    writeFileSync(join(cwd, 'deploy-windows.yml'), hours('09:00', '16:00'));
    const run = io(cwd);
    expect(await main(['diff', '--base-ref', 'main', '--days', '1', '--format', 'json'], run)).toBe(
      1,
    );
    const json = JSON.parse(run.out);
    expect(json.environments[0].gained).toEqual([
      { start: '2026-11-30T08:00:00.000Z', end: '2026-11-30T09:00:00.000Z' },
    ]);
    expect(json.environments[0].lost).toEqual([]);
    // The check and gate note ("the edits apply once merged ...; this run is decided by the
    // policy at main") says nothing true of a comparison: diff shows both sides.
    expect(run.err).toBe('');
  });

  it('markdown carries a table and one gantt chart per environment', async () => {
    const cwd = repo({
      'old.yml': hours('10:00', '16:00'),
      'deploy-windows.yml': hours('11:00', '16:00'),
    });
    const run = io(cwd);
    await main(
      ['diff', '--base', 'old.yml', '--format', 'markdown', '--environment', 'production'],
      run,
    );
    expect(run.out).toMatch(/^### Deploy window changes/);
    expect(run.out).toContain('| closes | Mon 30 Nov 2026 10:00 CET to 11:00 CET |');
    expect(run.out.match(/```mermaid\ngantt/g)).toHaveLength(1);
  });
});

describe('deploy-window calendar', () => {
  it('writes one self-contained HTML page with a grid per environment', async () => {
    const cwd = repo({ 'deploy-windows.yml': hours('10:00', '16:00') });
    const run = io(cwd);
    expect(await main(['calendar', '--days', '7', '--output', 'calendar.html'], run)).toBe(0);
    const page = readFileSync(join(cwd, 'calendar.html'), 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<h2>production</h2>');
    expect(page).not.toMatch(/<(link|img|iframe)\b|src=|https?:\/\//);
    expect(page.match(/class="block open"/g)).toHaveLength(5);
  });

  it('--format svg gives one image', async () => {
    const cwd = repo({ 'deploy-windows.yml': hours('10:00', '16:00') });
    const run = io(cwd);
    expect(await main(['calendar', '--format', 'svg', '--days', '7'], run)).toBe(0);
    expect(run.out).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(run.out.match(/fill="#2da44e"><title>Open for deploys/g)).toHaveLength(5);
  });

  it('draws what every layer allows: an extended file’s freeze is not shown as open', async () => {
    const freeze = `version: 1
timezone: Europe/Berlin
windows:
  - name: org-freeze
    kind: deny
    start: 2026-12-01T00:00
    end: 2026-12-03T00:00
`;
    const cwd = repo({
      'deploy-windows.yml': hours('10:00', '16:00').replace(
        'windows:',
        'extends: ["./org.yml"]\nwindows:',
      ),
      'org.yml': freeze,
    });
    const run = io(cwd);
    expect(await main(['calendar', '--format', 'svg', '--days', '7'], run)).toBe(0);
    // Mon-Fri 10:00-16:00, but not Tuesday 1 and Wednesday 2 December (the org's freeze).
    expect(run.out.match(/<title>Open for deploys/g)).toHaveLength(3);
    expect(run.out).toContain('./org.yml#org-freeze');
  });

  it('an extended file that cannot be read fails as everywhere (exit 2), drawing nothing', async () => {
    const cwd = repo({
      'deploy-windows.yml': hours('10:00', '16:00').replace(
        'windows:',
        'extends: ["./missing.yml"]\nwindows:',
      ),
    });
    const run = io(cwd);
    expect(await main(['calendar', '--format', 'svg', '--days', '7'], run)).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toContain('extends[0]: cannot read ./missing.yml');
  });

  it('refuses a page of more than 20,000 periods over all its environments (exit 2)', async () => {
    const windows = Array.from(
      { length: 200 },
      (_, index) =>
        `  - {name: open-${index}, environments: [env${index}], time: "09:00-17:00"}\n  - {name: deny-${index}, kind: deny, environments: [env${index}], time: "12:00-13:00"}`,
    ).join('\n');
    const cwd = repo({ 'deploy-windows.yml': `version: 1\ntimezone: UTC\nwindows:\n${windows}\n` });
    const run = io(cwd);
    expect(await main(['calendar', '--days', '60'], run)).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toMatch(/more than 20,000 .*fewer --days or --environment/);
  });

  it('an --output it cannot write is an error naming it (exit 2), never a hang', async () => {
    const cwd = repo({ 'deploy-windows.yml': hours('10:00', '16:00') });
    writeFileSync(join(cwd, 'a-file'), 'x');
    for (const output of ['/proc/deploy-window/calendar.html', 'a-file/calendar.html', '.']) {
      // The shipped bundle, with runCli's time limit: Node's recursive mkdir spins forever on
      // /proc, which answers ENOENT for a folder whose parent exists.
      const run = await runCli(['calendar', '--days', '7', '--output', output], { cwd });
      expect(run.code, output).toBe(2);
      expect(run.stderr, output).toMatch(/^deploy-window calendar: cannot write --output /);
      expect(run.stderr, output).not.toContain('internal error');
    }
  }, 70_000);
});
