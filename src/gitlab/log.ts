// GitLab's job log: GateLogger.group becomes a collapsible section (section_start/section_end).
import type { GateLogger } from '../gate/types.js';

const ESC = '\u001b[0K';
let sectionCount = 0;

/** The raw escape lines; GitLab hides them and folds what lies between. */
export function sectionStart(name: string, title: string, nowMs: number): string {
  return `${ESC}section_start:${Math.floor(nowMs / 1000)}:${name}[collapsed=true]\r${ESC}${title}\n`;
}

export function sectionEnd(name: string, nowMs: number): string {
  return `${ESC}section_end:${Math.floor(nowMs / 1000)}:${name}\r${ESC}\n`;
}

/**
 * Wraps the CLI's logger: lines go through it unchanged, groups are folded sections written
 * straight to the job log (stdout, where the logger's info lines go too).
 */
export function gitlabLogger(
  base: GateLogger,
  write: (text: string) => void = (text) => process.stdout.write(text),
  now: () => number = Date.now,
): GateLogger {
  return {
    info: (line) => base.info(line),
    warning: (line) => base.warning(line),
    error: (line) => base.error(line),
    async group(title, body) {
      // Section names allow letters, digits, `_`, `.` and `-` only.
      const name = `deploy_window_${++sectionCount}`;
      write(sectionStart(name, title, now()));
      try {
        return await body();
      } finally {
        write(sectionEnd(name, now()));
      }
    },
  };
}
