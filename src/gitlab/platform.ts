// GatePlatform for GitLab CI: `deploy-window gate --platform gitlab` (the include template).
// Facts come from GitLab's predefined variables, the token from DEPLOY_WINDOW_TOKEN (never
// printed). Without a token everything that needs the API is a warning, never an exemption.
import { writeFileSync } from 'node:fs';
import { formatIssue } from '../core/config/format.js';
import { renderJson } from '../core/render/json.js';
import { renderMarkdown } from '../core/render/markdown.js';
import type { Config, Decision, ExemptConfig, ExtraDeny } from '../core/types.js';
import type {
  ConfigLoad,
  ExemptionResult,
  GatePlatform,
  GateResult,
  NoteResult,
  PlatformContext,
} from '../gate/types.js';
import { readConfigFile } from '../node/config-file.js';
import { GitLabClient } from './client.js';
import { writeDotenv } from './dotenv.js';
import { checkGitLabExemption } from './exemption.js';
import { type GitLabFacts, readGitLabFacts, TOKEN_HELP } from './facts.js';
import { deployFreezeDeny } from './freeze.js';
import { gitlabLogger } from './log.js';
import { publishGitLabNote } from './notes.js';
import { removeRerunSchedule, scheduleRerun } from './schedules.js';

const NO_EXEMPTIONS: ExemptConfig = { users: [], teams: [], codeowners: null };

export interface GitLabPlatformOverrides {
  /** Tests: a fetch to use, and backoff without real sleeping. */
  fetch?: typeof fetch;
  retryDelayMs?: number;
  /** Where collapsible section lines go (default: stdout). */
  write?: (text: string) => void;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createGitLabClient(
  facts: GitLabFacts,
  overrides: GitLabPlatformOverrides = {},
): GitLabClient | null {
  if (!facts.token || !facts.apiUrl) return null;
  return new GitLabClient({
    apiUrl: facts.apiUrl,
    token: facts.token,
    fetch: overrides.fetch,
    baseDelayMs: overrides.retryDelayMs,
  });
}

export async function createGitLabPlatform(
  ctx: PlatformContext,
  overrides: GitLabPlatformOverrides = {},
): Promise<GatePlatform> {
  const { options, workspace } = ctx;
  const facts = readGitLabFacts(ctx.env);
  const log = gitlabLogger(ctx.log, overrides.write);
  const client = createGitLabClient(facts, overrides);
  // The actor judged for exemption: --actor, else who started the pipeline.
  if (options.actor === null && facts.userLogin) options.actor = facts.userLogin;

  let config: Config | null = null;
  let freeze: Promise<ExtraDeny[]> | null = null;
  let rerunAt: string | null = null;

  const missing = (what: string): string =>
    !facts.token
      ? `${what}: ${TOKEN_HELP}`
      : `${what}: CI_API_V4_URL is not set (is this a GitLab CI job?)`;

  return {
    name: 'gitlab',
    log,

    async loadConfig(): Promise<ConfigLoad> {
      const result = await readConfigFile(options.configPath || null, workspace);
      if (!result.ok) return result;
      for (const warning of result.warnings) log.warning(formatIssue(warning));
      config = result.config;
      return { ok: true, config: result.config };
    },

    extraDeny(): Promise<ExtraDeny[]> {
      // CI_DEPLOY_FREEZE describes the job's start: judge it once, at the gate's first instant,
      // so that after a wait the freeze's known end lies behind us.
      freeze ??= deployFreezeDeny(
        { client, facts, warn: (line) => log.warning(line), horizonMinutes: options.horizon },
        options.at ?? Date.now(),
      );
      return freeze;
    },

    async checkExemption(exempt: ExemptConfig, actor: string): Promise<ExemptionResult> {
      return checkGitLabExemption(
        { client, facts, workspace, info: (line) => log.info(line) },
        exempt,
        actor,
      );
    },

    async publishNote(decision: Decision, event): Promise<NoteResult> {
      if (!client) {
        if (event !== 'allowed')
          log.warning(missing('No note written on the merge request or commit'));
        return { url: null };
      }
      const result = await publishGitLabNote({ client, facts }, decision, event, (marker) =>
        renderMarkdown(decision, {
          event,
          exemptions: config?.exempt ?? NO_EXEMPTIONS,
          rerunAt,
          marker,
        }),
      );
      if (result.url) log.info(`Note (${event}): ${result.url}`);
      return result;
    },

    async reschedule(decision: Decision): Promise<void> {
      if (!client) throw new Error(missing('no pipeline schedule created'));
      const scheduled = await scheduleRerun({ client, facts }, decision);
      rerunAt = decision.nextOpen;
      log.info(
        `Re-run scheduled: pipeline schedule ${scheduled.scheduleId} runs ${scheduled.ref} at "${scheduled.cron}" (${scheduled.timezone}), the opening ${decision.nextOpen}.`,
      );
      if (scheduled.replaced.length > 0) {
        log.info(
          `It replaces schedule ${scheduled.replaced.join(', ')} for the same environment and ref.`,
        );
      }
    },

    async report(result: GateResult): Promise<void> {
      if (facts.rerunScheduleId) {
        if (!client) {
          log.warning(
            missing(
              `The re-run schedule ${facts.rerunScheduleId} that started this pipeline stays`,
            ),
          );
        } else {
          try {
            if (await removeRerunSchedule({ client, facts }, facts.rerunScheduleId)) {
              log.info(
                `Removed the re-run schedule ${facts.rerunScheduleId} that started this pipeline.`,
              );
            }
          } catch (error) {
            log.warning(
              `Could not remove the re-run schedule ${facts.rerunScheduleId}: ${errorText(error)}`,
            );
          }
        }
      }
      if (ctx.outputFile) {
        try {
          if (result.decision) writeFileSync(ctx.outputFile, renderJson(result.decision), 'utf8');
          const path = writeDotenv(ctx.outputFile, result);
          log.info(`Wrote ${path} (artifacts:reports:dotenv).`);
        } catch (error) {
          log.warning(
            `Could not write ${ctx.outputFile} and its dotenv report: ${errorText(error)}`,
          );
        }
      }
    },
  };
}
