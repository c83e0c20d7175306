// `deploy-window gate`: the CI gate (docs/cli.md). Parses flags into GateOptions, picks the
// platform, runs the shared gate with a cancel signal wired to SIGINT/SIGTERM, writes --output
// (the decision plus what a caller such as the Jenkins step acts on), and exits with the
// gate's status.
import { resolve } from 'node:path';
import { formatIssue } from '../../core/config/format.js';
import { DEFAULT_HORIZON_MINUTES } from '../../core/decide.js';
import { jsonDocument, logLines, visibleControls } from '../../core/render/escape.js';
import { orderedDecision } from '../../core/render/json.js';
import { overrideText } from '../../core/render/override.js';
import { formatInstant } from '../../core/time/instant.js';
import { systemClock } from '../../gate/clock.js';
import { runGate } from '../../gate/run-gate.js';
import type {
  GateOptions,
  GatePlatform,
  GateResult,
  PlatformContext,
  PlatformName,
} from '../../gate/types.js';
import { createGitHubPlatform } from '../../github/platform.js';
import { createGitLabPlatform } from '../../gitlab/platform.js';
import { createJenkinsLogger } from '../../jenkins/logger.js';
import { createJenkinsPlatform } from '../../jenkins/platform.js';
import { CommandFlags, type FlagSpecs } from '../args.js';
import { consoleLogger } from '../console-logger.js';
import { detectPlatform } from '../detect-platform.js';
import type { CliIo, ExitCode } from '../io.js';
import { createLocalPlatform } from '../local-platform.js';
import { writeOutputFlag } from '../output-flag.js';
import { tokensFromEnvironment } from '../platform-tokens.js';
import { policyRefFlag } from '../policy-config.js';
import { policyTokenFlag } from '../policy-token-flag.js';
import { UsageError } from '../usage-error.js';

export const GATE_FLAGS: FlagSpecs = {
  platform: { type: 'string' },
  config: { type: 'string' },
  'policy-ref': { type: 'string' },
  environment: { type: 'string' },
  at: { type: 'string' },
  mode: { type: 'string' },
  'defer-wait': { type: 'boolean' },
  waited: { type: 'string' },
  'max-wait': { type: 'string' },
  'min-duration': { type: 'string' },
  horizon: { type: 'string' },
  comment: { type: 'boolean' },
  'no-comment': { type: 'boolean' },
  reschedule: { type: 'boolean' },
  actor: { type: 'string' },
  reason: { type: 'string' },
  'policy-token-env': { type: 'string' },
  output: { type: 'string' },
};

const PLATFORMS = ['github', 'gitlab', 'jenkins', 'local'] as const;
const DEFAULT_MAX_WAIT = 60;
/** `--waited`: at most ten years, in seconds. */
const MAX_WAITED_SECONDS = 10 * 366 * 86_400;

/** `--waited SECONDS`: time the caller already waited (--defer-wait), a whole number. */
function waitedFlag(flags: CommandFlags): number {
  return flags.parsed(
    'waited',
    0,
    (value) => {
      const seconds = /^\d{1,10}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
      return seconds <= MAX_WAITED_SECONDS ? seconds * 1000 : null;
    },
    () => `whole seconds from 0 to ${MAX_WAITED_SECONDS}`,
  );
}

export interface GateInvocation {
  options: GateOptions;
  outputFile: string | null;
  /** `--policy-token-env NAME` (GitLab): the variable holding the token that reads policy projects. */
  policyTokenVariable: string | null;
}

export function parseGateArgs(argv: string[], env: CliIo['env']): GateInvocation {
  const flags = new CommandFlags('gate', argv, GATE_FLAGS);
  if (flags.on('comment') && flags.on('no-comment')) {
    throw new UsageError('--comment and --no-comment contradict each other; give one', 'gate');
  }
  const platform = flags.choice<PlatformName>('platform', PLATFORMS, detectPlatform(env));
  return {
    options: {
      platform,
      configPath: flags.text('config') ?? '',
      policyRef: policyRefFlag('gate', flags.text('policy-ref')),
      environment: flags.text('environment'),
      at: flags.instant('at'),
      mode: flags.choice('mode', ['fail', 'wait', 'warn'] as const, 'fail'),
      maxWait: flags.duration('max-wait', DEFAULT_MAX_WAIT),
      minDuration: flags.duration('min-duration', 0),
      horizon: flags.duration('horizon', DEFAULT_HORIZON_MINUTES),
      comment: !flags.on('no-comment'),
      reschedule: flags.on('reschedule'),
      actor: flags.text('actor'),
      reason: flags.text('reason'),
      deferWait: flags.on('defer-wait'),
      waitedMs: waitedFlag(flags),
    },
    outputFile: flags.string('output'),
    policyTokenVariable: policyTokenFlag(flags, platform, 'gate'),
  };
}

type PlatformFactory = (ctx: PlatformContext) => Promise<GatePlatform>;

/**
 * The platforms are imported statically: this command's bundle (dist/cli/gate.js) is then one
 * scope-hoisted file. Imported lazily, each platform's module and every engine module it shares
 * with the command stayed modules of their own, and the gate started 10-15 ms later
 * (docs/performance.md, "One bundle per command"). Octokit stays out (octokit.cjs, on the
 * first API call).
 */
async function platformFactory(
  name: PlatformName,
  invocation: GateInvocation,
  io: CliIo,
): Promise<PlatformFactory> {
  switch (name) {
    case 'github':
      return createGitHubPlatform;
    case 'gitlab': {
      const { policyTokenVariable } = invocation;
      return (ctx) => createGitLabPlatform(ctx, { policyTokenVariable });
    }
    case 'jenkins': {
      // Jenkins' console has its own line format (ERROR: ..., -- group), written through io.
      const log = createJenkinsLogger({
        out: (line) => io.stdout(`${line}\n`),
        err: (line) => io.stderr(`${line}\n`),
      });
      return (ctx) => createJenkinsPlatform(ctx, log);
    }
    case 'local':
      return async (ctx) => createLocalPlatform(ctx);
  }
}

/** What the run comes to for a caller that acts on it (docs/cli.md, "gate --output"). */
export type GateOutcome = 'allowed' | 'warn' | 'blocked' | 'wait' | 'invalid';

export function gateOutcome(result: GateResult, exitCode: ExitCode): GateOutcome {
  if (exitCode === 2 || result.decision === null) return 'invalid';
  if (result.waitMs !== undefined && exitCode === 1 && !result.cancelled) return 'wait';
  if (result.decision.allowed && exitCode === 0) return 'allowed';
  return exitCode === 0 ? 'warn' : 'blocked';
}

/**
 * The one message for the outcome: what a build step shows when it stops or goes UNSTABLE (the
 * Jenkins step prints it as it is), so its lines show control characters as `\u001b`, and every
 * line after the first is indented: a config's message of several lines cannot print a line
 * that passes for the console's own (`ERROR: ...`, `Finished: SUCCESS`).
 */
function outcomeSummary(result: GateResult, outcome: GateOutcome): string | null {
  const text = outcomeText(result, outcome);
  if (text === null) return null;
  return logLines(text, 'plain')
    .map((line, index) => (index === 0 || line === '' ? line : `  ${line}`))
    .join('\n');
}

function outcomeText(result: GateResult, outcome: GateOutcome): string | null {
  const { decision } = result;
  if (outcome === 'invalid') {
    const count = result.errors.length;
    return [
      `The window config is invalid (${count} problem${count === 1 ? '' : 's'}); the gate stays closed in every mode:`,
      ...result.errors.map(formatIssue),
    ].join('\n');
  }
  if (decision === null || outcome === 'allowed') return null;
  if (outcome === 'wait') {
    return `Blocked until ${formatInstant(decision.nextOpen)}: waiting ${Math.ceil((result.waitMs ?? 0) / 1000)} s, then deciding again.`;
  }
  const line = result.cancelled
    ? `The wait for the window was cancelled; the deployment did not run.`
    : (result.blockedSummary ?? 'Deployment is blocked.');
  // The config's message says where to ask for an exception: it belongs with the verdict.
  return decision.message ? `${line} ${decision.message}` : line;
}

/** The longest `overrideSummary`: a build description, not a report. */
const MAX_OVERRIDE_SUMMARY = 1000;

/**
 * The override in one line (who, which windows, why) for a build's description; null when
 * there is none. Safe as plain text and under an HTML markup formatter: control characters
 * are written out and `<`, `>` become `‹`, `›`, so no text from the config or the reason can
 * make a tag or a link (docs/jenkins.md, "Overrides").
 */
export function overrideSummary(decision: GateResult['decision']): string | null {
  const text = decision ? overrideText(decision) : null;
  if (text === null) return null;
  const line = visibleControls(text).replace(/</g, '‹').replace(/>/g, '›');
  const chars = Array.from(line);
  return chars.length <= MAX_OVERRIDE_SUMMARY
    ? line
    : `${chars.slice(0, MAX_OVERRIDE_SUMMARY - 1).join('')}…`;
}

/**
 * The --output file: the decision JSON plus `exitCode`, `outcome`, `waitSeconds` (outcome
 * wait: how long the caller sleeps before it runs the gate again), `summary` and
 * `overrideSummary`.
 */
function outputJson(result: GateResult, exitCode: ExitCode): string {
  const outcome = gateOutcome(result, exitCode);
  const next = {
    exitCode,
    outcome,
    waitSeconds: outcome === 'wait' ? Math.max(1, Math.ceil((result.waitMs ?? 0) / 1000)) : null,
    summary: outcomeSummary(result, outcome),
    overrideSummary: outcome === 'allowed' ? overrideSummary(result.decision) : null,
  };
  const body = result.decision
    ? { ...orderedDecision(result.decision), ...next }
    : // No decision (invalid config): still a file that reads as closed, never a stale `allowed`.
      { allowed: false, reason: 'invalid-config', ...next, errors: result.errors };
  return jsonDocument(body);
}

/** How long a cancelled gate may still take to finish its note before the process exits. */
const CANCEL_GRACE_MS = 1000;

/**
 * The first SIGINT/SIGTERM (a cancelled job) aborts the gate: a wait ends at once, and the
 * note is finished if that takes less than a second; whatever is still running then (an API
 * call that does not answer) does not keep the process: it exits 1. A second signal ends it
 * straight away. Released when done.
 */
function abortOnSignals(controller: AbortController, io: CliIo): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    io.stderr(`deploy-window: received ${signal}; cancelling (a wait ends now, exit 1)\n`);
    controller.abort();
    setTimeout(() => {
      io.stderr(`deploy-window: still busy ${CANCEL_GRACE_MS} ms after ${signal}; exiting\n`);
      process.exit(1);
    }, CANCEL_GRACE_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

export async function runGateCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const invocation = parseGateArgs(argv, io.env);
  const { options, outputFile } = invocation;
  const log = consoleLogger(io);
  const outputPath = outputFile === null ? null : resolve(io.cwd, outputFile);
  const ctx: PlatformContext = {
    env: io.env,
    tokens: tokensFromEnvironment(options.platform, io.env),
    options,
    log,
    workspace: io.cwd,
    outputFile: outputPath,
  };

  const controller = new AbortController();
  const release = abortOnSignals(controller, io);
  try {
    const platform = await (await platformFactory(options.platform, invocation, io))(ctx);
    // The decision's instant is the command line's clock (a test's fixed instant); waits are real.
    const clock = { now: () => io.now(), sleep: systemClock.sleep };
    const result = await runGate(options, platform, clock, controller.signal);
    // A cancelled job never reads as a success, even when it was cancelled before a wait.
    const exitCode = controller.signal.aborted && result.exitCode === 0 ? 1 : result.exitCode;
    if (outputPath !== null) {
      // Whoever reads --output must not go ahead without it: the gate stays closed.
      if (!writeOutputFlag(io, 'gate', outputPath, outputJson(result, exitCode))) return 2;
    }
    return exitCode;
  } finally {
    release();
  }
}
