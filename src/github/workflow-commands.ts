// The runner's side of an action: log lines, workflow commands (`::warning::`, `::group::`,
// `::add-mask::`), step outputs and the job summary, written as @actions/core writes them. Kept
// here rather than imported: @actions/core loads an HTTP client (undici) on start, which the
// gate's decision path does not need (docs/github-action.md, "Choices made ...": start-up).
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { writeStdout } from '../node/std-write.js';

/** A command's data as the runner decodes it: %, CR and LF escaped. */
function commandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function command(name: string, text: string): void {
  writeStdout(`::${name}::${commandData(text)}${EOL}`);
}

/** A plain log line; the caller makes it inert (core/render/escape.ts, logLines). */
export function info(text: string): void {
  writeStdout(`${text}${EOL}`);
}

export const notice = (text: string): void => command('notice', text);
export const warning = (text: string): void => command('warning', text);
export const error = (text: string): void => command('error', text);

/** Fails the step: an error annotation and exit code 1. */
export function setFailed(text: string): void {
  process.exitCode = 1;
  error(text);
}

/** Masks a secret in everything the runner logs after this. */
export const setSecret = (secret: string): void => command('add-mask', secret);

/** `::group::title` ... `::endgroup::` around what `body` logs. */
export async function group<T>(title: string, body: () => Promise<T>): Promise<T> {
  command('group', title);
  try {
    return await body();
  } finally {
    command('endgroup', '');
  }
}

const DELIMITER_PREFIX = 'ghadelimiter_deploy-window_';

/**
 * A delimiter for one multi-line output: `ghadelimiter_deploy-window_<n>_` with the smallest n
 * the value does not contain. Chosen after reading the value, so no value can end its output
 * early, and found in one pass over it; no randomness needed (node:crypto costs 6-11 ms on
 * start).
 */
export function outputDelimiter(value: string): string {
  const taken = new Set<number>();
  for (
    let at = value.indexOf(DELIMITER_PREFIX);
    at !== -1;
    at = value.indexOf(DELIMITER_PREFIX, at + 1)
  ) {
    const start = at + DELIMITER_PREFIX.length;
    const digits = /^(\d{1,9})_/.exec(value.slice(start, start + 10));
    if (digits) taken.add(Number(digits[1]));
  }
  let count = 0;
  while (taken.has(count)) count += 1;
  return `${DELIMITER_PREFIX}${count}_`;
}

/**
 * Step outputs in the runner's multi-line format (`name<<delimiter`), appended to the file the
 * runner names in GITHUB_OUTPUT; the delimiter is never part of the value.
 */
export function writeOutputs(file: string, outputs: Record<string, string>): void {
  let text = '';
  for (const [name, value] of Object.entries(outputs)) {
    const delimiter = outputDelimiter(value);
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  appendFileSync(file, text, 'utf8');
}

/** One step output; a warning when the runner gave no GITHUB_OUTPUT file. */
export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT;
  if (file) writeOutputs(file, { [name]: value });
  else warning(`GITHUB_OUTPUT is not set: output ${name} is not written.`);
}

/** Appends Markdown to the job summary (GITHUB_STEP_SUMMARY); nothing without one. */
export async function appendSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, `${markdown}${EOL}`, 'utf8');
}
