// The gate every platform runs: load config -> decide -> exemptions -> wait | fail | warn
// -> re-run record -> note -> report. Platforms (GitHub, GitLab, Jenkins, local) supply the
// I/O through GatePlatform; the clock and the cancel signal come from the caller.
import { formatIssue } from '../core/config/format.js';
import { decideLayers } from '../core/decide.js';
import { errorMessage } from '../core/errors.js';
import { isExemptUser } from '../core/exempt.js';
import { decideForActor } from '../core/layered-override.js';
import { environmentLabel, explainReason } from '../core/render/describe.js';
import { quotedName } from '../core/render/escape.js';
import { TIMELINE_UPCOMING_COUNT } from '../core/render/markdown.js';
import { overrideText } from '../core/render/override.js';
import { renderText } from '../core/render/text.js';
import { formatInZone } from '../core/render/zone-time.js';
import { formatInstant } from '../core/time/instant.js';
import type { Config, ConfigIssue, Decision, ExemptConfig } from '../core/types.js';
import type { Notification } from '../node/notify.js';
import {
  createPolicySourceCache,
  type ResolvedLayer,
  resolvePolicyLayers,
} from '../node/policy-sources.js';
import { formatWait } from './format-wait.js';
import type { Clock, GateOptions, GatePlatform, GateResult, NoteEvent } from './types.js';

/** How often a waiting gate says how long is left (at least once a minute: docs/cli.md, "gate"). */
const WAIT_LOG_INTERVAL_MS = 60_000;

type Evaluation =
  | { ok: true; config: Config; layers: ResolvedLayer[]; decision: Decision }
  | { ok: false; errors: ConfigIssue[] };

function isLayerList(value: ResolvedLayer[] | ConfigIssue[]): value is ResolvedLayer[] {
  return value.length === 0 || 'config' in (value[0] as object);
}

/**
 * Whose exemption a note names: the outermost layer that blocks (a repository's own exempt
 * people cannot pass an org freeze, so the note must not offer them), else the file's own.
 */
function exemptionsShown(layers: readonly ResolvedLayer[], decision: Decision): ExemptConfig {
  const blocking = layers.find((_, index) => decision.layers?.[index]?.allowed === false);
  return (blocking ?? layers.at(-1))?.config.exempt ?? { users: [], teams: [], codeowners: null };
}

function hasExemptions(exempt: ExemptConfig): boolean {
  return exempt.users.length > 0 || exempt.teams.length > 0 || exempt.codeowners !== null;
}

/**
 * `Deployment is blocked for production: outside every allow window (...); next open: ...`,
 * one sentence in the words of the Jenkins step's contract (docs/jenkins.md).
 */
function blockedLine(decision: Decision): string {
  const why = explainReason(decision, quotedName);
  const next =
    decision.nextOpen !== null
      ? `next open: ${formatInZone(decision.nextOpen, decision.timezone)} = ${formatInstant(decision.nextOpen)}`
      : `no opening within the horizon (${formatWait(decision.horizon * 60_000)})`;
  return `Deployment is blocked for ${environmentLabel(decision.environment)}: ${why} (${decision.reason}); ${next}`;
}

const withoutFullStop = (text: string) => text.replace(/\.$/, '');

export async function runGate(
  options: GateOptions,
  platform: GatePlatform,
  clock: Clock,
  signal?: AbortSignal,
): Promise<GateResult> {
  const log = platform.log;
  // With a fixed `at`, time still moves on while the gate waits: `at` plus the time slept.
  let sleptMs = options.waitedMs ?? 0;
  const instant = () => (options.at === null ? clock.now() : options.at + sleptMs);
  const maxWaitMs = options.maxWait * 60_000;
  /** When the re-run this run recorded runs: the note and the report say so. */
  let rerunAt: string | null = null;
  /** The actor the platform names when the caller named nobody (asked at most once). */
  let platformActor: Promise<string | null> | null = null;
  /** An exempt actor without the reason a layer requires: how to give one (said at the end too). */
  let reasonHowTo: string | null = null;
  /** Each extended source is read once per run, however often the gate decides again. */
  const cache = createPolicySourceCache();

  /** Who is judged for exemption: the caller's actor, else the platform's (GitLab: GET /job). */
  function judgedActor(layers: readonly ResolvedLayer[]): Promise<string | null> {
    if (options.actor !== null) return Promise.resolve(options.actor);
    const anyoneExempt = layers.some(({ config: { exempt } }) => hasExemptions(exempt));
    if (!platform.resolveActor || !anyoneExempt) return Promise.resolve(null);
    platformActor ??= platform.resolveActor();
    return platformActor;
  }

  /** How `actor` is exempt by one layer's own `exempt` (`user:alice`); null: not exempt there. */
  async function exemptionIn(
    layer: ResolvedLayer,
    actor: string,
    named: boolean,
  ): Promise<string | null> {
    const { exempt } = layer.config;
    if (isExemptUser(exempt, actor)) return `user:${actor}`;
    if (exempt.teams.length === 0 && !exempt.codeowners) return null;
    try {
      const result = await log.group(
        `Exemption look-ups for ${actor}${named ? ` (${layer.source})` : ''}`,
        () => platform.checkExemption(exempt, actor, layer.files),
      );
      for (const warning of result.warnings) log.warning(warning);
      return result.exempt ? (result.via ?? 'exempt') : null;
    } catch (error) {
      // A look-up that breaks is never an exemption.
      log.warning(`Exemption look-up failed, so ${actor} is not exempt: ${errorMessage(error)}`);
      return null;
    }
  }

  /**
   * How the actor is exempt, layer by layer. Blocked: every blocking layer is asked (only they
   * can let the run through). Allowed: the layers are asked in turn until one exempts, for the
   * decision's `reason: "exempt"` (docs/engine.md); the windows let the run through anyway.
   */
  async function exemptionsByLayer(
    layers: readonly ResolvedLayer[],
    decision: Decision,
    actor: string,
  ): Promise<(string | null)[]> {
    const verdicts = decision.layers ?? [];
    const exemptBy: (string | null)[] = [];
    for (const [index, layer] of layers.entries()) {
      const ask = decision.allowed
        ? exemptBy.every((way) => way === null)
        : verdicts[index]?.allowed !== true;
      exemptBy.push(ask ? await exemptionIn(layer, actor, layers.length > 1) : null);
    }
    return exemptBy;
  }

  /**
   * Exemptions layer by layer (docs/organisation.md): the actor passes only when every
   * blocking layer exempts them. Passing outside the windows is an override
   * (docs/overrides.md): recorded, and refused without a reason where a layer requires one.
   */
  async function applyExemptions(
    layers: readonly ResolvedLayer[],
    decision: Decision,
  ): Promise<Decision> {
    const actor = await judgedActor(layers);
    if (!actor) return decision;
    const exemptBy = await exemptionsByLayer(layers, decision, actor);
    const outcome = decideForActor(
      decision,
      layers.map((layer, index) => ({
        source: layer.source,
        requireReason: layer.config.exempt.requireReason ?? false,
        exemptBy: exemptBy[index] ?? null,
      })),
      { actor, reason: options.reason, face: platform.name },
    );
    if (outcome.kind === 'blocked') {
      for (const warning of outcome.decision.warnings.slice(decision.warnings.length)) {
        log.warning(warning);
      }
      if (exemptBy.every((way) => way === null)) {
        log.info(`${actor} is not exempt: the windows decide.`);
      }
      return outcome.decision;
    }
    if (outcome.kind === 'reason-required') {
      log.error(outcome.howTo);
      reasonHowTo = outcome.howTo;
      return outcome.decision;
    }
    if (outcome.kind === 'none' && outcome.decision.exempt) {
      log.info(
        `${actor} is exempt (${outcome.decision.exemptBy}); the windows allow this run too.`,
      );
    }
    if (outcome.kind === 'override') {
      log.info(`EXEMPT: ${actor} may deploy anyway (${outcome.decision.exemptBy}).`);
      const text = overrideText(outcome.decision);
      if (text) log.warning(text);
    }
    return outcome.decision;
  }

  /** The config's layers: the files it extends (outermost first), then itself. */
  async function layersOf(config: Config): Promise<ResolvedLayer[] | ConfigIssue[]> {
    const own: ResolvedLayer = { source: config.file, config, origin: null, files: null };
    if ((config.extends ?? []).length === 0) return [own];
    if (!platform.policySources) {
      return [
        {
          file: config.file,
          line: 1,
          column: 1,
          path: 'extends',
          message: `extends is not supported by the ${platform.name} gate`,
        },
      ];
    }
    const resolved = await resolvePolicyLayers(config, { ...platform.policySources(), cache });
    if ('errors' in resolved) return resolved.errors;
    for (const warning of resolved.warnings) log.warning(formatIssue(warning));
    return resolved.layers;
  }

  async function evaluate(): Promise<Evaluation> {
    const load = await platform.loadConfig();
    if (!load.ok) return { ok: false, errors: load.errors };
    const layers = await layersOf(load.config);
    if (!isLayerList(layers)) return { ok: false, errors: layers };
    const extraDeny = await platform.extraDeny();
    const decided = decideLayers(layers, {
      environment: options.environment,
      at: instant(),
      minDuration: options.minDuration,
      horizon: options.horizon,
      extraDeny,
      // Enough open periods for the timeline of the next days in notes and summaries.
      upcomingCount: TIMELINE_UPCOMING_COUNT,
    });
    for (const line of renderText(decided, { now: instant() }).trimEnd().split('\n')) {
      log.info(line);
    }
    const decision = await applyExemptions(layers, decided);
    return { ok: true, config: load.config, layers, decision };
  }

  /** Every layer's notify targets get the event (an org policy notifies the org's channel). */
  async function notify(layers: readonly ResolvedLayer[], notification: Notification) {
    if (!platform.notify) return;
    const targets = layers.flatMap((layer) => layer.config.notify ?? []);
    if (!targets.some((target) => target.on.includes(notification.event))) return;
    for (const warning of await platform.notify(targets, notification)) log.warning(warning);
  }

  async function finish(outcome: GateResult): Promise<GateResult> {
    const result = { ...outcome, rerunAt };
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
    event: NoteEvent,
    layers: readonly ResolvedLayer[],
  ): Promise<string | null> {
    if (!options.comment) return null;
    try {
      const exemptions = exemptionsShown(layers, decision);
      return (await platform.publishNote(decision, event, { exemptions, rerunAt })).url;
    } catch (error) {
      // The note informs; failing to write it does not change the decision.
      log.warning(`Could not write the "Deployment is blocked" note: ${errorMessage(error)}`);
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
      const opening = decision.nextOpen;
      const openingText = formatInstant(opening);
      const needed = opening - instant();
      const budget = maxWaitMs - sleptMs;
      if (needed > budget) {
        failure = `the next opening (${openingText}) is ${formatWait(needed)} away, beyond max-wait (${formatWait(maxWaitMs)}${sleptMs > 0 ? `, ${formatWait(Math.max(0, budget))} of it left` : ''}); failing now instead of waiting`;
        break;
      }
      // Say why the job is waiting before it sleeps.
      noteUrl = (await publish(decision, 'blocked', evaluation.layers)) ?? noteUrl;
      if (options.deferWait) {
        log.info(
          `Blocked until ${openingText}: waiting ${formatWait(needed)}, then deciding again.`,
        );
        return finish({
          exitCode: 1,
          decision,
          errors: [],
          noteUrl,
          cancelled: false,
          waitMs: needed,
        });
      }
      const completed = await waitUntil(opening, openingText);
      if (!completed) {
        log.error(
          `The wait for the window was cancelled; the deployment did not run (it opens at ${openingText}).`,
        );
        noteUrl = (await publish(decision, 'wait-cancelled', evaluation.layers)) ?? noteUrl;
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
        ({ rerunAt } = await platform.reschedule(decision));
      } catch (error) {
        log.warning(
          `Could not record the re-run at ${formatInstant(decision.nextOpen)}: ${errorMessage(error)}`,
        );
      }
    }
  }

  if (decision.allowed && options.reschedule && platform.retireReschedules) {
    try {
      await platform.retireReschedules(decision);
    } catch (error) {
      log.warning(`Could not retire pending re-runs: ${errorMessage(error)}`);
    }
  }

  const event = decision.allowed ? 'allowed' : 'blocked';
  noteUrl = (await publish(decision, event, evaluation.layers)) ?? noteUrl;
  if (decision.override) await notify(evaluation.layers, { event: 'override', decision });
  else if (!decision.allowed) await notify(evaluation.layers, { event: 'blocked', decision });

  if (decision.allowed) {
    return finish({ exitCode: 0, decision, errors: [], noteUrl, cancelled: false });
  }
  // Each part its own sentence; the how-to ends with a full stop of its own.
  const summary = reasonHowTo
    ? `${blockedLine(decision)}. ${withoutFullStop(reasonHowTo)}`
    : blockedLine(decision);
  if (options.mode === 'warn') {
    const blockedSummary = `${summary}. Mode warn: the job continues.`;
    log.warning(blockedSummary);
    return finish({ exitCode: 0, decision, errors: [], noteUrl, cancelled: false, blockedSummary });
  }
  const blockedSummary = failure ? `${summary}. Not waiting: ${failure}.` : `${summary}.`;
  log.error(blockedSummary);
  return finish({ exitCode: 1, decision, errors: [], noteUrl, cancelled: false, blockedSummary });
}
