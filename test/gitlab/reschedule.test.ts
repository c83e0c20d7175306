// Re-runs at the opening on GitLab (docs/gitlab.md, "What the gate does on GitLab"): a blocked
// gate creates a pipeline schedule for the opening, and the pipeline it starts removes it.
import { describe, expect, it } from 'vitest';
import { cronForInstant, scheduleTiming } from '../../src/gitlab/schedules.js';
import type { FakeSchedule } from '../support/fake-gitlab.js';
import {
  businessHoursWorkspace,
  fakeGitLabPerTest,
  gateWithoutNote,
  withExempt,
} from '../support/gitlab-fixtures.js';
import { requestsBeyondPolicy, runGitLabGate, SATURDAY, TUESDAY } from './harness.js';

let root: string;
const fake = fakeGitLabPerTest(() => {
  root = businessHoursWorkspace();
});

type MoreOfTheRun = Parameters<typeof gateWithoutNote>[3];

/** The gate at `at` (Saturday unless said) with reschedule: true and no note. */
function rescheduling(more: MoreOfTheRun & { at?: string } = {}) {
  const { at = SATURDAY, ...rest } = more;
  return gateWithoutNote(fake, root, at, {
    ...rest,
    options: { reschedule: true, ...rest.options },
  });
}

/** The gate on Tuesday (allowed) without a note: a pipeline the re-run may have started. */
/** A job on `ref`, as the variable and GET /job both say. */
function onRef(ref: string): MoreOfTheRun {
  fake.jobRef = ref;
  return { env: { CI_COMMIT_REF_NAME: ref } };
}

function allowedRun(more: MoreOfTheRun = {}) {
  return gateWithoutNote(fake, root, TUESDAY, more);
}

describe('re-run at the opening (reschedule)', () => {
  it('creates a pipeline schedule for the opening minute in the window zone, with DEPLOY_WINDOW_RERUN', async () => {
    const run = await rescheduling();
    expect(run.result.exitCode).toBe(1);
    expect(fake.schedules).toHaveLength(1);
    const schedule = fake.schedules[0];
    expect(schedule).toMatchObject({
      ref: 'main',
      cron: '0 10 24 11 *', // Tuesday 2026-11-24 10:00 Berlin
      cron_timezone: 'Europe/Berlin',
      active: true,
    });
    expect(schedule?.description).toContain('production');
    expect(schedule?.variables).toEqual([
      { key: 'DEPLOY_WINDOW_RERUN', value: String(schedule?.id), variable_type: 'env_var' },
    ]);
  });

  it('schedules the ref GET /job names, not one a CI_COMMIT_REF_NAME pipeline variable names', async () => {
    fake.jobRef = 'main';
    const run = await rescheduling({ env: { CI_COMMIT_REF_NAME: 'production' } });
    expect(fake.schedules).toMatchObject([{ ref: 'main' }]);
    expect(run.warnings.join('\n')).toContain(
      'CI_COMMIT_REF_NAME is "production", but GitLab says this job runs on "main" (a CI/CD variable has replaced CI_COMMIT_REF_NAME): "main" is used.',
    );
  });

  it('takes any branch name git allows from GET /job (fix#12 too)', async () => {
    fake.jobRef = 'fix#12';
    await rescheduling({ env: { CI_COMMIT_REF_NAME: 'production' } });
    expect(fake.schedules).toMatchObject([{ ref: 'fix#12' }]);
  });

  describe('in a merge request pipeline (GET /job names the merge request, not a branch)', () => {
    const inMergeRequest = (iid: string, refName: string) => {
      fake.jobRef = `refs/merge-requests/${iid}/head`;
      return rescheduling({ env: { CI_MERGE_REQUEST_IID: iid, CI_COMMIT_REF_NAME: refName } });
    };

    it("schedules the merge request's source branch, not one a CI_COMMIT_REF_NAME pipeline variable names", async () => {
      fake.mergeRequests.set('17', { source_branch: 'feature/login', source_project_id: 42 });
      const run = await inMergeRequest('17', 'main');
      expect(run.result.exitCode).toBe(1);
      expect(fake.schedules).toMatchObject([{ ref: 'feature/login' }]);
      expect(run.lines.join('\n')).toContain('runs feature/login at');
    });

    it('creates no schedule for a merge request from a fork, and says why', async () => {
      fake.mergeRequests.set('17', { source_branch: 'main', source_project_id: 77 });
      const run = await inMergeRequest('17', 'main');
      expect(run.result.exitCode).toBe(1);
      expect(fake.schedules).toEqual([]);
      expect(run.warnings.join('\n')).toContain(
        'merge request !17 comes from another project (a fork): a schedule of this project cannot run its branch',
      );
    });

    it('creates no schedule when GitLab does not answer with the merge request', async () => {
      const run = await inMergeRequest('17', 'main');
      expect(fake.schedules).toEqual([]);
      expect(run.warnings.join('\n')).toMatch(/merge_requests\/17 answered 404/);
      fake.answerNext('GET', /\/merge_requests\/17$/, {
        status: 200,
        body: { iid: 17, project_id: 42, source_project_id: 42, source_branch: '../main' },
      });
      const malformed = await inMergeRequest('17', 'main');
      expect(fake.schedules).toEqual([]);
      expect(malformed.warnings.join('\n')).toContain('answered no usable merge request');
    });
  });

  it('keeps one schedule per environment and ref: a newer one replaces the older', async () => {
    await rescheduling();
    const first = fake.schedules[0]?.id;
    await rescheduling({ at: '2026-11-22T15:00:00Z' });
    expect(fake.schedules).toHaveLength(1);
    expect(fake.schedules[0]?.id).not.toBe(first);
    expect(fake.requestsTo('DELETE', new RegExp(`/pipeline_schedules/${first}$`))).toHaveLength(1);

    await rescheduling({ options: { environment: 'staging' } });
    await rescheduling(onRef('release/1.2'));
    expect(fake.schedules).toHaveLength(3);
  });

  /** A schedule of this project's own, nightly at 02:00 UTC on main. */
  const nightlySchedule = (
    id: number,
    description: string,
    variables: FakeSchedule['variables'] = [],
  ): FakeSchedule => ({
    id,
    description,
    ref: 'main',
    cron: '0 2 * * *',
    cron_timezone: 'UTC',
    active: true,
    variables,
  });

  /**
   * What GitLab sets in the pipeline a re-run schedule starts (and says in GET /job): on `ref`
   * when one is given.
   */
  const startedBy = (id: string | number, extra: { CI_COMMIT_REF_NAME?: string } = {}) => {
    fake.jobPipelineSource = 'schedule';
    if (extra.CI_COMMIT_REF_NAME) fake.jobRef = extra.CI_COMMIT_REF_NAME;
    return { CI_PIPELINE_SOURCE: 'schedule', DEPLOY_WINDOW_RERUN: String(id), ...extra };
  };

  it("a re-run pipeline runs as the token's user, whom no exemption lets through: the windows decide", async () => {
    await rescheduling();
    const id = String(fake.schedules[0]?.id);
    // The token's user is exempt here (as a Maintainer may be through CODEOWNERS' @@maintainer);
    // a schedule left behind would otherwise deploy as it in a later freeze, a year on.
    fake.jobUser = { ...fake.tokenUser };
    const exemptBot = withExempt(`  users: [${fake.tokenUser.username}]`);
    const run = await gateWithoutNote(fake, exemptBot, SATURDAY, { env: startedBy(id) });
    expect(run.result.exitCode).toBe(1);
    expect(run.result.decision).toMatchObject({ allowed: false, exempt: false });
    expect(run.lines).toContain(
      `This pipeline is deploy-window's re-run (schedule ${id}): it runs as the token's user, not as whoever was blocked, so nobody is exempt and the windows decide.`,
    );
  });

  it("the re-run pipeline's gate removes its schedule, and only deploy-window's own", async () => {
    await rescheduling();
    const id = String(fake.schedules[0]?.id);
    fake.schedules.push(nightlySchedule(5, 'nightly build'));
    const rerun = await allowedRun({ env: startedBy(id) });
    expect(rerun.result.exitCode).toBe(0);
    expect(rerun.lines).toContain(`Removed the re-run schedule ${id} that started this pipeline.`);
    expect(fake.schedules.map((schedule) => schedule.id)).toEqual([5]);

    await allowedRun({ env: startedBy(5) });
    expect(fake.schedules.map((schedule) => schedule.id)).toEqual([5]);
  });

  it.each([
    ['another ref and environment', { CI_COMMIT_REF_NAME: 'feature/x' }, 'staging'],
    ['another environment on the same ref', {}, 'staging'],
    ['another ref with the same environment', { CI_COMMIT_REF_NAME: 'feature/x' }, 'production'],
  ])(
    "DEPLOY_WINDOW_RERUN on %s leaves production's pending re-run alone",
    async (_what, env, environment) => {
      await rescheduling();
      const production = fake.schedules[0];
      const run = await allowedRun({
        options: { environment },
        env: startedBy(String(production?.id), env),
      });
      expect(run.result.exitCode).toBe(0);
      expect(fake.schedules).toEqual([production]);
      expect(fake.requestsTo('DELETE', /pipeline_schedules/)).toEqual([]);
      expect(run.lines.join('\n')).toMatch(/no schedule removed, as it/);
    },
  );

  it('a CI_PIPELINE_SOURCE=schedule pipeline variable removes nothing when GitLab says the pipeline was started by hand', async () => {
    await rescheduling();
    const production = fake.schedules[0];
    const env = startedBy(String(production?.id));
    fake.jobPipelineSource = 'web';
    const run = await allowedRun({ env });
    expect(fake.schedules).toEqual([production]);
    expect(fake.requestsTo('DELETE', /pipeline_schedules/)).toEqual([]);
    expect(run.warnings.join('\n')).toContain(
      'CI_PIPELINE_SOURCE is "schedule", but GitLab says this pipeline\'s source is "web" (a CI/CD variable has replaced CI_PIPELINE_SOURCE): "web" is used.',
    );
  });

  it('a pipeline not started by a schedule removes nothing, even on the same ref and environment', async () => {
    await rescheduling();
    const production = fake.schedules[0];
    const run = await allowedRun({
      env: { CI_PIPELINE_SOURCE: 'web', DEPLOY_WINDOW_RERUN: String(production?.id) },
    });
    expect(fake.schedules).toEqual([production]);
    expect(run.lines.join('\n')).toMatch(/this pipeline was not started by a schedule/);
  });

  it('removes no schedule that lacks its own DEPLOY_WINDOW_RERUN variable, whatever its description', async () => {
    fake.schedules.push(
      nightlySchedule(77, 'deploy-window re-run: environment production on main', [
        { key: 'DEPLOY_WINDOW_RERUN', value: '78', variable_type: 'env_var' },
      ]),
    );
    await allowedRun({ env: startedBy(77) });
    expect(fake.schedules.map((schedule) => schedule.id)).toEqual([77]);
  });

  it('takes a half-made schedule back when its variable cannot be set', async () => {
    fake.failNext('POST', /\/variables$/, 400, 1, { message: 'key is invalid' });
    const run = await rescheduling();
    expect(run.result.exitCode).toBe(1);
    expect(fake.schedules).toEqual([]);
    expect(run.warnings.join('\n')).toMatch(/Could not record the re-run.*variables answered 400/);
  });

  it('without a token warns what is needed and creates nothing', async () => {
    const run = await rescheduling({ noToken: true });
    expect(run.result.exitCode).toBe(1);
    expect(requestsBeyondPolicy(fake)).toEqual([]);
    expect(run.warnings.join('\n')).toMatch(
      /no pipeline schedule created: set DEPLOY_WINDOW_TOKEN/,
    );
  });

  it('mentions the scheduled re-run in the note', async () => {
    await runGitLabGate({
      fake,
      root,
      at: SATURDAY,
      options: { reschedule: true },
      env: { CI_MERGE_REQUEST_IID: '3' },
    });
    expect(fake.notes.get('42!3')?.[0]?.body).toMatch(/Re-run.*2026-11-24T09:00:00.000Z/);
  });
});

describe('cronForInstant', () => {
  it('reads the opening minute in the zone, also across a DST change', () => {
    expect(cronForInstant(Date.parse('2026-03-29T01:00:00.000Z'), 'Europe/Berlin')).toBe(
      '0 3 29 3 *',
    );
    expect(cronForInstant(Date.parse('2026-11-01T06:30:00.000Z'), 'America/New_York')).toBe(
      '30 1 1 11 *',
    );
    expect(cronForInstant(Date.parse('2026-12-31T23:59:00.000Z'), 'UTC')).toBe('59 23 31 12 *');
  });
});

describe('scheduleTiming', () => {
  it('keeps the window zone for an ordinary opening', () => {
    expect(scheduleTiming(Date.parse('2026-11-24T09:00:00.000Z'), 'Europe/Berlin')).toEqual({
      cron: '0 10 24 11 *',
      timezone: 'Europe/Berlin',
    });
  });

  it('schedules an opening in the second, repeated hour of a fall-back in UTC', () => {
    // 01:30 EST on 2026-11-01 follows 01:30 EDT an hour earlier: a zoned cron would fire early.
    expect(scheduleTiming(Date.parse('2026-11-01T06:30:00.000Z'), 'America/New_York')).toEqual({
      cron: '30 6 1 11 *',
      timezone: 'UTC',
    });
    // The first 01:30 (EDT) is fine in the zone.
    expect(
      scheduleTiming(Date.parse('2026-11-01T05:30:00.000Z'), 'America/New_York').timezone,
    ).toBe('America/New_York');
  });
});
