// The deployWindow step runs `"$DW_NODE" .deploy-window/run-N/deploy-window.cjs` with the
// build's environment unchanged and the checkout as the working directory. Whatever in that
// environment points at the checkout (a PATH entry for the project's node_modules/.bin, a
// NODE_OPTIONS --require of a checkout file such as Yarn PnP's .pnp.cjs) makes the step run the
// change's code instead of the library's bundle, and that code writes the result the step acts
// on. The gate must stay closed on Saturday for a timer build (nobody exempt).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  git,
  type HarnessCase,
  type HarnessResult,
  newGitWorkspace,
  runHarness,
  TIMER_CAUSE,
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
