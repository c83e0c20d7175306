// The deployWindow step as a Jenkins build runs it: vars/deployWindow.groovy on Groovy 2.4 with
// the pipeline steps of test/jenkins/harness, the real CLI bundle from the library resources,
// and a real shell. Times: the windows are Mon-Thu 10:00-16:00 Europe/Berlin (CET, UTC+1 in
// November 2026), so Saturday 2026-11-21 is closed and the next opening is Monday 09:00Z.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  callsOf,
  type HarnessCase,
  type HarnessResult,
  LIBRARY_ROOT,
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
const ws = (name: string, files: Record<string, string> = { 'deploy-windows.yml': CONFIG }) => {
  workspaces[name] = newWorkspace(files);
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
    expect(blocked.error).toContain(`next open ${MONDAY_OPEN}`);
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
    expect(shEnv('wait', 0).DW_AT).toBe(MONDAY_EARLY);
    expect(shEnv('wait', 1).DW_AT).toBe(MONDAY_OPEN);
    expect(waited.returns[0]).toMatchObject({ allowed: true, waitedSeconds: 3600 });
    // The CLI itself never waits: a restart would lose a sleep inside `sh`.
    expect(shEnv('wait', 0).DW_CLI_MODE).toBe('fail');
  });

  it('waits for an opening with the minimum runway left', () => {
    const runway = result('wait for runway');
    expect(runway.outcome).toBe('returned');
    // 14:45Z Monday has 15 minutes left; Tuesday 09:00Z is 18h15m away.
    expect(callsOf(runway, 'sleep').map((call) => call.seconds)).toEqual([65_700]);
    expect(runway.returns[0]?.allowed).toBe(true);
    // The gate's clock runs on from `at` while it works: the re-check is at the opening (+ms).
    expect(runway.returns[0]?.at).toMatch(/^2026-11-24T09:00:00\.\d{3}Z$/);
    expect(shEnv('wait for runway', 1).DW_AT).toBe('2026-11-24T09:00:00.000Z');
    expect(shEnv('wait for runway').DW_MIN_DURATION).toBe('30m');
  });

  it('fails at once when there is no opening to wait for', () => {
    const never = result('never opens');
    expect(never.outcome).toBe('error');
    expect(never.error).toContain(
      'Deployment is blocked for production (inside-deny-window; blocking: frozen)',
    );
    expect(never.error).toContain('There is no opening within the horizon to wait for');
    expect(callsOf(never, 'sleep')).toEqual([]);
  });

  it('fails at once when the opening is beyond maxWait', () => {
    const tooFar = result('wait beyond maxWait');
    expect(tooFar.outcome).toBe('error');
    expect(tooFar.error).toContain('Deployment is blocked');
    expect(tooFar.error).toContain('beyond maxWait 12h');
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
    expect(noOffset.error).toContain('refused the config or the arguments');
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

  it('reads the decision with JsonSlurper when Pipeline Utility Steps is not installed', () => {
    const fallback = result('no readJSON');
    expect(fallback.outcome).toBe('returned');
    expect(fallback.returns[0]).toMatchObject({ allowed: true, closesAt: MONDAY_CLOSES });
    expect(callsOf(fallback, 'readJSON')).toEqual([]);
    expect(callsOf(result('allowed'), 'readJSON')).toHaveLength(1);
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
      const match = /^\.deploy-window\/([0-9a-f-]{36})\/(.+)$/.exec(String(write.file));
      expect(match).not.toBeNull();
      runDirs.add(match?.[1] ?? '');
      expect(write.sha256).toBe(sha(join(resources, match?.[2] ?? '')));
      expect(write.encoding).toBe('UTF-8');
    }
    expect(runDirs.size).toBe(2);
    expect(readdirSync(join(workspaces.wait ?? '', '.deploy-window'))).toEqual([]);
  });

  it('runs chunks of the bundle from beside it (holiday data)', () => {
    const holiday = result('holiday');
    expect(holiday.outcome).toBe('error');
    expect(holiday.error).toContain(
      'Deployment is blocked for production (inside-deny-window; blocking: public-holidays)',
    );
  });
});

describe('deployWindow.groovy stays within the Jenkins sandbox', () => {
  const source = readFileSync(join(LIBRARY_ROOT, 'vars/deployWindow.groovy'), 'utf8');

  it('uses no approval-only classes, grabs or shell interpolation', () => {
    for (const banned of [
      '@Grab',
      'import ',
      'JsonSlurperClassic',
      'java.time',
      'java.io.',
      '.execute(',
      'evaluate(',
      'jenkins.model',
    ]) {
      expect(source).not.toContain(banned);
    }
    // The only shell text is the fixed, single-quoted GATE_SCRIPT.
    expect(source.match(/\bsh\(/g)).toHaveLength(1);
    expect(source).toContain(
      "sh(script: GATE_SCRIPT, returnStdout: true, label: 'deploy-window gate')",
    );
    expect(source).toMatch(/final String GATE_SCRIPT = '''set \+x\n/);
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

  it('declarative: fails before deploying when the opening is beyond maxWait', () => {
    const run = result('declarative too far');
    expect(run.outcome).toBe('error');
    expect(run.error).toContain('beyond maxWait 12h');
    expect(deployLog('declarative too far')).toBe('');
  });

  it('scripted: an exempt user deploys outside the window', () => {
    const run = result('scripted exempt');
    expect(run.outcome).toBe('completed');
    expect(callsOf(run, 'echo').map((call) => call.message)).toContain(
      'Outside the deploy window: user:alice is exempt',
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
