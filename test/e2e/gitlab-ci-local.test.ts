// The include template run for real by gitlab-ci-local (shell executor): a throwaway git repo
// whose .gitlab-ci.yml includes a copy of gitlab/deploy-window.yml with `inputs:`, pointing the
// `cli` input at the committed bundle, and a `deploy` job that `needs:` the gate and prints the
// dotenv variables it received. The API is a fake GitLab on 127.0.0.1: it serves the policy
// (the default branch's files), the job's user and everything a token enables.
// Needs: gitlab-ci-local (devDependency), git and rsync on PATH, dist/cli/index.js built.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUSINESS_HOURS, NEXT_OPEN, SATURDAY, TUESDAY } from '../support/business-hours.js';
import { type FakeGitLab, startFakeGitLab } from '../support/fake-gitlab.js';
import {
  cliBundle,
  gitlabCiLocalWorkspace,
  type Pipeline,
  run,
} from './gitlab-ci-local-harness.js';

const repoRoot = resolve(import.meta.dirname, '../..');

const workspace = gitlabCiLocalWorkspace('dw-glci');
afterAll(() => {
  workspace.cleanup();
});

let gitlab: FakeGitLab;

/**
 * A git repo with an origin remote, the template copy and the given .gitlab-ci.yml, checked
 * out on `branch`. The fake GitLab's default branch `main` holds `policy` (default: the same files).
 */
async function project(
  files: Record<string, string>,
  { policy = files, branch = 'main' }: { policy?: Record<string, string>; branch?: string } = {},
): Promise<string> {
  gitlab.files.clear();
  gitlab.addFiles(policy, 'main');
  return (await workspace.repo(files, { branch })).dir;
}

function ciYaml(inputs: Record<string, string | boolean>): string {
  const lines = Object.entries({ cli: `node ${cliBundle}`, comment: false, ...inputs }).map(
    ([key, value]) => `      ${key}: ${JSON.stringify(value)}`,
  );
  return [
    'stages: [build, deploy]',
    'include:',
    '  - local: templates/deploy-window.yml',
    '    inputs:',
    ...lines,
    'deploy:',
    '  stage: deploy',
    '  needs: [deploy-window]',
    '  script:',
    '    - echo "ALLOWED=$DEPLOY_WINDOW_ALLOWED REASON=$DEPLOY_WINDOW_REASON NEXT=[$DEPLOY_WINDOW_NEXT_OPEN] CLOSES=[$DEPLOY_WINDOW_CLOSES_AT]"',
    '',
  ].join('\n');
}

/** What GitLab gives every job: the API, the project, the default branch and the job token. */
function jobVariables(): Record<string, string> {
  return {
    CI_API_V4_URL: gitlab.apiUrl,
    CI_PROJECT_ID: '42',
    CI_DEFAULT_BRANCH: 'main',
    CI_JOB_TOKEN: gitlab.jobToken,
  };
}

function pipeline(dir: string, extraArgs: string[] = []): Promise<Pipeline> {
  return workspace.pipeline(dir, jobVariables(), { extraArgs });
}

beforeAll(async () => {
  for (const tool of ['rsync', 'git']) {
    const probe = await run(tool, ['--version'], repoRoot);
    if (probe.code !== 0) {
      throw new Error(`gitlab-ci-local needs ${tool} on PATH (apt-get install -y ${tool})`);
    }
  }
  if (!existsSync(cliBundle)) {
    const build = await run(process.execPath, ['scripts/build.mjs', '--only', 'cli'], repoRoot);
    if (build.code !== 0) throw new Error(`building the CLI failed:\n${build.output}`);
  }
  gitlab = await startFakeGitLab();
}, 300_000);
afterAll(async () => {
  await gitlab?.close();
});
beforeEach(() => {
  gitlab.requests.length = 0;
  gitlab.notes.clear();
  gitlab.schedules.length = 0;
  gitlab.freezePeriods.length = 0;
  gitlab.jobUser = { id: 7, username: 'dana' };
});

describe('the GitLab include template under gitlab-ci-local', () => {
  it('fails the gate job when blocked, naming the next opening, and the deploy job never runs', async () => {
    const dir = await project({
      '.gitlab/deploy-windows.yml': BUSINESS_HOURS,
      '.gitlab-ci.yml': ciYaml({ environment: 'production', at: SATURDAY }),
    });
    const result = await pipeline(dir);
    expect(result.code).not.toBe(0);
    const gate = result.jobLines('deploy-window').join('\n');
    expect(gate).toContain('Deployment is blocked');
    expect(gate).toContain(NEXT_OPEN);
    expect(result.jobLines('deploy')).toEqual([]);
  });

  it('passes when allowed, and the needs: job reads the dotenv variables', async () => {
    const dir = await project({
      '.gitlab/deploy-windows.yml': BUSINESS_HOURS,
      '.gitlab-ci.yml': ciYaml({ environment: 'production', at: TUESDAY }),
    });
    const result = await pipeline(dir);
    expect(result.code, result.output).toBe(0);
    expect(result.jobLines('deploy')).toContain(
      'ALLOWED=true REASON=inside-allow-window NEXT=[] CLOSES=[2026-11-24T15:00:00.000Z]',
    );
  });

  it('passes in mode warn with a warning, and later jobs see it was not allowed', async () => {
    const dir = await project({
      '.gitlab/deploy-windows.yml': BUSINESS_HOURS,
      '.gitlab-ci.yml': ciYaml({ environment: 'production', at: SATURDAY, mode: 'warn' }),
    });
    const result = await pipeline(dir);
    expect(result.code, result.output).toBe(0);
    expect(result.jobLines('deploy-window').join('\n')).toMatch(/Deployment is blocked.*warn/);
    expect(result.jobLines('deploy')).toContain(
      `ALLOWED=false REASON=outside-allow-window NEXT=[${NEXT_OPEN}] CLOSES=[]`,
    );
  });

  it('fails on a bad config in every mode, naming file, line and key', async () => {
    const dir = await project({
      'config/windows.yml': BUSINESS_HOURS.replace('Europe/Berlin', 'Europe/Berln'),
      '.gitlab-ci.yml': ciYaml({
        environment: 'production',
        at: TUESDAY,
        mode: 'warn',
        config: 'config/windows.yml',
      }),
    });
    const result = await pipeline(dir);
    expect(result.code).not.toBe(0);
    const gate = result.jobLines('deploy-window').join('\n');
    expect(gate).toMatch(/config\/windows\.yml:2:\d+/);
    expect(gate).toContain('Europe/Berlin');
    expect(result.jobLines('deploy')).toEqual([]);
  });

  it('waits in mode wait until the window opens, then passes', async () => {
    const dir = await project({
      '.gitlab/deploy-windows.yml': BUSINESS_HOURS,
      '.gitlab-ci.yml': ciYaml({
        environment: 'production',
        at: '2026-11-24T08:59:58Z',
        mode: 'wait',
        'max-wait': '5m',
      }),
    });
    const result = await pipeline(dir);
    expect(result.code, result.output).toBe(0);
    expect(result.jobLines('deploy-window').join('\n')).toMatch(/Waiting for the window to open/);
    expect(result.jobLines('deploy')[0]).toMatch(/^ALLOWED=true /);
  });

  describe('CI/CD variables cannot replace the inputs', () => {
    // The variable names the template once used for its inputs; GitLab lets pipeline, project,
    // group, schedule and dotenv variables replace a job's own variables of the same name.
    const OVERRIDES = {
      DEPLOY_WINDOW_INPUT_MODE: 'warn',
      DEPLOY_WINDOW_INPUT_AT: TUESDAY,
      DEPLOY_WINDOW_INPUT_CLI: 'sh -c id',
      DEPLOY_WINDOW_INPUT_ENVIRONMENT: 'staging',
      DEPLOY_WINDOW_INPUT_CONFIG: 'open.yml',
      GITLAB_USER_LOGIN: 'alice',
      GITLAB_USER_ID: '9',
      // A predefined variable that once chose the policy: a project of one's own whose config
      // opens everything (served by the fake, see openElsewhere). GET /job names the real one.
      CI_PROJECT_ID: '99',
    };
    /** alice may deploy any time: only if the gate believed a variable about who she is. */
    const EXEMPTING_ALICE = BUSINESS_HOURS.replace(
      'windows:',
      'exempt:\n  users: [alice]\nwindows:',
    );
    const OPEN = 'version: 1\ntimezone: UTC\nwindows:\n  - name: always\n    time: "00:00-24:00"\n';

    /** The open config in the project CI_PROJECT_ID above names. */
    function openElsewhere(): void {
      gitlab.addProjectFiles('99', { '.gitlab/deploy-windows.yml': OPEN });
    }

    function expectBlockedAndNothingRun(result: Pipeline): void {
      expect(result.code, result.output).not.toBe(0);
      const gate = result.jobLines('deploy-window').join('\n');
      expect(gate).toContain('Deployment is blocked for production');
      expect(gate).toContain(NEXT_OPEN);
      // `sh -c id` would have printed the user's id and passed.
      expect(result.output).not.toMatch(/uid=\d+/);
      expect(result.jobLines('deploy')).toEqual([]);
    }

    it('pipeline variables of the old input names leave a Saturday blocked and run nothing', async () => {
      const dir = await project({
        '.gitlab/deploy-windows.yml': EXEMPTING_ALICE,
        'open.yml': OPEN,
        '.gitlab-ci.yml': ciYaml({ environment: 'production', at: SATURDAY }),
      });
      openElsewhere();
      const args = Object.entries(OVERRIDES).flatMap(([key, value]) => [
        '--variable',
        `${key}=${value}`,
      ]);
      expectBlockedAndNothingRun(await pipeline(dir, args));
    });

    it('a dotenv report of an earlier job exporting the same names changes nothing', async () => {
      const upstream = [
        'prepare:',
        '  stage: build',
        '  script:',
        ...Object.entries(OVERRIDES).map(
          ([key, value]) => `    - echo '${key}=${value}' >> upstream.env`,
        ),
        '  artifacts:',
        '    reports:',
        '      dotenv: upstream.env',
        // Proof that the report reaches later jobs.
        'probe:',
        '  stage: deploy',
        '  needs: [prepare]',
        '  script:',
        '    - echo "MODE=$DEPLOY_WINDOW_INPUT_MODE CLI=$DEPLOY_WINDOW_INPUT_CLI"',
        '',
      ].join('\n');
      const dir = await project({
        '.gitlab/deploy-windows.yml': EXEMPTING_ALICE,
        'open.yml': OPEN,
        '.gitlab-ci.yml': ciYaml({ environment: 'production', at: SATURDAY }) + upstream,
      });
      openElsewhere();
      const result = await pipeline(dir);
      expect(result.jobLines('probe')).toContain('MODE=warn CLI=sh -c id');
      expectBlockedAndNothingRun(result);
      // The gate job takes no artifacts (dependencies: []), so the report never reaches it: not
      // even as a CI_PROJECT_ID that GET /job then contradicts.
      expect(result.jobLines('deploy-window').join('\n')).not.toContain('CI_PROJECT_ID is');
    });
  });

  // The reason input comes from whoever runs the pipeline (docs/gitlab.md, "The reason input"):
  // the person the gate stops. Passed as a word of its own, `--help` printed the help, exit 0.
  it('takes a reason of --help for a reason: a Saturday stays blocked and the deploy never runs', async () => {
    const dir = await project({
      '.gitlab/deploy-windows.yml': BUSINESS_HOURS,
      '.gitlab-ci.yml': ciYaml({ environment: 'production', at: SATURDAY, reason: '--help' }),
    });
    const result = await pipeline(dir);
    expect(result.code, result.output).not.toBe(0);
    const gate = result.jobLines('deploy-window').join('\n');
    expect(gate).toContain('Deployment is blocked for production');
    expect(gate).not.toContain('Usage: deploy-window');
    expect(result.jobLines('deploy')).toEqual([]);
  });

  it("blocks a branch that rewrites the config to allow everything, by the default branch's policy, and says its edits apply once merged", async () => {
    const allowEverything =
      'version: 1\ntimezone: UTC\nwindows:\n  - name: always\n    time: "00:00-24:00"\n';
    const ci = ciYaml({ environment: 'production', at: SATURDAY });
    const dir = await project(
      { '.gitlab/deploy-windows.yml': allowEverything, '.gitlab-ci.yml': ci },
      { branch: 'feature/open-the-gate', policy: { '.gitlab/deploy-windows.yml': BUSINESS_HOURS } },
    );
    const result = await pipeline(dir);
    expect(result.code).not.toBe(0);
    const gate = result.jobLines('deploy-window').join('\n');
    expect(gate).toContain(
      'this change edits the deploy windows; the edits apply once merged into main (.gitlab/deploy-windows.yml;',
    );
    expect(gate).toContain('Deployment is blocked for production');
    expect(result.jobLines('deploy')).toEqual([]);
    expect(gitlab.requestsTo('GET', /\/repository\/files\//).at(-1)?.headers['job-token']).toBe(
      gitlab.jobToken,
    );
    expect(result.output).not.toContain(gitlab.jobToken);
  });

  describe('with DEPLOY_WINDOW_TOKEN', () => {
    /** A project deciding on Tuesday 10:00 Berlin, inside a freeze period 09:00-12:00. */
    function tuesdayInAFreeze(): Promise<string> {
      gitlab.freezePeriods.push({
        id: 1,
        freeze_start: '0 9 * * 2',
        freeze_end: '0 12 * * 2',
        cron_timezone: 'Europe/Berlin',
      });
      return project({
        '.gitlab/deploy-windows.yml': BUSINESS_HOURS,
        '.gitlab-ci.yml': ciYaml({ environment: 'production', at: TUESDAY }),
      });
    }

    it('posts the blocked note on the merge request and schedules the re-run at the opening', async () => {
      const dir = await project({
        '.gitlab/deploy-windows.yml': BUSINESS_HOURS,
        '.gitlab-ci.yml': ciYaml({
          environment: 'production',
          at: SATURDAY,
          comment: true,
          reschedule: true,
        }),
      });
      const result = await pipeline(dir, [
        '--variable',
        `DEPLOY_WINDOW_TOKEN=${gitlab.token}`,
        '--variable',
        'CI_MERGE_REQUEST_IID=9',
      ]);
      expect(result.code).not.toBe(0);
      const notes = gitlab.notes.get('42!9') ?? [];
      expect(notes).toHaveLength(1);
      expect(notes[0]?.body).toContain('Deployment is blocked');
      expect(notes[0]?.body).toContain(NEXT_OPEN);
      expect(gitlab.schedules).toMatchObject([
        { ref: 'main', cron: '0 10 24 11 *', cron_timezone: 'Europe/Berlin' },
      ]);
      expect(gitlab.schedules[0]?.variables[0]).toMatchObject({ key: 'DEPLOY_WINDOW_RERUN' });
      expect(result.output).not.toContain(gitlab.token);
    });

    it('a pipeline variable naming another default branch or clearing the freeze opens nothing', async () => {
      const open =
        'version: 1\ntimezone: UTC\nwindows:\n  - name: always\n    time: "00:00-24:00"\n';
      const dir = await tuesdayInAFreeze();
      gitlab.addFiles({ '.gitlab/deploy-windows.yml': open }, 'feature/open');
      const result = await pipeline(dir, [
        '--variable',
        `DEPLOY_WINDOW_TOKEN=${gitlab.token}`,
        '--variable',
        'CI_DEFAULT_BRANCH=feature/open',
        '--variable',
        'CI_DEPLOY_FREEZE=',
      ]);
      expect(result.code).not.toBe(0);
      const gate = result.jobLines('deploy-window').join('\n');
      expect(gate).toContain('GitLab says the default branch of project 42 is "main"');
      expect(gate).toContain('gitlab-deploy-freeze');
      expect(gate).toContain('2026-11-24T11:00:00.000Z');
      expect(result.jobLines('deploy')).toEqual([]);
    });

    it("blocks inside GitLab's deploy freeze until the freeze period ends", async () => {
      const dir = await tuesdayInAFreeze();
      const result = await pipeline(dir, [
        '--variable',
        `DEPLOY_WINDOW_TOKEN=${gitlab.token}`,
        '--variable',
        'CI_DEPLOY_FREEZE=true',
      ]);
      expect(result.code).not.toBe(0);
      const gate = result.jobLines('deploy-window').join('\n');
      expect(gate).toContain('gitlab-deploy-freeze');
      expect(gate).toContain('2026-11-24T11:00:00.000Z');
      expect(result.jobLines('deploy')).toEqual([]);
    });
  });
});
