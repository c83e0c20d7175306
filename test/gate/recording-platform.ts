// A GatePlatform that records what the gate asked of it, with the real config loader behind it.
import { loadConfig } from '../../src/core/config/load.js';
import { formatInstant } from '../../src/core/time/instant.js';
import type { Decision, ExemptConfig } from '../../src/core/types.js';
import type {
  Clock,
  ConfigLoad,
  ExemptionResult,
  GateLogger,
  GatePlatform,
  GateResult,
  NoteFacts,
} from '../../src/gate/types.js';

export interface RecordedLine {
  level: 'info' | 'warning' | 'error';
  text: string;
}

export interface RecordingPlatform extends GatePlatform {
  /** The config text the next loadConfig reads (tests change it during a wait). */
  configText: string;
  lines: RecordedLine[];
  notes: { event: string; decision: Decision; facts: NoteFacts }[];
  reschedules: Decision[];
  retired: Decision[];
  reports: GateResult[];
  exemptionCalls: { exempt: ExemptConfig; actor: string }[];
  /** What checkExemption answers (or throws). */
  exemption: ExemptionResult | Error;
  text(level?: RecordedLine['level']): string;
}

export function recordingPlatform(configText: string): RecordingPlatform {
  const lines: RecordedLine[] = [];
  const log: GateLogger = {
    info: (text) => lines.push({ level: 'info', text }),
    warning: (text) => lines.push({ level: 'warning', text }),
    error: (text) => lines.push({ level: 'error', text }),
    group: async (title, body) => {
      lines.push({ level: 'info', text: title });
      return body();
    },
  };
  const platform: RecordingPlatform = {
    name: 'local',
    log,
    configText,
    lines,
    notes: [],
    reschedules: [],
    retired: [],
    reports: [],
    exemptionCalls: [],
    exemption: { exempt: false, via: null, warnings: [] },
    async loadConfig(): Promise<ConfigLoad> {
      const result = loadConfig(platform.configText, { file: '.github/deploy-windows.yml' });
      return result.ok ? { ok: true, config: result.config } : { ok: false, errors: result.errors };
    },
    async extraDeny() {
      return [];
    },
    async checkExemption(exempt, actor) {
      platform.exemptionCalls.push({ exempt, actor });
      if (platform.exemption instanceof Error) throw platform.exemption;
      return platform.exemption;
    },
    async publishNote(decision, event, facts) {
      platform.notes.push({ event, decision, facts });
      return { url: `https://example.test/note/${platform.notes.length}` };
    },
    async reschedule(decision) {
      platform.reschedules.push(decision);
      return { rerunAt: formatInstant(decision.nextOpen) };
    },
    async retireReschedules(decision) {
      platform.retired.push(decision);
    },
    async report(result) {
      platform.reports.push(result);
    },
    text(level) {
      return lines
        .filter((line) => level === undefined || line.level === level)
        .map((line) => line.text)
        .join('\n');
    },
  };
  return platform;
}

export interface FakeClock extends Clock {
  sleeps: number[];
  /** Called before each sleep completes with the number of sleeps so far. */
  onSleep?: (count: number) => void;
}

/** A clock whose sleeps return at once, moving time forward by exactly the time slept. */
export function fakeClock(startIso: string): FakeClock {
  let now = Date.parse(startIso);
  const clock: FakeClock = {
    sleeps: [],
    now: () => now,
    async sleep(ms, signal) {
      if (signal?.aborted) return false;
      clock.sleeps.push(ms);
      clock.onSleep?.(clock.sleeps.length);
      if (signal?.aborted) return false;
      now += ms;
      return true;
    },
  };
  return clock;
}
