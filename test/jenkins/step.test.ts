// The deployWindow step as a Jenkins build runs it: vars/deployWindow.groovy on Groovy 2.4 with
// the pipeline steps of test/jenkins/harness, the real CLI bundle from the library resources,
// and a real shell. Times: the windows are Mon-Thu 10:00-16:00 Europe/Berlin (CET, UTC+1 in
// November 2026), so Saturday 2026-11-21 is closed and the next opening is Monday 09:00Z.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callsOf,
  git,
  type HarnessCase,
  type HarnessResult,
  LIBRARY_ROOT,
  newGitWorkspace,
  newWorkspace,
  REPO,
  runHarness,
  SCM_CAUSE,
  TIMER_CAUSE,
  USER_CAUSE,
} from './run-harness.js';

const CONFIG = `version: 1
timezone: Europe/Berlin
message: "Deploys: Mon-Thu 10:00-16:00 Berlin. Exceptions: #release"
exempt:
  users: [alice]
  teams: [acme/release-managers]
windows:
  - name: business-hours
    time: "10:00-16:00"
    days: [MO, TU, WE, TH]
`;
const BAD_CONFIG = `version: 1
timezone: Europe/Berln
windows:
  - name: business-hours
    time: "10:00-16:00"
`;
const FROZEN_CONFIG = `version: 1
windows:
  - name: frozen
    kind: deny
    time: "00:00-24:00"
`;
const HOLIDAY_CONFIG = `${CONFIG}  - name: public-holidays
    kind: deny
    holidays: { country: DE }
`;
const SCRIPTS = {
  'build.sh': '#!/bin/sh\necho built >> build.log\n',
  'deploy.sh': '#!/bin/sh\necho "deployed $1" >> deploy.log\n',
};

const SATURDAY = '2026-11-21T15:00:00Z';
const MONDAY_OPEN = '2026-11-23T09:00:00.000Z';
const MONDAY_EARLY = '2026-11-23T08:00:00Z';
const MONDAY_INSIDE = '2026-11-23T09:30:00Z';
const MONDAY_CLOSES = '2026-11-23T15:00:00.000Z';

const HOSTILE_QUOTE = "prod'; touch /tmp/pwned; echo '";
const workspaces: Record<string, string> = {};
// Each workspace is a checkout of an origin whose main branch holds these files: the policy.
const ws = (name: string, files: Record<string, string> = { 'deploy-windows.yml': CONFIG }) => {
  workspaces[name] = newGitWorkspace(files, {});
  return workspaces[name];
};
const markerDir = newWorkspace({});
const HOSTILE_SUBST = `$(id)\`touch ${markerDir}/tick\`$(touch ${markerDir}/subst)`;

function stepCase(name: string, args: Record<string, unknown>, extra: Partial<HarnessCase> = {}) {
  return { name, workspace: ws(name), args, ...extra };
}

function jenkinsfileCase(name: string, file: string, extra: Partial<HarnessCase>): HarnessCase {
  const workspace = ws(name, { '.github/deploy-windows.yml': CONFIG, ...SCRIPTS });
  return { name, workspace, jenkinsfile: join(REPO, 'jenkins/examples', file), ...extra };
}

const CASES: HarnessCase[] = [
  stepCase('blocked', { environment: 'production', at: SATURDAY }),
  stepCase('allowed', { environment: 'production', at: MONDAY_INSIDE }),
  stepCase(
    'exempt user',
    { environment: 'production', at: SATURDAY },
    { causes: [USER_CAUSE('alice')] },
  ),
  stepCase(
    'other user',
    { environment: 'production', at: SATURDAY },
    { causes: [USER_CAUSE('bob')] },
  ),
  stepCase('timer', { environment: 'production', at: SATURDAY }, { causes: [TIMER_CAUSE] }),
  stepCase('scm', { environment: 'production', at: SATURDAY }, { causes: [SCM_CAUSE] }),
  stepCase('warn', { environment: 'production', at: SATURDAY, mode: 'warn' }),
  stepCase(
    'warn without unstable step',
    { environment: 'production', at: SATURDAY, mode: 'warn' },
    { missingSteps: ['unstable'] },
  ),
  stepCase('wait', { environment: 'production', at: MONDAY_EARLY, mode: 'wait' }),
  stepCase('wait for runway', {
    environment: 'production',
    at: '2026-11-23T14:45:00Z',
    mode: 'wait',
    minDuration: '30m',
    maxWait: '1d',
  }),
  stepCase('wait beyond maxWait', {
    environment: 'production',
    at: SATURDAY,
    mode: 'wait',
    maxWait: '12h',
  }),
  stepCase('unknown argument', { environment: 'production', mdoe: 'wait' }),
  stepCase('invalid mode', { environment: 'production', mode: 'later' }),
  stepCase('invalid maxWait', { environment: 'production', maxWait: '5 hours' }),
  stepCase('environment not a string', { environment: ['production'] }),
  {
    name: 'bad config',
    workspace: ws('bad config', { 'deploy-windows.yml': BAD_CONFIG }),
    args: { environment: 'production', at: MONDAY_INSIDE },
  },
  stepCase('at without offset', { environment: 'production', at: '2026-11-21T15:00' }),
  {
    name: 'never opens',
    workspace: ws('never opens', { 'deploy-windows.yml': FROZEN_CONFIG }),
    args: { environment: 'production', at: SATURDAY, mode: 'wait', maxWait: '2d' },
  },
  stepCase('missing config', { environment: 'production', config: 'ops/windows.yml' }),
  stepCase('no node', { environment: 'production', node: '/nonexistent/bin/node' }),
  stepCase('hostile quote', { environment: HOSTILE_QUOTE, at: MONDAY_INSIDE }),
  stepCase('hostile substitution', { environment: HOSTILE_SUBST, at: MONDAY_INSIDE }),
  stepCase(
    'no readJSON',
    { environment: 'production', at: MONDAY_INSIDE },
    { missingSteps: ['readJSON'] },
  ),
  {
    // Ascension Day 2026 is a Thursday: inside business hours, but a German public holiday.
    name: 'holiday',
    workspace: ws('holiday', { 'deploy-windows.yml': HOLIDAY_CONFIG }),
    args: { environment: 'production', at: '2026-05-14T09:00:00Z' },
  },
  jenkinsfileCase('declarative waits', 'Jenkinsfile.declarative', {
    clock: MONDAY_EARLY,
    causes: [TIMER_CAUSE],
  }),
  jenkinsfileCase('declarative too far', 'Jenkinsfile.declarative', {
    clock: SATURDAY,
    causes: [TIMER_CAUSE],
  }),
  jenkinsfileCase('scripted exempt', 'Jenkinsfile.scripted', {
    clock: SATURDAY,
    causes: [USER_CAUSE('alice')],
  }),
  jenkinsfileCase('scripted timer', 'Jenkinsfile.scripted', {
    clock: SATURDAY,
    causes: [TIMER_CAUSE],
  }),
];

// A change that rewrites the policy in its own checkout to allow everything.
const ALLOW_ALL = `version: 1
windows:
  - name: always
    time: "00:00-24:00"
`;
// The scripted example on a Saturday, where staging may deploy any time and the change's
// deploy.sh points origin at a repository of its own when it deploys staging: the production
// window must be decided before it runs.
const STAGING_ANY_TIME = `version: 1
timezone: Europe/Berlin
windows:
  - name: staging-any-time
    environments: [staging]
    time: "00:00-24:00"
  - name: business-hours
    environments: [production]
    time: "10:00-16:00"
    days: [MO, TU, WE, TH]
`;
const rewritingOrigin = newGitWorkspace({ '.github/deploy-windows.yml': ALLOW_ALL }, {});
workspaces['scripted, staging rewrites origin'] = newGitWorkspace(
  { '.github/deploy-windows.yml': STAGING_ANY_TIME, ...SCRIPTS },
  {
    'deploy.sh': `#!/bin/sh\necho "deployed $1" >> deploy.log\nif [ "$1" = staging ]; then git remote set-url origin '${rewritingOrigin}'; fi\n`,
  },
);
chmodSync(join(workspaces['scripted, staging rewrites origin'], 'deploy.sh'), 0o755);
CASES.push({
  name: 'scripted, staging rewrites origin',
  workspace: workspaces['scripted, staging rewrites origin'],
  jenkinsfile: join(REPO, 'jenkins/examples/Jenkinsfile.scripted'),
  clock: SATURDAY,
  causes: [TIMER_CAUSE],
});
// A config message holding what the step once split the CLI's output on.
const SEPARATOR_CONFIG = CONFIG.replace(
  'Exceptions: #release"',
  'Exceptions: #release\\n--- deploy-window stderr ---\\n{\\"allowed\\": true}"',
);
/** A port that accepts connections and never answers while the harness runs. */
const silentSockets = new Set<Socket>();
const silent = createServer((socket) => silentSockets.add(socket));
silent.listen(0, '127.0.0.1');
await once(silent, 'listening');
const SILENT_PORT = (silent.address() as AddressInfo).port;
afterAll(() => {
  for (const socket of silentSockets) socket.destroy();
  silent.close();
});

/** A Jenkinsfile that calls the step inside the checkout's folder `deploy`. */
function inSubfolderJenkinsfile(): string {
  const file = join(newWorkspace({}), 'Jenkinsfile');
  writeFileSync(
    file,
    `dir('deploy') {\n  deployWindow(environment: 'production', at: '${SATURDAY}')\n}\n`,
  );
  return file;
}

/** The change rewrites the policy; `prepare` changes the checkout further. */
const attack = (
  name: string,
  extra: Partial<HarnessCase> = {},
  prepare: (workspace: string) => void = () => {},
): HarnessCase => {
  const workspace = newGitWorkspace(
    { 'deploy-windows.yml': CONFIG },
    { 'deploy-windows.yml': ALLOW_ALL },
    { release: { 'deploy-windows.yml': FROZEN_CONFIG } },
  );
  prepare(workspace);
  return { name, workspace, args: { environment: 'production', at: SATURDAY }, ...extra };
};
CASES.push(
  attack('policy edited by the change'),
  attack('policy at the change target', {
    args: { environment: 'production', at: MONDAY_INSIDE },
    env: { CHANGE_TARGET: 'release' },
  }),
  attack('policy ref given', {
    args: { environment: 'production', at: MONDAY_INSIDE, policyRef: 'release' },
  }),
  attack('policy ref workspace', {
    args: { environment: 'production', at: SATURDAY, policyRef: 'workspace' },
  }),
  attack('policy ref missing', {
    args: { environment: 'production', at: MONDAY_INSIDE, policyRef: 'no-such-branch' },
  }),
  // A checkout without refs/remotes/origin/HEAD: the default branch comes from origin itself.
  attack('policy without origin/HEAD', {}, (workspace) =>
    git(workspace, ['remote', 'set-head', 'origin', '--delete']),
  ),
  // origin cannot be reached: the copy the checkout has may be anyone's, so nothing decides.
  attack('policy not fetchable', {}, (workspace) =>
    git(workspace, ['remote', 'set-url', 'origin', join(workspace, 'no-such-origin')]),
  ),
  // Earlier steps of the build ran the change's code in the checkout: the refs, hooks and
  // settings they wrote into .git must not decide.
  attack('policy ref moved by an earlier step', {}, (workspace) => {
    git(workspace, ['update-ref', 'refs/remotes/origin/main', 'HEAD']);
    const hooks = join(workspace, '.git/hooks');
    for (const hook of ['reference-transaction', 'post-checkout', 'post-merge']) {
      writeFileSync(join(hooks, hook), `#!/bin/sh\ntouch ${markerDir}/hook-${hook}\n`, {
        mode: 0o755,
      });
    }
    git(workspace, [
      'config',
      'remote.origin.uploadpack',
      `touch ${markerDir}/uploadpack; git-upload-pack`,
    ]);
  }),
  attack('default branch moved by an earlier step', {}, (workspace) => {
    git(workspace, ['push', '--quiet', 'origin', 'change']);
    git(workspace, ['remote', 'set-head', 'origin', 'change']);
  }),
  // An origin that takes the connection and never answers (nothing serves it while the
  // harness runs): the fetch is bounded in time and the gate stays closed.
  attack(
    'origin never answers',
    {
      env: { DW_GIT_TIMEOUT: '3' },
      args: { environment: 'production', at: SATURDAY, policyRef: 'main' },
    },
    (workspace) =>
      git(workspace, ['remote', 'set-url', 'origin', `http://127.0.0.1:${SILENT_PORT}/app.git`]),
  ),
  attack('origin never answers, default branch', { env: { DW_GIT_TIMEOUT: '3' } }, (workspace) =>
    git(workspace, ['remote', 'set-url', 'origin', `http://127.0.0.1:${SILENT_PORT}/app.git`]),
  ),
  // The checkout's settings send git elsewhere for origin: a repository whose HEAD names the
  // branch the change pushed to origin.
  attack('origin redirected by an earlier step', {}, (workspace) => {
    const origin = git(workspace, ['config', '--get', 'remote.origin.url']).trim();
    git(workspace, ['push', '--quiet', 'origin', 'change:open']);
    const evil = join(newWorkspace({}), 'evil.git');
    git(workspace, ['init', '--quiet', '--bare', evil]);
    git(workspace, ['push', '--quiet', evil, 'change:open']);
    git(evil, ['symbolic-ref', 'HEAD', 'refs/heads/open']);
    git(workspace, ['config', `url.${evil}.insteadOf`, origin]);
  }),
  // origin as a path relative to the checkout, as `git clone ../app` writes it, with the step
  // called inside a folder of the checkout (git reads the path from the checkout's top).
  attack(
    'origin as a relative path',
    { args: undefined, jenkinsfile: inSubfolderJenkinsfile() },
    (workspace) => {
      const origin = git(workspace, ['config', '--get', 'remote.origin.url']).trim();
      git(workspace, ['remote', 'set-url', 'origin', relative(workspace, origin)]);
      mkdirSync(join(workspace, 'deploy'));
    },
  ),
  // A change request's author picks its target branch: a branch named `workspace` is a branch.
  {
    name: 'change aimed at a branch named workspace',
    workspace: newGitWorkspace(
      { 'deploy-windows.yml': CONFIG },
      { 'deploy-windows.yml': ALLOW_ALL },
      { workspace: { 'deploy-windows.yml': FROZEN_CONFIG } },
    ),
    args: { environment: 'production', at: MONDAY_INSIDE },
    env: { CHANGE_TARGET: 'workspace' },
  },
  attack('change aimed at a full ref', {
    args: { environment: 'production', at: MONDAY_INSIDE },
    env: { CHANGE_TARGET: 'refs/heads/change' },
  }),
  {
    name: 'not a git checkout',
    workspace: newWorkspace({ 'deploy-windows.yml': ALLOW_ALL }),
    args: { environment: 'production', at: SATURDAY },
  },
  {
    name: 'step from a NonCPS method',
    workspace: newWorkspace({}),
    args: {},
    libraryRoot: join(REPO, 'test/jenkins/fixtures/noncps-step'),
  },
  {
    name: 'separator in the message',
    workspace: newGitWorkspace({ 'deploy-windows.yml': SEPARATOR_CONFIG }, {}),
    args: { environment: 'production', at: SATURDAY, mode: 'warn' },
  },
);

// Overrides (docs/overrides.md): alice is exempt, but only with a reason.
const REASON_CONFIG = CONFIG.replace(
  '  teams: [acme/release-managers]\n',
  '  teams: [acme/release-managers]\n  require-reason: true\n',
);
const REASON = `hotfix <b>INC-4711</b> $(touch ${markerDir}/reason)`;
const BUILD_ENV = {
  JOB_NAME: 'shop/main',
  BRANCH_NAME: 'main',
  BUILD_URL: 'https://jenkins.example/job/shop/job/main/42/',
};
// An organisation policy kept in this repository (docs/organisation.md): a freeze over the
// repository's own business hours, exempting carol there; bob is exempt by the repository only.
const ORG_POLICY = `version: 1
message: 'Org freeze: ask #sre'
exempt:
  users: [carol]
windows:
  - name: freeze
    kind: deny
    environments: ['prod*']
    start: 2026-11-20T00:00
    end: 2026-11-30T00:00
`;
const EXTENDING = (source: string) =>
  CONFIG.replace('exempt:\n  users: [alice]', `extends:\n  - ${source}\nexempt:\n  users: [bob]`);
const orgCase = (name: string, extra: Partial<HarnessCase>, source = './policy/org.yml') => ({
  name,
  // The change deletes the freeze from its own checkout: the policy ref's copy still decides.
  workspace: newGitWorkspace(
    { 'deploy-windows.yml': EXTENDING(source), 'policy/org.yml': ORG_POLICY },
    { 'policy/org.yml': ALLOW_ALL },
  ),
  args: { environment: 'production', at: MONDAY_INSIDE },
  ...extra,
});
CASES.push(
  {
    name: 'reason required',
    workspace: ws('reason required', { 'deploy-windows.yml': REASON_CONFIG }),
    args: { environment: 'production', at: SATURDAY },
    causes: [USER_CAUSE('alice')],
  },
  {
    name: 'reason given',
    workspace: ws('reason given', { 'deploy-windows.yml': REASON_CONFIG }),
    args: { environment: 'production', at: SATURDAY, reason: REASON },
    causes: [USER_CAUSE('alice')],
    env: BUILD_ENV,
  },
  {
    name: 'reason from a timer build',
    workspace: ws('reason from a timer build', { 'deploy-windows.yml': REASON_CONFIG }),
    args: { environment: 'production', at: SATURDAY, reason: 'nobody is exempt here' },
    causes: [TIMER_CAUSE],
  },
  {
    // The library with the step's shell half unchanged, but the record's place taken first.
    name: 'reason given, record not written',
    workspace: ws('reason given, record not written', { 'deploy-windows.yml': REASON_CONFIG }),
    args: { environment: 'production', at: SATURDAY, reason: 'INC-1' },
    causes: [USER_CAUSE('alice')],
    libraryRoot: libraryWhereTheRecordCannotBeWritten(),
  },
  orgCase('org freeze', { causes: [TIMER_CAUSE] }),
  orgCase('org freeze, org-exempt user', { causes: [USER_CAUSE('carol')], env: BUILD_ENV }),
  orgCase('org freeze, repo-exempt user', { causes: [USER_CAUSE('bob')] }),
  orgCase(
    'org policy missing',
    { args: { environment: 'production', at: MONDAY_INSIDE, mode: 'warn' } },
    './policy/gone.yml',
  ),
);

/**
 * This library, except that the override record is gone once gate.sh has run, as when the CLI
 * could not write it (a full disk, a read-only folder: a warning, then no file).
 */
function libraryWhereTheRecordCannotBeWritten(): string {
  const root = newWorkspace({});
  symlinkSync(join(LIBRARY_ROOT, 'vars'), join(root, 'vars'));
  mkdirSync(join(root, 'resources/deploy-window-step'), { recursive: true });
  symlinkSync(join(LIBRARY_ROOT, 'resources/deploy-window'), join(root, 'resources/deploy-window'));
  const gate = readFileSync(join(LIBRARY_ROOT, 'resources/deploy-window-step/gate.sh'), 'utf8');
  writeFileSync(
    join(root, 'resources/deploy-window-step/gate.sh'),
    `(\n${gate}\n)\nstatus=$?\nrm -f "$DW_RUN_DIR/deploy-window-override.json"\nexit "$status"\n`,
  );
  return root;
}

let results: Map<string, HarnessResult>;
function result(name: string): HarnessResult {
  const found = results.get(name);
  if (!found) throw new Error(`no result for case ${name}`);
  if (found.outcome === 'exception') throw new Error(`${name}: ${found.error}\n${found.trace}`);
  return found;
}
const shEnv = (name: string, index = 0) =>
  callsOf(result(name), 'sh')[index]?.env as Record<string, string>;

beforeAll(() => {
  rmSync('/tmp/pwned', { force: true });
  results = runHarness(CASES);
}, 240_000);

describe('deployWindow: decisions', () => {
  it('fails a blocked build with "Deployment is blocked" and the next opening', () => {
    const blocked = result('blocked');
    expect(blocked.outcome).toBe('error');
    expect(blocked.error).toContain('Deployment is blocked for production');
    // `error("Deployment is blocked ... next open ...")`, as the step's contract words it: the
    // message starts with those words (docs/jenkins.md, `mode`).
    expect(blocked.error).toMatch(
      /^Deployment is blocked for production: .*; next open: Mon 23 Nov 2026 10:00 CET \(Europe\/Berlin\) = /,
    );
    expect(blocked.error).toContain(MONDAY_OPEN);
    expect(blocked.error).toContain('Exceptions: #release');
    expect(callsOf(blocked, 'sleep')).toEqual([]);
  });

  it('returns the decision as a map when the window is open', () => {
    const allowed = result('allowed');
    expect(allowed.outcome).toBe('returned');
    expect(allowed.returns[0]).toMatchObject({
      allowed: true,
      reason: 'inside-allow-window',
      environment: 'production',
      closesAt: MONDAY_CLOSES,
      nextOpen: null,
      exempt: false,
      waitedSeconds: 0,
    });
    expect(allowed.buildResult).toBeNull();
  });

  it('exempts the user who started the build when exempt.users lists them', () => {
    const exempt = result('exempt user');
    expect(exempt.outcome).toBe('returned');
    expect(exempt.returns[0]).toMatchObject({
      allowed: true,
      exempt: true,
      exemptBy: 'user:alice',
    });
    expect(shEnv('exempt user').DW_ACTOR).toBe('alice');
  });

  it('does not exempt by exempt.teams on Jenkins, and says why in the log', () => {
    const other = result('other user');
    expect(other.outcome).toBe('error');
    expect(shEnv('other user').DW_ACTOR).toBe('bob');
    expect(other.log.join('\n')).toMatch(/exempt\.teams .* is not checked on Jenkins/);
  });

  it('never exempts timer- or SCM-triggered builds under the same config', () => {
    for (const name of ['timer', 'scm']) {
      const triggered = result(name);
      expect(triggered.outcome).toBe('error');
      expect(triggered.error).toContain('Deployment is blocked');
      expect(shEnv(name)).not.toHaveProperty('DW_ACTOR');
    }
  });

  it('warn: marks the build UNSTABLE and returns the blocked decision', () => {
    for (const name of ['warn', 'warn without unstable step']) {
      const warned = result(name);
      expect(warned.outcome).toBe('returned');
      expect(warned.buildResult).toBe('UNSTABLE');
      expect(warned.returns[0]).toMatchObject({ allowed: false, nextOpen: MONDAY_OPEN });
    }
    expect(callsOf(result('warn'), 'unstable')[0]?.message).toContain('Deployment is blocked');
  });
});

describe('deployWindow: waiting', () => {
  it('sleeps with the durable sleep step until the opening, then decides again', () => {
    const waited = result('wait');
    expect(waited.outcome).toBe('returned');
    expect(callsOf(waited, 'sleep')).toEqual([
      { step: 'sleep', time: 3600, unit: 'SECONDS', seconds: 3600 },
    ]);
    // The second decision is an hour on: a fixed `at` moves on with the time waited.
    expect(shEnv('wait', 0)).toMatchObject({ DW_AT: MONDAY_EARLY, DW_WAITED: '0' });
    expect(shEnv('wait', 1)).toMatchObject({ DW_AT: MONDAY_EARLY, DW_WAITED: '3600' });
    expect(waited.returns[0]).toMatchObject({
      allowed: true,
      at: MONDAY_OPEN,
      waitedSeconds: 3600,
    });
    // The CLI itself never waits (--defer-wait): a restart would lose a sleep inside `sh`.
    expect(callsOf(waited, 'sh')[0]?.script).toContain(' --defer-wait ');
  });

  it('waits for an opening with the minimum runway left', () => {
    const runway = result('wait for runway');
    expect(runway.outcome).toBe('returned');
    // 14:45Z Monday has 15 minutes left; Tuesday 09:00Z is 18h15m away.
    expect(callsOf(runway, 'sleep').map((call) => call.seconds)).toEqual([65_700]);
    expect(runway.returns[0]?.allowed).toBe(true);
    expect(runway.returns[0]?.at).toBe('2026-11-24T09:00:00.000Z');
    expect(shEnv('wait for runway', 1).DW_WAITED).toBe('65700');
    expect(shEnv('wait for runway').DW_MIN_DURATION).toBe('30m');
  });

  it('fails at once when there is no opening to wait for', () => {
    const never = result('never opens');
    expect(never.outcome).toBe('error');
    expect(never.error).toContain(
      'Deployment is blocked for production: inside the deny window "frozen" (inside-deny-window)',
    );
    expect(never.error).toContain('so there is nothing to wait for');
    expect(callsOf(never, 'sleep')).toEqual([]);
  });

  it('fails at once when the opening is beyond maxWait', () => {
    const tooFar = result('wait beyond maxWait');
    expect(tooFar.outcome).toBe('error');
    expect(tooFar.error).toContain('Deployment is blocked');
    expect(tooFar.error).toContain('1d 18h away, beyond max-wait (12h)');
    expect(callsOf(tooFar, 'sleep')).toEqual([]);
  });
});

describe('deployWindow: bad input', () => {
  it('rejects unknown arguments by name, listing the allowed ones', () => {
    const unknown = result('unknown argument');
    expect(unknown.outcome).toBe('error');
    expect(unknown.error).toContain('unknown argument mdoe');
    expect(unknown.error).toContain('did you mean mode?');
    expect(unknown.error).toContain(
      'allowed: environment, config, mode, maxWait, minDuration, at, node',
    );
    expect(callsOf(unknown, 'sh')).toEqual([]);
  });

  it('rejects invalid values, naming the argument and what it accepts', () => {
    expect(result('invalid mode').error).toBe(
      "deployWindow: invalid mode 'later'; allowed: fail, wait, warn",
    );
    expect(result('invalid maxWait').error).toContain("invalid maxWait '5 hours'");
    expect(result('environment not a string').error).toContain('environment must be a string');
    for (const name of ['invalid mode', 'invalid maxWait', 'environment not a string']) {
      expect(callsOf(result(name), 'sh')).toEqual([]);
    }
  });

  it('fails on a bad config with the file, line and key, in every mode', () => {
    const bad = result('bad config');
    expect(bad.outcome).toBe('error');
    expect(bad.error).toContain('deploy-windows.yml:2:');
    expect(bad.error).toContain('timezone');
    expect(bad.error).toContain('Europe/Berlin');
  });

  it('passes on the CLI refusal of an instant without an offset', () => {
    const noOffset = result('at without offset');
    expect(noOffset.outcome).toBe('error');
    expect(noOffset.error).toContain('refused the arguments');
    expect(noOffset.error).toContain('has no UTC offset');
  });

  it('fails when the config file does not exist, naming it', () => {
    expect(result('missing config').error).toContain('ops/windows.yml');
  });

  it('fails with a hint when Node.js cannot be run on the agent', () => {
    const noNode = result('no node');
    expect(noNode.outcome).toBe('error');
    expect(noNode.error).toContain('could not run');
    expect(noNode.error).toContain('/nonexistent/bin/node');
  });
});

describe('deployWindow: shell safety and parsing', () => {
  it('passes a hostile environment name to the CLI intact, without running it', () => {
    for (const [name, environment] of [
      ['hostile quote', HOSTILE_QUOTE],
      ['hostile substitution', HOSTILE_SUBST],
    ] as const) {
      const hostile = result(name);
      expect(hostile.outcome).toBe('returned');
      expect(hostile.returns[0]?.environment).toBe(environment);
      for (const call of callsOf(hostile, 'sh')) {
        expect(call.script).not.toContain('touch');
      }
    }
    expect(existsSync('/tmp/pwned')).toBe(false);
    expect(existsSync(join(markerDir, 'tick'))).toBe(false);
    expect(existsSync(join(markerDir, 'subst'))).toBe(false);
  });

  it('reads the result file without Pipeline Utility Steps (readFile and JsonSlurper)', () => {
    const plain = result('no readJSON');
    expect(plain.outcome).toBe('returned');
    expect(plain.returns[0]).toMatchObject({ allowed: true, closesAt: MONDAY_CLOSES });
    for (const run of results.values()) expect(callsOf(run, 'readJSON')).toEqual([]);
  });

  it('writes the library resources byte-identically into a directory per run, then removes it', () => {
    const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    const resources = join(LIBRARY_ROOT, 'resources/deploy-window');
    const companions = readFileSync(join(resources, 'files.txt'), 'utf8')
      .split('\n')
      .filter(Boolean);
    const writes = callsOf(result('wait'), 'writeFile');
    // Two decisions (before and after the sleep), each with the bundle and its companions.
    expect(writes).toHaveLength(2 * (1 + companions.length));
    const runDirs = new Set<string>();
    for (const write of writes) {
      const match = /^\.deploy-window\/(run-\d+)\/(.+)$/.exec(String(write.file));
      expect(match).not.toBeNull();
      runDirs.add(match?.[1] ?? '');
      expect(write.sha256).toBe(sha(join(resources, match?.[2] ?? '')));
      expect(write.encoding).toBe('UTF-8');
    }
    expect(runDirs.size).toBe(2);
    expect(callsOf(result('wait'), 'deleteDir').map((call) => call.dir)).toEqual(
      [...runDirs].map((dir) => `.deploy-window/${dir}`),
    );
    expect(readdirSync(join(workspaces.wait ?? '', '.deploy-window'))).toEqual([]);
  });

  it('runs chunks of the bundle from beside it (holiday data)', () => {
    const holiday = result('holiday');
    expect(holiday.outcome).toBe('error');
    expect(holiday.error).toContain(
      'Deployment is blocked for production: inside the deny window "public-holidays"',
    );
  });
});

describe('deployWindow.groovy stays thin and within the Jenkins sandbox', () => {
  const source = readFileSync(join(LIBRARY_ROOT, 'vars/deployWindow.groovy'), 'utf8');

  it('uses no approval-only classes, grabs or shell interpolation', () => {
    for (const banned of [
      '@Grab',
      'JsonSlurperClassic',
      'UUID',
      'java.time',
      'java.io.',
      '.execute(',
      'evaluate(',
      'jenkins.model',
    ]) {
      expect(source).not.toContain(banned);
    }
    // The one import: the annotation Jenkins imports anyway, spelled out for CodeNarc.
    expect(source.match(/^import .*$/gm)).toEqual(['import com.cloudbees.groovy.cps.NonCPS']);
    // The only shell text is the library's fixed gate.sh, run as it is.
    expect(source.match(/\bsh\(/g)).toHaveLength(1);
    expect(source).toContain(
      "sh(script: libraryResource(resource: 'deploy-window-step/gate.sh', encoding: 'UTF-8'),",
    );
    const script = readFileSync(join(LIBRARY_ROOT, 'resources/deploy-window-step/gate.sh'), 'utf8');
    expect(script.startsWith('set +x\n')).toBe(true);
  });

  it('leaves the deciding to the CLI: under 200 lines', () => {
    expect(source.split('\n').length).toBeLessThan(200);
  });
});

describe('deployWindow: the policy comes from a protected ref', () => {
  it("blocks a change that rewrites the windows to allow everything, by the default branch's policy", () => {
    const run = result('policy edited by the change');
    expect(run.outcome).toBe('error');
    expect(run.error).toContain('Deployment is blocked for production');
    expect(run.log.join('\n')).toContain(
      // The branch, not the step's tracking ref (refs/remotes/origin/main).
      'this change edits the deploy windows; the edits apply once merged into main (deploy-windows.yml; this run is decided by the policy at refs/remotes/origin/main)',
    );
  });

  it("reads a change request's policy at its target branch (CHANGE_TARGET)", () => {
    const run = result('policy at the change target');
    expect(run.outcome).toBe('error');
    expect(run.error).toContain('inside the deny window "frozen"');
  });

  it('reads the policy at policyRef when given', () => {
    const run = result('policy ref given');
    expect(run.outcome).toBe('error');
    expect(run.error).toContain('inside the deny window "frozen"');
  });

  it("policyRef: 'workspace' reads the checkout: the change decides its own gate", () => {
    const run = result('policy ref workspace');
    expect(run.outcome).toBe('returned');
    expect(run.returns[0]).toMatchObject({ allowed: true, activeWindows: ['always'] });
  });

  it("finds origin's default branch without refs/remotes/origin/HEAD", () => {
    const run = result('policy without origin/HEAD');
    expect(run.outcome).toBe('error');
    expect(run.error).toContain('Deployment is blocked for production');
  });

  it('fails closed when origin cannot be reached, whatever copy the checkout has', () => {
    const run = result('policy not fetchable');
    expect(run.outcome).toBe('error');
    expect(run.error).toContain("origin's default branch could not be read");
    expect(run.error).toContain('the build needs read access to origin');
  });

  it("reads origin's policy, not refs, hooks or settings an earlier step wrote into .git", () => {
    const moved = result('policy ref moved by an earlier step');
    expect(moved.outcome).toBe('error');
    expect(moved.error).toContain('Deployment is blocked for production');
    expect(readdirSync(markerDir).filter((name) => /^(hook-|uploadpack)/.test(name))).toEqual([]);
    const head = result('default branch moved by an earlier step');
    expect(head.outcome).toBe('error');
    expect(head.error).toContain('Deployment is blocked for production');
  });

  it("asks origin itself for its default branch, not through the checkout's settings", () => {
    const run = result('origin redirected by an earlier step');
    expect(run.outcome).toBe('error');
    expect(run.error).toContain('Deployment is blocked for production');
  });

  it('reads origin given as a path relative to the checkout', () => {
    const run = result('origin as a relative path');
    expect(run.outcome).toBe('error');
    expect(run.error).toContain('Deployment is blocked for production');
  });

  it('fails closed, in bounded time, when origin never answers', () => {
    const run = result('origin never answers');
    expect(run.outcome).toBe('error');
    expect(run.error).toContain('cannot fetch the policy ref main from origin');
    expect(run.error).toContain('no answer within 3 s');
    const asked = result('origin never answers, default branch');
    expect(asked.outcome).toBe('error');
    expect(asked.error).toContain("origin's default branch could not be read");
    expect(asked.error).toContain('no answer within 3 s');
  });

  it("takes a change request's target only as a branch name, never 'workspace' or a full ref", () => {
    const named = result('change aimed at a branch named workspace');
    expect(named.outcome).toBe('error');
    expect(named.error).toContain('inside the deny window "frozen"');
    const full = result('change aimed at a full ref');
    expect(full.outcome).toBe('error');
    expect(full.error).toContain('cannot fetch the policy ref refs/heads/change');
  });

  it('fails closed outside a git checkout, saying what to set', () => {
    const run = result('not a git checkout');
    expect(run.outcome).toBe('error');
    expect(run.error).toContain('no policy ref');
    expect(run.error).toContain("policyRef: to a branch of origin (or 'workspace'");
  });

  it('fails closed when the policy ref cannot be read, naming it', () => {
    const run = result('policy ref missing');
    expect(run.outcome).toBe('error');
    expect(run.error).toContain('no-such-branch');
    expect(callsOf(run, 'sleep')).toEqual([]);
  });
});

describe('deployWindow: user text cannot break the result', () => {
  it('a message holding the old output separator still goes UNSTABLE in warn mode', () => {
    const run = result('separator in the message');
    expect(run.outcome).toBe('returned');
    expect(run.buildResult).toBe('UNSTABLE');
    expect(run.returns[0]?.message).toContain('--- deploy-window stderr ---');
  });
});

describe('deployWindow: overrides with a reason (docs/overrides.md)', () => {
  it('blocks an exempt user without the reason the config requires, saying how to give one', () => {
    const run = result('reason required');
    expect(run.outcome).toBe('error');
    expect(run.error).toContain('Deployment is blocked for production');
    const log = run.log.join('\n');
    expect(log).toContain(
      'alice is exempt (user:alice) and may override the deploy window for production by giving a reason',
    );
    expect(log).toContain("pass the deployWindow step's `reason:` parameter");
    expect(callsOf(run, 'archiveArtifacts')).toEqual([]);
    expect(run.buildDescription).toBeNull();
  });

  it('with reason: passes, says who overrode what and why in the description, archives the record', () => {
    const run = result('reason given');
    expect(run.outcome).toBe('returned');
    expect(shEnv('reason given').DW_REASON).toBe(REASON);
    expect(run.returns[0]).toMatchObject({
      allowed: true,
      exempt: true,
      exemptBy: 'user:alice',
      override: { actor: 'alice', reason: REASON, layers: ['deploy-windows.yml'] },
    });
    // The reason is text: nothing in it ran, and it cannot become markup in the description.
    expect(existsSync(join(markerDir, 'reason'))).toBe(false);
    expect(run.buildDescription).toBe(
      `OVERRIDE: alice overrode the deploy window for production (outside every allow window; layer deploy-windows.yml), exempt as user:alice. Reason: hotfix ‹b›INC-4711‹/b› $(touch ${markerDir}/reason)`,
    );
    const archived = callsOf(run, 'archiveArtifacts');
    expect(archived).toHaveLength(1);
    expect(archived[0]).toMatchObject({
      artifacts: 'deploy-window-override.json',
      dir: expect.stringMatching(/^\.deploy-window\/run-\d+$/),
    });
    expect(JSON.parse(String(archived[0]?.text))).toEqual({
      actor: 'alice',
      reason: REASON,
      layers: ['deploy-windows.yml'],
      at: '2026-11-21T15:00:00.000Z',
      exemptBy: 'user:alice',
      environment: 'production',
      windows: [],
      job: 'shop/main',
      ref: 'main',
      commit: null,
      buildUrl: 'https://jenkins.example/job/shop/job/main/42/',
    });
  });

  it('fails the override when its record was not written: no override without its record', () => {
    const run = result('reason given, record not written');
    expect(run.outcome).toBe('error');
    expect(run.error).toContain('the override record was not written');
    expect(callsOf(run, 'archiveArtifacts')).toEqual([]);
  });

  it('a reason lets nobody through who is not exempt', () => {
    const run = result('reason from a timer build');
    expect(run.outcome).toBe('error');
    expect(run.error).toContain('Deployment is blocked for production');
    expect(callsOf(run, 'archiveArtifacts')).toEqual([]);
  });
});

describe('deployWindow: an organisation policy in this repository (docs/organisation.md)', () => {
  it("blocks inside the org freeze although the repository's own windows allow", () => {
    const run = result('org freeze');
    expect(run.outcome).toBe('error');
    expect(run.error).toContain(
      'Deployment is blocked for production: inside the deny window "./policy/org.yml#freeze"',
    );
    expect(run.error).toContain('Org freeze: ask #sre');
  });

  it('lets a user exempt by the org policy through, as a recorded override of that layer', () => {
    const run = result('org freeze, org-exempt user');
    expect(run.outcome).toBe('returned');
    expect(run.returns[0]).toMatchObject({
      allowed: true,
      exemptBy: 'user:carol',
      override: { actor: 'carol', reason: null, layers: ['./policy/org.yml'] },
    });
    expect(run.buildDescription).toContain('carol overrode the deploy window for production');
    expect(run.buildDescription).toContain('No reason given.');
    expect(callsOf(run, 'archiveArtifacts')).toHaveLength(1);
  });

  it('does not let a user exempt only by the repository past the org freeze', () => {
    const run = result('org freeze, repo-exempt user');
    expect(run.outcome).toBe('error');
    expect(run.error).toContain('./policy/org.yml#freeze');
  });

  it('fails closed in warn mode when the extended file is missing', () => {
    const run = result('org policy missing');
    expect(run.outcome).toBe('error');
    expect(run.buildResult).toBeNull();
    expect(run.error).toContain('policy/gone.yml');
  });
});

describe('the harness holds the step to the CPS rules', () => {
  it('refuses a pipeline step called from a @NonCPS method, as Jenkins does', () => {
    const run = results.get('step from a NonCPS method');
    expect(run?.outcome).toBe('exception');
    expect(run?.error).toContain('step echo called from the @NonCPS method describeRun');
  });
});

describe('the documented Jenkinsfiles', () => {
  const deployLog = (name: string) => {
    const file = join(workspaces[name] ?? '', 'deploy.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  };

  it('declarative: waits for the window, then deploys', () => {
    const run = result('declarative waits');
    expect(run.outcome).toBe('completed');
    expect(callsOf(run, 'sleep').map((call) => call.seconds)).toEqual([3600]);
    expect(deployLog('declarative waits')).toBe('deployed production\n');
  });

  it('declarative: fails before building or deploying when the opening is beyond maxWait', () => {
    const run = result('declarative too far');
    expect(run.outcome).toBe('error');
    expect(run.error).toContain('beyond max-wait (12h)');
    expect(deployLog('declarative too far')).toBe('');
    // The gate runs before any step runs the change's code (docs/security.md).
    expect(existsSync(join(workspaces['declarative too far'] ?? '', 'build.log'))).toBe(false);
  });

  it('scripted: an exempt user deploys outside the window', () => {
    const run = result('scripted exempt');
    expect(run.outcome).toBe('completed');
    expect(callsOf(run, 'echo').map((call) => call.message)).toContain(
      'Outside the deploy window: alice passes as user:alice',
    );
    expect(deployLog('scripted exempt')).toBe('deployed staging\ndeployed production\n');
  });

  it('scripted: a timer build warns for staging and stops before production', () => {
    const run = result('scripted timer');
    expect(run.outcome).toBe('error');
    expect(run.buildResult).toBe('UNSTABLE');
    expect(run.error).toContain('Deployment is blocked for production');
    expect(deployLog('scripted timer')).toBe('');
  });

  it("scripted: production is decided before the change's staging deploy could rewrite origin", () => {
    const run = result('scripted, staging rewrites origin');
    expect(run.outcome).toBe('error');
    expect(run.error).toContain('Deployment is blocked for production');
    expect(deployLog('scripted, staging rewrites origin')).not.toContain('deployed production');
  });

  it('docs/jenkins.md and the README show exactly these Jenkinsfiles', () => {
    const examples = ['Jenkinsfile.declarative', 'Jenkinsfile.scripted'].map((file) =>
      readFileSync(join(REPO, 'jenkins/examples', file), 'utf8'),
    );
    const groovyBlocks = (markdown: string) =>
      [...markdown.matchAll(/```groovy\n([\s\S]*?)```/g)]
        .map((match) => match[1] ?? '')
        .filter((block) => block.includes('deployWindow(') && block.includes('@Library'));
    const docs = readFileSync(join(REPO, 'docs/jenkins.md'), 'utf8');
    expect(groovyBlocks(docs)).toEqual(examples);
    // Every Jenkinsfile the README shows is one of the tested files.
    const readme = join(REPO, 'README.md');
    const shown = existsSync(readme) ? groovyBlocks(readFileSync(readme, 'utf8')) : [];
    for (const block of shown) expect(examples).toContain(block);
  });
});
