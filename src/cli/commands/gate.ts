// `deploy-window gate`: the CI gate (gitlab-jenkins.md). Parses flags into GateOptions, picks
// the platform, runs the shared gate with a cancel signal wired to SIGINT/SIGTERM, writes
// --output, and exits with the gate's status.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_HORIZON_MINUTES } from '../../core/decide.js';
import { orderedDecision } from '../../core/render/json.js';
import { systemClock } from '../../gate/clock.js';
import { runGate } from '../../gate/run-gate.js';
import type {
  GateOptions,
  GatePlatform,
  GateResult,
  PlatformContext,
  PlatformName,
} from '../../gate/types.js';
import {
  choiceFlag,
  durationFlag,
  type FlagSpecs,
  instantFlag,
  parseFlags,
  stringFlag,
  textFlag,
} from '../args.js';
import { consoleLogger } from '../console-logger.js';
import { detectPlatform } from '../detect-platform.js';
import type { CliIo, ExitCode } from '../io.js';
import { UsageError } from '../usage-error.js';

export const GATE_FLAGS: FlagSpecs = {
  platform: { type: 'string' },
  config: { type: 'string' },
  environment: { type: 'string' },
  at: { type: 'string' },
  mode: { type: 'string' },
  'max-wait': { type: 'string' },
  'min-duration': { type: 'string' },
  horizon: { type: 'string' },
  comment: { type: 'boolean' },
  'no-comment': { type: 'boolean' },
  reschedule: { type: 'boolean' },
  actor: { type: 'string' },
  output: { type: 'string' },
};

const PLATFORMS = ['github', 'gitlab', 'jenkins', 'local'] as const;
const DEFAULT_MAX_WAIT = 60;

export interface GateInvocation {
  options: GateOptions;
  outputFile: string | null;
}

export function parseGateArgs(argv: string[], env: CliIo['env']): GateInvocation {
  const flags = parseFlags('gate', argv, GATE_FLAGS);
  if (flags.comment === true && flags['no-comment'] === true) {
    throw new UsageError('--comment and --no-comment contradict each other; give one', 'gate');
  }
  const platform = choiceFlag<PlatformName>(
    'gate',
    flags,
    'platform',
    PLATFORMS,
    detectPlatform(env),
  );
  const actor = textFlag(flags, 'actor');
  return {
    options: {
      platform,
      configPath: textFlag(flags, 'config') ?? '',
      environment: textFlag(flags, 'environment'),
      at: instantFlag('gate', flags, 'at'),
      mode: choiceFlag('gate', flags, 'mode', ['fail', 'wait', 'warn'] as const, 'fail'),
      maxWait: durationFlag('gate', flags, 'max-wait', DEFAULT_MAX_WAIT),
      minDuration: durationFlag('gate', flags, 'min-duration', 0),
      horizon: durationFlag('gate', flags, 'horizon', DEFAULT_HORIZON_MINUTES),
      comment: flags['no-comment'] !== true,
      reschedule: flags.reschedule === true,
      actor,
    },
    outputFile: stringFlag(flags, 'output'),
  };
}

type PlatformFactory = (ctx: PlatformContext) => Promise<GatePlatform>;

/**
 * Platform modules load on demand. GitHub's (Octokit) is a separate chunk of the bundle;
 * the others are small and stay in the main file ("eager": evaluated only when imported),
 * so the Jenkins library resource is one self-contained file.
 */
async function platformFactory(name: PlatformName): Promise<PlatformFactory> {
  switch (name) {
    case 'github':
      return (await import('../../github/platform.js')).createGitHubPlatform;
    case 'gitlab':
      return (await import(/* webpackMode: "eager" */ '../../gitlab/platform.js'))
        .createGitLabPlatform;
    case 'jenkins':
      return (await import(/* webpackMode: "eager" */ '../../jenkins/platform.js'))
        .createJenkinsPlatform;
    case 'local': {
      const { createLocalPlatform } = await import(
        /* webpackMode: "eager" */ '../local-platform.js'
      );
      return async (ctx) => createLocalPlatform(ctx);
    }
  }
}

/** The --output file: the decision JSON plus the gate's exit status (the Jenkins step reads it). */
function outputJson(result: GateResult, exitCode: ExitCode): string {
  const body = result.decision
    ? { ...orderedDecision(result.decision), exitCode }
    : // No decision (invalid config): still a file that reads as closed, never a stale `allowed`.
      {
        allowed: false,
        reason: 'invalid-config',
        exitCode,
        errors: result.errors,
      };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/**
 * The first SIGINT/SIGTERM (a cancelled job) aborts the gate: a wait ends at once, and the
 * note is still finished. A second one ends the process straight away. Released when done.
 */
function abortOnSignals(controller: AbortController, io: CliIo): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    io.stderr(`deploy-window: received ${signal}; cancelling (a wait ends now, exit 1)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

export async function runGateCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const { options, outputFile } = parseGateArgs(argv, io.env);
  const log = consoleLogger(io);
  const outputPath = outputFile === null ? null : resolve(io.cwd, outputFile);
  const ctx: PlatformContext = {
    env: io.env,
    options,
    log,
    workspace: io.cwd,
    outputFile: outputPath,
  };

  const controller = new AbortController();
  const release = abortOnSignals(controller, io);
  try {
    const platform = await (await platformFactory(options.platform))(ctx);
    const result = await runGate(options, platform, systemClock, controller.signal);
    // A cancelled job never reads as a success, even when it was cancelled before a wait.
    const exitCode = controller.signal.aborted && result.exitCode === 0 ? 1 : result.exitCode;
    if (outputPath !== null) {
      mkdirSync(dirname(outputPath), { recursive: true });
      writeFileSync(outputPath, outputJson(result, exitCode));
    }
    return exitCode;
  } finally {
    release();
  }
}
