// GitLab's job log: GateLogger.group becomes a collapsible section (section_start/section_end).
// Text goes through core/render/escape.ts first: a section marker needs ESC and CR, which are
// shown as `\u001b` and start a new line, so no config text can open, close or fake a section
// or send ANSI escapes.
import { logLines, logTitle } from '../core/render/escape.js';
import type { GateLogger } from '../gate/types.js';
import { writeStdout } from '../node/std-write.js';

/** The text with every line inert for the job log (the base logger splits it again). */
const inert = (text: string) => logLines(text, 'plain').join('\n');

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
 * Wraps the CLI's logger: lines go through it made inert, groups are folded sections written
 * straight to the job log (stdout, where the logger's info lines go too).
 */
export function gitlabLogger(
  base: GateLogger,
  write: (text: string) => void = writeStdout,
  now: () => number = Date.now,
): GateLogger {
  return {
    info: (text) => base.info(inert(text)),
    warning: (text) => base.warning(inert(text)),
    error: (text) => base.error(inert(text)),
    async group(title, body) {
      // Section names allow letters, digits, `_`, `.` and `-` only.
      const name = `deploy_window_${++sectionCount}`;
      write(sectionStart(name, logTitle(title, 'plain'), now()));
      try {
        return await body();
      } finally {
        write(sectionEnd(name, now()));
      }
    },
  };
}
