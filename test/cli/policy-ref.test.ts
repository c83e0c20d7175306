// `--policy-ref REF` on `check` and `gate`: the config and the files it names are read as
// committed at REF, whatever the working tree holds; without the flag (or with `workspace`)
// the working tree decides, as before. In-process, on real git repositories.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/commands/check.js';
import { runGateCommand } from '../../src/cli/commands/gate.js';
import { recordingIo } from '../support/cli-in-process.js';
import { git } from '../support/git.js';

const SATURDAY = '2026-11-21T15:00:00Z';
const WEEKDAYS = `version: 1
timezone: Europe/Berlin
windows:
  - name: business-hours
    time: "10:00-16:00"
    days: [MO, TU, WE, TH]
`;
const ALLOW_ALL = `version: 1
windows:
  - name: always
    time: "00:00-24:00"
`;
const WITH_FREEZE = `version: 1
windows:
  - name: always
    time: "00:00-24:00"
  - name: freeze
    kind: deny
    ics: ops/freeze.ics
`;
const FREEZE_ICS = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:freeze-1
DTSTAMP:20260101T000000Z
DTSTART:20261120T000000Z
DTEND:20261130T000000Z
SUMMARY:Freeze
END:VEVENT
END:VCALENDAR
`;
const EMPTY_ICS = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
END:VCALENDAR
`;

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** A repository whose `main` commits `policy`, with `edits` made in the working tree. */
function repository(policy: Record<string, string>, edits: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dw-cli-policy-'));
  git(root, 'init', '--quiet', '--initial-branch=main');
  write(root, policy);
  git(root, 'add', '--all');
  git(root, 'commit', '--quiet', '--message', 'policy');
  write(root, edits);
  return root;
}

async function run(command: typeof runCheck, argv: string[], cwd: string) {
  const io = recordingIo({ cwd, now: Date.parse(SATURDAY) });
  const code = await command(argv, io);
  return { code, stdout: io.out, stderr: io.err };
}

describe('--policy-ref', () => {
  const edited = () =>
    repository({ 'deploy-windows.yml': WEEKDAYS }, { 'deploy-windows.yml': ALLOW_ALL });

  it('check: a working tree that rewrites the windows is decided by the ref, and told so', async () => {
    const root = edited();
    const atRef = await run(runCheck, ['--at', SATURDAY, '--policy-ref', 'main'], root);
    expect(atRef.code).toBe(1);
    expect(atRef.stdout).toContain('BLOCKED');
    expect(atRef.stderr).toContain(
      'note: this change edits the deploy windows; the edits apply once merged into main (deploy-windows.yml; this run is decided by the policy at main)',
    );
    // Without the flag, or with `workspace`, the file given decides, as before.
    for (const argv of [[], ['--policy-ref', 'workspace']]) {
      const local = await run(runCheck, ['--at', SATURDAY, ...argv], root);
      expect(local.code).toBe(0);
      expect(local.stderr).not.toContain('edits the deploy windows');
    }
  });

  it('gate: blocks by the policy at the ref, and the files it names come from there too', async () => {
    const root = repository(
      { 'deploy-windows.yml': WITH_FREEZE, 'ops/freeze.ics': FREEZE_ICS },
      { 'ops/freeze.ics': EMPTY_ICS },
    );
    const argv = ['--platform=local', `--at=${SATURDAY}`, '--output=d.json'];
    expect((await run(runGateCommand, argv, root)).code).toBe(0);
    const atRef = await run(runGateCommand, [...argv, '--policy-ref=main'], root);
    expect(atRef.code).toBe(1);
    expect(JSON.parse(readFileSync(join(root, 'd.json'), 'utf8'))).toMatchObject({
      allowed: false,
      blockingWindows: ['freeze'],
      outcome: 'blocked',
    });
  });

  it('fails closed, naming the ref, when the ref cannot be read', async () => {
    const root = edited();
    const missing = await run(
      runGateCommand,
      ['--platform=local', `--at=${SATURDAY}`, '--mode=warn', '--policy-ref=release'],
      root,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('at release');
    const notGit = mkdtempSync(join(tmpdir(), 'dw-cli-nogit-'));
    write(notGit, { 'deploy-windows.yml': ALLOW_ALL });
    const check = await run(runCheck, ['--at', SATURDAY, '--policy-ref', 'main'], notGit);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('main');
  });

  it('refuses a ref that could read as a git option', async () => {
    const root = edited();
    await expect(run(runCheck, ['--policy-ref=--output=/tmp/x'], root)).rejects.toThrow(
      /invalid --policy-ref/,
    );
  });
});
