// The deployWindow step runs `"$DW_NODE" .deploy-window/run-N/deploy-window.cjs` with the
// build's environment unchanged and the checkout as the working directory. Whatever in that
// environment points at the checkout (a PATH entry for the project's node_modules/.bin, a
// NODE_OPTIONS --require of a checkout file such as Yarn PnP's .pnp.cjs) makes the step run the
// change's code instead of the library's bundle, and that code writes the result the step acts
// on. The gate must stay closed on Saturday for a timer build (nobody exempt).
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  git,
  type HarnessCase,
  type HarnessResult,
  newGitWorkspace,
  runHarness,
  TIMER_CAUSE,
  USER_CAUSE,
} from './run-harness.js';

const CONFIG = `version: 1
timezone: Europe/Berlin
windows:
  - name: business-hours
    time: "10:00-16:00"
    days: [MO, TU, WE, TH]
`;
const SATURDAY = '2026-11-21T15:00:00Z';
const FAKE_RESULT = JSON.stringify({
  allowed: true,
  reason: 'inside-allow-window',
  exitCode: 0,
  outcome: 'allowed',
  summary: null,
  overrideSummary: null,
  override: null,
});

// What the change commits: a `node` for node_modules/.bin, and a preload for NODE_OPTIONS.
const FAKE_NODE = `#!/bin/sh
for a in "$@"; do case "$a" in --output=*) out="\${a#--output=}" ;; esac; done
mkdir -p "$(dirname "$out")"
printf '%s' '${FAKE_RESULT}' > "$out"
echo "the change's node ran" >&2
exit 0
`;
const PRELOAD = `const fs = require('fs');
const out = process.argv.find((a) => a.startsWith('--output='));
if (out) {
  fs.writeFileSync(out.slice('--output='.length), ${JSON.stringify(FAKE_RESULT)});
  process.stderr.write("the change's preload ran\\n");
  process.exit(0);
}
`;

function checkout(change: Record<string, string>): string {
  return newGitWorkspace({ 'deploy-windows.yml': CONFIG }, change);
}

const args = { environment: 'production', at: SATURDAY };
const CASES: HarnessCase[] = [];

// 1. A Jenkinsfile puts the project's tools on PATH (environment { PATH = "${WORKSPACE}/node_modules/.bin:${PATH}" }).
const pathWorkspace = checkout({});
mkdirSync(join(pathWorkspace, 'node_modules/.bin'), { recursive: true });
writeFileSync(join(pathWorkspace, 'node_modules/.bin/node'), FAKE_NODE);
chmodSync(join(pathWorkspace, 'node_modules/.bin/node'), 0o755);
git(pathWorkspace, ['add', '--all', '--force']);
git(pathWorkspace, ['commit', '--quiet', '--message', 'commit a node for node_modules/.bin']);
CASES.push({
  name: 'PATH with the checkout node_modules/.bin',
  workspace: pathWorkspace,
  args,
  causes: [TIMER_CAUSE],
  env: { PATH: `${join(pathWorkspace, 'node_modules/.bin')}:${process.env.PATH}` },
});

// 2. NODE_OPTIONS set by the Jenkinsfile for the project (Yarn PnP: --require ./.pnp.cjs).
CASES.push({
  name: 'NODE_OPTIONS requires a checkout file',
  workspace: checkout({ '.pnp.cjs': PRELOAD }),
  args,
  causes: [TIMER_CAUSE],
  env: { NODE_OPTIONS: '--require ./.pnp.cjs' },
});

// 3. An earlier step (the change's build script) pointed origin at a repository of its own
//    whose policy allows everything; the Jenkinsfile names the policy repository itself.
const ALLOW_ALL = 'version: 1\nwindows:\n  - name: always\n    time: "00:00-24:00"\n';
const rewritten = checkout({});
const realOrigin = git(rewritten, ['config', '--get', 'remote.origin.url']).trim();
const evil = newGitWorkspace({ 'deploy-windows.yml': ALLOW_ALL }, {});
git(rewritten, ['remote', 'set-url', 'origin', evil]);
CASES.push({
  name: 'origin rewritten, policyRepository named',
  workspace: rewritten,
  args: { ...args, policyRepository: realOrigin },
  causes: [TIMER_CAUSE],
});
CASES.push({
  name: 'origin rewritten, policyRepository relative',
  workspace: rewritten,
  args: { ...args, policyRepository: 'repo.git' },
  causes: [TIMER_CAUSE],
});

/** A Jenkinsfile that runs the gate inside dir(folder) and says when it would deploy. */
function gateInside(folder: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'dw-jenkinsfile-')), 'Jenkinsfile');
  writeFileSync(
    file,
    `node {\n  dir('${folder}') {\n    def r = deployWindow(environment: 'production', at: '${SATURDAY}')\n    echo "DEPLOYING (allowed=\${r.allowed})"\n  }\n}\n`,
  );
  return file;
}

// 4. The change commits its service folder app/ laid out as a bare git repository (HEAD,
//    objects/, refs/, a config naming itself origin, whose main allows everything), and the
//    Jenkinsfile runs the gate inside dir('app'): git finds app/ before the checkout's .git.
//    Nothing of the change runs.
const openRepository = newGitWorkspace({ 'deploy-windows.yml': ALLOW_ALL }, {});
const bare = mkdtempSync(join(tmpdir(), 'dw-bare-'));
git(bare, ['clone', '--quiet', '--bare', openRepository, '.']);
git(bare, ['config', 'core.bare', 'false']);
git(bare, ['config', 'core.worktree', '..']);
git(bare, ['config', 'remote.origin.url', 'app']);
git(bare, ['pack-refs', '--all']);
rmSync(join(bare, 'hooks'), { recursive: true, force: true });
const bareFolder = checkout({});
cpSync(bare, join(bareFolder, 'app'), { recursive: true });
writeFileSync(join(bareFolder, 'app/server.js'), 'the service\n');
writeFileSync(join(bareFolder, 'app/refs/heads/.keep'), '');
writeFileSync(join(bareFolder, 'app/refs/tags/.keep'), '');
git(bareFolder, ['add', '--all', '--force']);
git(bareFolder, ['commit', '--quiet', '--message', 'a service folder that is a git repository']);
CASES.push({
  name: 'dir() into a folder the change laid out as a bare repository',
  workspace: bareFolder,
  jenkinsfile: gateInside('app'),
  causes: [TIMER_CAUSE],
});

// 4b. The change turns app/ into a submodule of a repository of its own (whose main allows
//     everything), and the build checks submodules out: inside dir('app') git finds the
//     submodule's repository under .git/modules, whose origin the change named.
const submoduleFolder = checkout({});
git(submoduleFolder, [
  '-c',
  'protocol.file.allow=always',
  'submodule',
  'add',
  '--quiet',
  openRepository,
  'app',
]);
git(submoduleFolder, ['commit', '--quiet', '--message', 'app is a submodule now']);
CASES.push({
  name: 'dir() into a submodule the change added',
  workspace: submoduleFolder,
  jenkinsfile: gateInside('app'),
  causes: [TIMER_CAUSE],
});

// 5. As 1., with the gate inside dir('app'): the checkout's node_modules/.bin is still inside
//    the workspace.
const pathInFolder = checkout({});
mkdirSync(join(pathInFolder, 'app'));
writeFileSync(join(pathInFolder, 'app/server.js'), 'the service\n');
mkdirSync(join(pathInFolder, 'node_modules/.bin'), { recursive: true });
writeFileSync(join(pathInFolder, 'node_modules/.bin/node'), FAKE_NODE);
chmodSync(join(pathInFolder, 'node_modules/.bin/node'), 0o755);
git(pathInFolder, ['add', '--all', '--force']);
git(pathInFolder, ['commit', '--quiet', '--message', 'commit a node for node_modules/.bin']);
CASES.push({
  name: 'PATH with the checkout node_modules/.bin, gate inside dir()',
  workspace: pathInFolder,
  jenkinsfile: gateInside('app'),
  causes: [TIMER_CAUSE],
  env: { PATH: `${join(pathInFolder, 'node_modules/.bin')}:${process.env.PATH}` },
});

// 6. A pull request from a fork, checked out as Bitbucket Cloud's branch source does: origin is
//    the fork (whose main its author controls), the target repository is `upstream`.
const upstream = checkout({});
const upstreamUrl = git(upstream, ['config', '--get', 'remote.origin.url']).trim();
const fork = newGitWorkspace({ 'deploy-windows.yml': ALLOW_ALL }, {});
git(upstream, ['remote', 'set-url', 'origin', fork]);
const FORK_PR = { CHANGE_ID: '7', CHANGE_TARGET: 'main', CHANGE_FORK: 'mallory/app' };
CASES.push(
  { name: 'fork pull request', workspace: upstream, args, causes: [TIMER_CAUSE], env: FORK_PR },
  {
    name: 'fork pull request, policyRepository named',
    workspace: upstream,
    args: { ...args, policyRepository: upstreamUrl },
    causes: [TIMER_CAUSE],
    env: FORK_PR,
  },
);

// 7. A user ID that only looks like an exempt user's (a realm that allows such IDs).
const exempting = newGitWorkspace(
  { 'deploy-windows.yml': `${CONFIG}exempt:\n  users: [alice]\n` },
  {},
);
for (const [label, userId] of [
  ['no-break space', 'alice\u00a0'],
  ['control character', '\u0001alice'],
  ['plain', 'alice'],
]) {
  CASES.push({
    name: `look-alike user: ${label}`,
    workspace: exempting,
    args,
    causes: [USER_CAUSE(userId as string)],
  });
}

let results: Map<string, HarnessResult>;
beforeAll(() => {
  results = runHarness(CASES);
}, 240_000);

describe('policyRepository: the policy comes from the repository the Jenkinsfile names', () => {
  it("decides by that repository's policy, not by an origin an earlier step rewrote", () => {
    const result = results.get('origin rewritten, policyRepository named') as HarnessResult;
    expect(result.outcome).toBe('error');
    expect(result.error).toContain('Deployment is blocked');
  });

  it('refuses a relative path (the workspace would choose what it means)', () => {
    const result = results.get('origin rewritten, policyRepository relative') as HarnessResult;
    expect(result.outcome).toBe('error');
    expect(result.error).toContain('is not a URL or an absolute path');
  });
});

describe('deployWindow runs only the library bundle, decided by origin', () => {
  it('does not run a node from a PATH entry inside the checkout', () => {
    const result = results.get('PATH with the checkout node_modules/.bin') as HarnessResult;
    expect(result.log.join('\n')).not.toContain("the change's node ran");
    expect(result.outcome).toBe('error');
  });

  it('does not let NODE_OPTIONS load a checkout file into the CLI', () => {
    const result = results.get('NODE_OPTIONS requires a checkout file') as HarnessResult;
    expect(result.log.join('\n')).not.toContain("the change's preload ran");
    expect(result.outcome).toBe('error');
  });
});

describe('the gate inside dir(): the folder is not the repository', () => {
  it('a folder the change laid out as a bare repository does not choose the policy', () => {
    const result = results.get(
      'dir() into a folder the change laid out as a bare repository',
    ) as HarnessResult;
    expect(result.log.join('\n')).not.toContain('DEPLOYING');
    expect(result.outcome).toBe('error');
    expect(result.error).toContain('not the checkout');
  });

  it('a submodule the change added does not choose the policy either', () => {
    const result = results.get('dir() into a submodule the change added') as HarnessResult;
    expect(result.log.join('\n')).not.toContain('DEPLOYING');
    expect(result.outcome).toBe('error');
    expect(result.error).toContain('not the checkout');
  });

  it('a PATH entry inside the workspace is dropped although the working directory is a folder of it', () => {
    const result = results.get(
      'PATH with the checkout node_modules/.bin, gate inside dir()',
    ) as HarnessResult;
    expect(result.log.join('\n')).not.toContain("the change's node ran");
    expect(result.outcome).toBe('error');
    expect(result.error).toContain('Deployment is blocked');
  });
});

describe('a pull request from a fork', () => {
  it('fails closed without policyRepository: origin may be the fork', () => {
    const result = results.get('fork pull request') as HarnessResult;
    expect(result.outcome).toBe('error');
    expect(result.error).toContain(
      'a pull request from a fork (CHANGE_FORK mallory/app): name the policy repository as policyRepository:',
    );
  });

  it("decides by the named repository's policy", () => {
    const result = results.get('fork pull request, policyRepository named') as HarnessResult;
    expect(result.outcome).toBe('error');
    expect(result.error).toContain('Deployment is blocked');
  });
});

describe('the user who started the build is judged by their ID as Jenkins gives it', () => {
  it.each(['no-break space', 'control character'])(
    'an ID that only looks like an exempt user (%s) is not exempt',
    (label) => {
      const result = results.get(`look-alike user: ${label}`) as HarnessResult;
      expect(result.outcome).toBe('error');
      expect(result.error).toContain('Deployment is blocked');
    },
  );

  it('the exempt user is', () => {
    const result = results.get('look-alike user: plain') as HarnessResult;
    expect(result.outcome).toBe('returned');
    expect(result.returns[0]).toMatchObject({ allowed: true, reason: 'exempt' });
  });
});
