// Re-run at the opening: a pipeline schedule whose cron is the opening minute in the window's
// zone, carrying DEPLOY_WINDOW_RERUN=<its id>. One per environment and ref (a newer one replaces
// the older); the pipeline it starts removes it again (removeRerunSchedule). A re-run or a
// replacement only ever touches the schedule of this project, ref and environment.
import type { Decision, EpochMs } from '../core/types.js';
import { GitLabApiError, type GitLabClient } from './client.js';
import { sourceBranchOf } from './confirmed-facts.js';
import { type GitLabFacts, projectPathId } from './facts.js';

export const RERUN_VARIABLE = 'DEPLOY_WINDOW_RERUN';
const DESCRIPTION_PREFIX = 'deploy-window re-run';

interface PipelineSchedule {
  id: number;
  description: string;
  ref: string;
  cron: string;
  cron_timezone: string;
  /** Present on `GET /pipeline_schedules/:id`. */
  variables?: { key?: unknown; value?: unknown }[];
}

/** The description is also the key that finds this environment and ref's schedule again. */
export function scheduleDescription(environment: string | null, ref: string): string {
  return `${DESCRIPTION_PREFIX}: environment ${environment ?? '*'} on ${ref}`;
}

/** A cron expression that matches the minute of `instant` in `zone` (it recurs yearly; it is removed once run). */
export function cronForInstant(instant: EpochMs, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((candidate) => candidate.type === type)?.value);
  return `${part('minute')} ${part('hour')} ${part('day')} ${part('month')} *`;
}

/**
 * The schedule's cron and zone for an opening. In the window's zone, unless that local minute
 * also occurred earlier (the repeated hour when clocks fall back): GitLab would fire at the first
 * one, before the opening, so such an opening is scheduled in UTC.
 */
export function scheduleTiming(instant: EpochMs, zone: string): { cron: string; timezone: string } {
  const cron = cronForInstant(instant, zone);
  for (let minutesBack = 15; minutesBack <= 180; minutesBack += 15) {
    if (cronForInstant(instant - minutesBack * 60_000, zone) === cron) {
      return { cron: cronForInstant(instant, 'UTC'), timezone: 'UTC' };
    }
  }
  return { cron, timezone: zone };
}

export interface ScheduleTarget {
  client: GitLabClient;
  facts: GitLabFacts;
}

export interface ScheduledRerun {
  scheduleId: number;
  cron: string;
  timezone: string;
  ref: string;
  replaced: number[];
}

export async function scheduleRerun(
  target: ScheduleTarget,
  decision: Decision,
): Promise<ScheduledRerun> {
  const { client, facts } = target;
  if (decision.nextOpen === null) throw new Error('there is no opening to schedule a re-run for');
  if (!facts.projectId) throw new Error('CI_PROJECT_ID is not set');
  const project = projectPathId(facts.projectId);
  const ref = await refToRerun(client, facts, project);
  const { cron, timezone } = scheduleTiming(decision.nextOpen, decision.timezone);
  const description = scheduleDescription(decision.environment, ref);

  const created = await client.post<PipelineSchedule>(`/projects/${project}/pipeline_schedules`, {
    description,
    ref,
    cron,
    cron_timezone: timezone,
    active: true,
  });
  try {
    await client.post(`/projects/${project}/pipeline_schedules/${created.id}/variables`, {
      key: RERUN_VARIABLE,
      value: String(created.id),
      variable_type: 'env_var',
    });
  } catch (error) {
    // A schedule without its variable would re-run and never be cleaned up: take it back.
    await client.delete(`/projects/${project}/pipeline_schedules/${created.id}`).catch(() => {});
    throw error;
  }

  // Replace older ones only once the new one is complete, so a failure never leaves none.
  const existing = await client.getAll<PipelineSchedule>(`/projects/${project}/pipeline_schedules`);
  const replaced: number[] = [];
  for (const schedule of existing) {
    if (
      schedule.id !== created.id &&
      schedule.description === description &&
      schedule.ref === ref
    ) {
      await deleteIgnoringGone(client, `/projects/${project}/pipeline_schedules/${schedule.id}`);
      replaced.push(schedule.id);
    }
  }
  return { scheduleId: created.id, cron, timezone, ref, replaced };
}

/**
 * The branch a re-run runs on: the job's, as GET /job confirmed it (confirmed-facts.ts). In a
 * merge request pipeline GET /job names the merge request instead, and CI_COMMIT_REF_NAME is a
 * variable anyone who may set pipeline variables can replace, so the merge request is asked for
 * its source branch.
 */
async function refToRerun(
  client: GitLabClient,
  facts: GitLabFacts,
  project: string,
): Promise<string> {
  if (facts.refConfirmed || facts.mergeRequestIid === null) {
    if (!facts.refName) {
      throw new Error('CI_COMMIT_REF_NAME is not set, so there is no ref to re-run');
    }
    return facts.refName;
  }
  return sourceBranchOf(client, project, facts.mergeRequestIid);
}

async function deleteIgnoringGone(client: GitLabClient, endpoint: string): Promise<void> {
  try {
    await client.delete(endpoint);
  } catch (error) {
    if (!(error instanceof GitLabApiError && error.status === 404)) throw error;
  }
}

export type RerunRemoval = { removed: true } | { removed: false; why: string };

/**
 * The pipeline a re-run schedule started removes that schedule. The id comes from a variable
 * anyone who can run a pipeline could set, so the schedule is removed only when this pipeline
 * was started by a schedule (CI_PIPELINE_SOURCE=schedule) and the schedule is deploy-window's
 * own for this project, this ref and this environment, carrying DEPLOY_WINDOW_RERUN=<its id>.
 */
export async function removeRerunSchedule(
  target: ScheduleTarget,
  scheduleId: string,
  environment: string | null,
): Promise<RerunRemoval> {
  const { client, facts } = target;
  if (!isScheduleId(scheduleId)) return { removed: false, why: 'it is not a schedule id' };
  if (facts.pipelineSource !== 'schedule') {
    return { removed: false, why: 'this pipeline was not started by a schedule' };
  }
  if (!facts.projectId || !facts.refName) {
    return { removed: false, why: 'CI_PROJECT_ID or CI_COMMIT_REF_NAME is not set' };
  }
  const endpoint = `/projects/${projectPathId(facts.projectId)}/pipeline_schedules/${scheduleId}`;
  let schedule: PipelineSchedule;
  try {
    schedule = await client.get<PipelineSchedule>(endpoint);
  } catch (error) {
    if (error instanceof GitLabApiError && error.status === 404) {
      return { removed: false, why: 'there is no such schedule in this project' };
    }
    throw error;
  }
  if (!schedule || typeof schedule !== 'object') {
    return { removed: false, why: 'GitLab answered no schedule' };
  }
  if (schedule.ref !== facts.refName) {
    return { removed: false, why: `it runs another ref than ${facts.refName}` };
  }
  if (schedule.description !== scheduleDescription(environment, facts.refName)) {
    return {
      removed: false,
      why: `it is not deploy-window's re-run of environment ${environment ?? '*'} on ${facts.refName}`,
    };
  }
  const variables = Array.isArray(schedule.variables) ? schedule.variables : [];
  if (
    !variables.some((variable) => variable.key === RERUN_VARIABLE && variable.value === scheduleId)
  ) {
    return { removed: false, why: `it does not carry ${RERUN_VARIABLE}=${scheduleId}` };
  }
  await deleteIgnoringGone(client, endpoint);
  return { removed: true };
}

/** Is the text a pipeline schedule's id as GitLab writes it (DEPLOY_WINDOW_RERUN's form)? */
export function isScheduleId(text: string): boolean {
  return /^\d{1,18}$/.test(text);
}
