// Files the policy names stay inside the repository, are regular files, and are read with a
// size limit; a read never blocks, and no error quotes another file's content.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFile, readGateConfig } from '../../src/node/config-file.js';
import {
  FILE_LIMITS,
  gitFiles,
  PolicyReadError,
  repoRelativePath,
  workspaceFiles,
} from '../../src/node/policy-files.js';
import { git } from '../support/git.js';

const SECRET = 'https://x-access-token:ghs_SECRETSECRETSECRET@github.com/acme/app';

const ALLOW_WEEKDAYS = `version: 1
windows:
  - name: weekdays
    time: "09:00-17:00"
    days: [MO, TU, WE, TH, FR]
`;

function repo(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'dw-policy-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function configWithIcs(path: string): string {
  return `version: 1
windows:
  - name: freeze
    kind: deny
    ics: ${JSON.stringify(path)}
`;
}

async function icsErrors(root: string, path: string): Promise<string[]> {
  writeFileSync(join(root, 'deploy-windows.yml'), configWithIcs(path));
  const result = await readConfigFile(null, root);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors.map((issue) => `${issue.path} ${issue.message}`);
}

describe('repoRelativePath', () => {
  it('keeps paths inside the repository and refuses the rest', () => {
    expect(repoRelativePath('./.github/freeze.ics')).toBe('.github/freeze.ics');
    expect(repoRelativePath('a/../b.ics')).toBe('b.ics');
    for (const bad of ['/etc/passwd', '../x', 'a/../../x', '', 'a\\b', 'a\u0000b', 'C:/x']) {
      expect(repoRelativePath(bad), bad).toBeNull();
    }
  });
});

describe('ics paths a config names (workspace)', () => {
  it('refuses absolute paths, .. and symlinks out of the repository without quoting the file', async () => {
    const outside = repo({ 'git-config': `[remote "origin"]\n\turl = ${SECRET}\n` });
    const root = repo();
    symlinkSync(join(outside, 'git-config'), join(root, 'linked.ics'));
    for (const path of [
      '/etc/passwd',
      '/proc/self/environ',
      '../../x',
      join(outside, 'git-config'),
      'linked.ics',
      // Longer than the part of a value an error message quotes: the reason is still given.
      `${'../'.repeat(30)}etc/passwd`,
      `calendars/${'x'.repeat(100)}/${'../'.repeat(40)}x.ics`,
    ]) {
      const errors = await icsErrors(root, path);
      expect(errors.join('\n'), path).toMatch(/windows\[0\]\.ics .*outside the repository/);
      expect(errors.join('\n')).not.toContain('ghs_');
      expect(errors.join('\n')).not.toContain('root:');
    }
  });

  it('refuses a device, a directory and a FIFO without blocking', async () => {
    const root = repo({ 'calendars/x.txt': '' });
    symlinkSync('/dev/zero', join(root, 'zero.ics'));
    execFileSync('mkfifo', [join(root, 'pipe.ics')]);
    expect((await icsErrors(root, 'zero.ics')).join('\n')).toMatch(/outside the repository/);
    expect((await icsErrors(root, 'calendars')).join('\n')).toMatch(/directory/);
    expect((await icsErrors(root, 'pipe.ics')).join('\n')).toMatch(/not a regular file/);
  });

  it('refuses a calendar over 10 MiB, naming the limit', async () => {
    const root = repo();
    writeFileSync(join(root, 'huge.ics'), Buffer.alloc(FILE_LIMITS.ics + 1, 0x41));
    expect((await icsErrors(root, 'huge.ics')).join('\n')).toMatch(/limit of 10 MiB/);
  });

  it('refuses calendars over 10 MiB together, and reads no further, however many windows name files', async () => {
    // Each file is under the per-file limit; 1,000 windows could name 1,000 of them (10 GB).
    const root = repo();
    const line = `${'X-PAD:'.padEnd(74, 'x')}\r\n`;
    const padding = line.repeat(Math.floor((4 * 1024 * 1024) / line.length));
    const calendar = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\n${padding}END:VCALENDAR\r\n`;
    const names = ['a', 'b', 'c', 'd'];
    for (const name of names) writeFileSync(join(root, `${name}.ics`), calendar);
    const windows = names.map((name) => `  - { name: ${name}, kind: deny, ics: ${name}.ics }`);
    writeFileSync(
      join(root, 'deploy-windows.yml'),
      `version: 1\nwindows:\n${windows.join('\n')}\n`,
    );
    const result = await readConfigFile(null, root);
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors.map((issue) => `${issue.path} ${issue.message}`);
    // a.ics and b.ics (8 MiB) are read; c.ics passes 10 MiB in all; d.ics is not read.
    expect(errors).toEqual([
      'windows[2].ics calendar file "c.ics" cannot be used: the calendar files a config names may be 10 MiB in all; with this one they are larger',
      'windows[3].ics calendar file "d.ics" cannot be used: the calendar files a config names may be 10 MiB in all; with this one they are larger',
    ]);
  });
});

describe('the config file itself', () => {
  it('refuses a config over 1 MiB, naming the limit, instead of deciding it', async () => {
    const root = repo();
    writeFileSync(
      join(root, 'deploy-windows.yml'),
      `${ALLOW_WEEKDAYS}#${'x'.repeat(FILE_LIMITS.config)}\n`,
    );
    const result = await readConfigFile(null, root);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toMatch(/limit of 1 MiB/);
  });

  it('a config that is a FIFO is refused at once', async () => {
    const root = repo();
    execFileSync('mkfifo', [join(root, 'deploy-windows.yml')]);
    const result = await readConfigFile(null, root);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toMatch(/not a regular file/);
  });
});

/** A repository whose main holds the weekday policy and whose working tree allows everything. */
function gitRepo(): string {
  const root = repo({ 'deploy-windows.yml': ALLOW_WEEKDAYS, 'freeze.ics': 'x' });
  git(root, 'init', '-q', '-b', 'main');
  symlinkSync('/etc/passwd', join(root, 'passwd.ics'));
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'policy');
  writeFileSync(join(root, 'deploy-windows.yml'), 'version: 1\nwindows: []\n');
  return root;
}

/** The window names of the policy at `ref` in the repository at `root`, or its errors. */
async function policyAt(root: string, ref: string): Promise<string[] | string> {
  const result = await readGateConfig(null, gitFiles(root, ref), null);
  return result.ok
    ? result.config.windows.map((window) => window.name)
    : result.errors.map((issue) => issue.message).join('\n');
}

/** gitRepo() with a branch `feature` that commits the working tree's allow-everything config. */
function originWithFeature(): string {
  const origin = gitRepo();
  git(origin, 'checkout', '-q', '-b', 'feature');
  git(origin, 'add', '.');
  git(origin, 'commit', '-q', '-m', 'open everything');
  return origin;
}

/** A CI checkout: a clone of `origin` on `branch`. */
function cloneOf(origin: string, branch: string): string {
  const ci = mkdtempSync(join(tmpdir(), 'dw-policy-ci-'));
  git(ci, 'clone', '-q', '-b', branch, origin, '.');
  return ci;
}

describe('gitFiles: the policy as committed at a ref', () => {
  it('reads the committed config, not the working tree, and notices the edit', async () => {
    const root = gitRepo();
    const result = await readGateConfig(null, gitFiles(root, 'main'), workspaceFiles(root));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.config.windows.map((window) => window.name)).toEqual(['weekdays']);
    expect(result.notice).toMatch(/edits apply once merged into main/);
  });

  it('says nothing when the working tree holds the same config', async () => {
    const root = gitRepo();
    writeFileSync(join(root, 'deploy-windows.yml'), ALLOW_WEEKDAYS);
    const result = await readGateConfig(null, gitFiles(root, 'main'), workspaceFiles(root));
    expect(result.notice).toBeUndefined();
  });

  it('a committed symlink is not a file; a missing file is null; a missing ref fails closed', async () => {
    const root = gitRepo();
    const files = gitFiles(root, 'main');
    await expect(files.read('passwd.ics', FILE_LIMITS.ics)).rejects.toThrow(/symlink/);
    await expect(files.read('nope.yml', FILE_LIMITS.config)).resolves.toBeNull();
    const missing = await readGateConfig(null, gitFiles(root, 'no-such-branch'), null);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors[0]?.message).toMatch(/no-such-branch/);
  });

  it('a change that adds the first config is told it applies once merged, and stays blocked', async () => {
    const root = repo({ 'README.md': 'x' });
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'start');
    writeFileSync(join(root, 'deploy-windows.yml'), ALLOW_WEEKDAYS);
    const result = await readGateConfig(null, gitFiles(root, 'main'), workspaceFiles(root));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0]?.message).toMatch(
        /no config file found at main.*this change adds deploy-windows.yml, which applies once merged into main/,
      );
    }
  });

  it('a policy that cannot be read is not told the change adds the config: the read failed', async () => {
    const root = gitRepo();
    const result = await readGateConfig(
      null,
      gitFiles(root, 'no-such-branch'),
      workspaceFiles(root),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      // One line (docs/config.md: every problem is one line), saying what git did not find.
      expect(result.errors[0]?.message).toBe(
        'cannot read .github/deploy-windows.yml at no-such-branch with git: no branch, tag or commit no-such-branch in this clone; fetch the ref first (git fetch origin no-such-branch) or give another policy ref (policy ref no-such-branch)',
      );
      expect(Object.keys(result.errors[0] ?? {}).sort()).toEqual([
        'column',
        'file',
        'line',
        'message',
        'path',
      ]);
    }
  });

  // git reads a short name as refs/<n>, refs/tags/<n>, refs/heads/<n>, refs/remotes/<n> in that
  // order: a tag anyone can push named `origin/main` would stand in for the protected branch.
  it('refuses a short ref that names more than one ref, and reads a full name exactly', async () => {
    const ci = cloneOf(originWithFeature(), 'feature');
    git(ci, 'tag', 'origin/main');
    git(ci, 'tag', 'refs/remotes/origin/release');
    git(ci, 'branch', 'abc1234');
    const windowsAt = (ref: string) => policyAt(ci, ref);
    expect(await windowsAt('refs/remotes/origin/main')).toEqual(['weekdays']);
    expect(await windowsAt('origin/main')).toMatch(
      /origin\/main names more than one ref \(refs\/tags\/origin\/main, refs\/remotes\/origin\/main\)/,
    );
    // A full name is that ref or nothing: not a tag that happens to be called so.
    expect(await windowsAt('refs/remotes/origin/release')).toMatch(
      /no ref refs\/remotes\/origin\/release/,
    );
    // A branch named like an abbreviated commit cannot stand in for it.
    const commit = git(ci, 'rev-parse', 'refs/remotes/origin/main').trim();
    git(ci, 'branch', '-f', commit.slice(0, 7));
    expect(await windowsAt(commit)).toEqual(['weekdays']);
    expect(await windowsAt(commit.slice(0, 7))).toMatch(/more than one/);
  });

  it('reads HEAD and FETCH_HEAD as git does first, and refuses a tag of the same name beside them', async () => {
    const ci = cloneOf(originWithFeature(), 'main');
    const windowsAt = (ref: string) => policyAt(ci, ref);
    expect(await windowsAt('FETCH_HEAD')).toMatch(/no FETCH_HEAD/); // nothing fetched yet
    git(ci, 'tag', 'FETCH_HEAD', 'origin/feature');
    expect(await windowsAt('FETCH_HEAD')).toMatch(/no FETCH_HEAD/);
    git(ci, 'fetch', '-q', 'origin', 'main');
    expect(await windowsAt('FETCH_HEAD')).toMatch(/names more than one ref/);
    git(ci, 'tag', '-d', 'FETCH_HEAD');
    expect(await windowsAt('FETCH_HEAD')).toEqual(['weekdays']);
    expect(await windowsAt('HEAD')).toEqual(['weekdays']);
    git(ci, 'update-ref', 'refs/tags/HEAD', 'origin/feature');
    expect(await windowsAt('HEAD')).toMatch(/names more than one ref/);
  });

  it('reads commit ids in either letter case, and branches named in hex digits alone', async () => {
    const root = gitRepo();
    const commit = git(root, 'rev-parse', 'main').trim();
    const windowsAt = (ref: string) => policyAt(root, ref);
    // A branch named like main's id, in capitals, on a commit whose policy differs.
    git(root, 'checkout', '-q', '-b', 'open');
    git(root, 'commit', '-q', '-a', '-m', 'open everything');
    git(root, 'checkout', '-q', 'main');
    git(root, 'branch', commit.toUpperCase(), 'open');
    expect(await windowsAt(commit.toUpperCase())).toEqual(['weekdays']);
    git(root, 'branch', commit.slice(0, 12).toUpperCase(), 'open');
    expect(await windowsAt(commit.slice(0, 12).toUpperCase())).toMatch(/more than one/);
    // Names in capitals are branches and tags like any other; only git's own files are not.
    git(root, 'branch', 'PROD', 'main');
    git(root, 'tag', 'STABLE', 'main');
    expect(await windowsAt('PROD')).toEqual(['weekdays']);
    expect(await windowsAt('STABLE')).toEqual(['weekdays']);
    // No commit starts with these: the branch is the only thing they name.
    for (const name of ['2024', 'facade']) {
      if (commit.startsWith(name)) continue;
      git(root, 'branch', name);
      expect(await windowsAt(name), name).toEqual(['weekdays']);
    }
  });

  it("a commit id is itself: neither refs/replace/ nor git's variables in the job's environment swap it", async () => {
    // Replace refs were followed, and GIT_REPLACE_REF_BASE, GIT_CONFIG_* (and the other GIT_
    // variables) reached git; only GIT_DIR is read (the Jenkins step points it at the
    // repository it fetched the policy into).
    const root = gitRepo();
    const policy = git(root, 'rev-parse', 'main').trim();
    git(root, 'checkout', '-q', '-b', 'evil');
    git(root, 'commit', '-q', '-am', 'allow nothing but evil');
    git(root, 'replace', policy, git(root, 'rev-parse', 'evil').trim());
    expect(await policyAt(root, policy)).toEqual(['weekdays']);
    expect(await policyAt(root, 'main')).toEqual(['weekdays']);
    git(root, 'update-ref', `refs/elsewhere/${policy}`, 'evil');
    const saved = { ...process.env };
    try {
      Object.assign(process.env, {
        GIT_REPLACE_REF_BASE: 'refs/elsewhere/',
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'core.abbrev',
        GIT_CONFIG_VALUE_0: 'nonsense',
      });
      expect(await policyAt(root, policy)).toEqual(['weekdays']);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  it('refuses refs that look like options or ranges', () => {
    for (const ref of ['--output=/tmp/x', 'main..evil', 'a b', 'x:y']) {
      expect(() => gitFiles('/', ref), ref).toThrow(PolicyReadError);
    }
  });
});
