// The gate every platform runs: load config -> decide -> exemptions -> wait | fail | warn
// -> re-run record -> note -> report. Platforms (GitHub, GitLab, Jenkins, local) supply the
// I/O through GatePlatform; the clock and the cancel signal come from the caller.
import { formatIssue } from '../core/config/format.js';
import { decide } from '../core/decide.js';
import { exemptDecision, isExemptUser } from '../core/exempt.js';
import { environmentLabel, explainReason } from '../core/render/describe.js';
import { renderText } from '../core/render/text.js';
import { formatInZone } from '../core/render/zone-time.js';
import type { Config, ConfigIssue, Decision } from '../core/types.js';
import { formatWait } from './format-wait.js';
import type { Clock, GateOptions, GatePlatform, GateResult } from './types.js';

/** How often a waiting gate says how long is left (the spec asks for at least once a minute). */
const WAIT_LOG_INTERVAL_MS = 60_000;

type Evaluation =
  | { ok: true; config: Config; decision: Decision }
  | { ok: false; errors: ConfigIssue[] };

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `Deployment is blocked for production: outside every allow window (...). Next open: ...`. */
function blockedLine(decision: Decision): string {
  const why = explainReason(decision, (name) => `"${name}"`);
  const next = decision.nextOpen
    ? `Next open: ${formatInZone(decision.nextOpen, decision.timezone)} = ${decision.nextOpen}`
    : `No opening within the horizon (${formatWait(decision.horizon * 60_000)})`;
  return `Deployment is blocked for ${environmentLabel(decision.environment)}: ${why} (${decision.reason}). ${next}`;
}

export async function runGate(
  options: GateOptions,
  platform: GatePlatform,
  clock: Clock,
  signal?: AbortSignal,
): Promise<GateResult> {
  const log = platform.log;
  // With a fixed `at`, time still moves on while the gate waits: `at` plus the time slept.
  let sleptMs = 0;
  const instant = () => (options.at === null ? clock.now() : options.at + sleptMs);
  const maxWaitMs = options.maxWait * 60_000;

  async function applyExemptions(config: Config, decision: Decision): Promise<Decision> {
    const actor = options.actor;
    if (decision.allowed || !actor) return decision;
    if (isExemptUser(config.exempt, actor)) {
      log.info(`EXEMPT: ${actor} is listed in exempt.users and may deploy anyway.`);
      return exemptDecision(decision, `user:${actor}`);
    }
    const { teams, codeowners } = config.exempt;
    if (teams.length === 0 && !codeowners) return decision;
    try {
      const result = await log.group(`Exemption look-ups for ${actor}`, () =>
        platform.checkExemption(config.exempt, actor),
      );
      for (const warning of result.warnings) log.warning(warning);
      if (result.exempt) {
        const via = result.via ?? 'exempt';
        log.info(`EXEMPT: ${actor} may deploy anyway (${via}).`);
        return exemptDecision(decision, via);
      }
      log.info(`${actor} is not exempt: the windows decide.`);
    } catch (error) {
      // A look-up that breaks is never an exemption.
      log.warning(`Exemption look-up failed, so ${actor} is not exempt: ${errorText(error)}`);
    }
    return decision;
  }

  async function evaluate(): Promise<Evaluation> {
    const load = await platform.loadConfig();
    if (!load.ok) return { ok: false, errors: load.errors };
    const extraDeny = await platform.extraDeny();
    const decided = decide(load.config, {
      environment: options.environment,
      at: instant(),
      minDuration: options.minDuration,
      horizon: options.horizon,
      extraDeny,
    });
    for (const line of renderText(decided, { now: instant() }).trimEnd().split('\n')) {
      log.info(line);
    }
    const decision = await applyExemptions(load.config, decided);
    return { ok: true, config: load.config, decision };
  }

  async function finish(result: GateResult): Promise<GateResult> {
    await platform.report(result);
    return result;
  }

  async function invalidConfig(errors: ConfigIssue[]): Promise<GateResult> {
    log.error(
      `The window config is invalid (${errors.length} problem${errors.length === 1 ? '' : 's'}); the gate stays closed in every mode:`,
    );
    for (const issue of errors) log.error(formatIssue(issue));
    return finish({ exitCode: 2, decision: null, errors, noteUrl: null, cancelled: false });
  }

  async function publish(
    decision: Decision,
    event: 'blocked' | 'allowed' | 'wait-cancelled',
  ): Promise<string | null> {
    if (!options.comment) return null;
    try {
      return (await platform.publishNote(decision, event)).url;
    } catch (error) {
      // The note informs; failing to write it does not change the decision.
      log.warning(`Could not write the "Deployment is blocked" note: ${errorText(error)}`);
      return null;
    }
  }

  /** Sleeps until `opening` (in the gate's time), saying how long is left each minute. */
  async function waitUntil(opening: number, label: string): Promise<boolean> {
    for (;;) {
      const remaining = opening - instant();
      if (remaining <= 0) return true;
      log.info(`Waiting for the window to open at ${label}: ${formatWait(remaining)} left.`);
      const before = clock.now();
      const completed = await clock.sleep(Math.min(remaining, WAIT_LOG_INTERVAL_MS), signal);
      sleptMs += clock.now() - before;
      if (!completed || signal?.aborted) return false;
    }
  }

  let evaluation = await evaluate();
  if (!evaluation.ok) return invalidConfig(evaluation.errors);
  let decision = evaluation.decision;
  let noteUrl: string | null = null;
  let failure: string | null = null;

  if (options.mode === 'wait') {
    while (!decision.allowed) {
      if (decision.nextOpen === null) {
        failure = `no opening within the horizon (${formatWait(options.horizon * 60_000)}), so there is nothing to wait for`;
        break;
      }
      const opening = Date.parse(decision.nextOpen);
      const needed = opening - instant();
      const budget = maxWaitMs - sleptMs;
      if (needed > budget) {
        failure = `the next opening (${decision.nextOpen}) is ${formatWait(needed)} away, beyond max-wait (${formatWait(maxWaitMs)}${sleptMs > 0 ? `, ${formatWait(Math.max(0, budget))} of it left` : ''}); failing now instead of waiting`;
        break;
      }
      // Say why the job is waiting before it sleeps.
      noteUrl = (await publish(decision, 'blocked')) ?? noteUrl;
      const completed = await waitUntil(opening, decision.nextOpen);
      if (!completed) {
        log.error(
          `The wait for the window was cancelled; the deployment did not run (it opens at ${decision.nextOpen}).`,
        );
        noteUrl = (await publish(decision, 'wait-cancelled')) ?? noteUrl;
        return finish({ exitCode: 1, decision, errors: [], noteUrl, cancelled: true });
      }
      log.info('The wait is over: checking the config and the windows again.');
      evaluation = await evaluate();
      if (!evaluation.ok) return invalidConfig(evaluation.errors);
      decision = evaluation.decision;
    }
  }

  if (!decision.allowed && options.reschedule) {
    if (decision.nextOpen === null) {
      log.warning('No re-run recorded: there is no opening within the horizon.');
    } else {
      try {
        await platform.reschedule(decision);
      } catch (error) {
        log.warning(`Could not record the re-run at ${decision.nextOpen}: ${errorText(error)}`);
      }
    }
  }

  if (decision.allowed && options.reschedule && platform.retireReschedules) {
    try {
      await platform.retireReschedules(decision);
    } catch (error) {
      log.warning(`Could not retire pending re-runs: ${errorText(error)}`);
    }
  }

  noteUrl = (await publish(decision, decision.allowed ? 'allowed' : 'blocked')) ?? noteUrl;

  if (decision.allowed) {
    return finish({ exitCode: 0, decision, errors: [], noteUrl, cancelled: false });
  }
  const summary = blockedLine(decision);
  if (options.mode === 'warn') {
    log.warning(`${summary}. Mode warn: the job continues.`);
    return finish({ exitCode: 0, decision, errors: [], noteUrl, cancelled: false });
  }
  log.error(failure ? `${summary}. Not waiting: ${failure}.` : `${summary}.`);
  return finish({ exitCode: 1, decision, errors: [], noteUrl, cancelled: false });
}
