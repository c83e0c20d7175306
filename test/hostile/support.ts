// Shared helpers of the hostile-input suite: load a config as every adapter does (text, a
// calendar file by path) and check that the outcome is either clean errors or a decision.
import { expect } from 'vitest';
import { loadConfig } from '../../src/core/config/load.js';
import { decide } from '../../src/core/decide.js';
import type { Config, ConfigIssue, Decision, LoadResult } from '../../src/core/types.js';

export const FILE = '.github/deploy-windows.yml';
export const AT = Date.parse('2026-06-01T10:00:00Z');

export function load(text: string, files: Record<string, string> = {}): LoadResult {
  return loadConfig(text, {
    file: FILE,
    localZone: 'UTC',
    readFile: (path) => files[path] ?? null,
  });
}

/** The config, failing the test with the errors when it does not load. */
export function loaded(text: string, files: Record<string, string> = {}): Config {
  const result = load(text, files);
  if (!result.ok) {
    throw new Error(
      result.errors.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message}`).join('\n'),
    );
  }
  return result.config;
}

/** The errors, failing the test when the config loads. */
export function errors(text: string, files: Record<string, string> = {}): ConfigIssue[] {
  const result = load(text, files);
  if (result.ok) throw new Error('expected the config to be refused, but it loaded');
  return result.errors;
}

/** Every issue names the file, a 1-based position inside the text, and says something. */
export function expectPlaced(text: string, issues: readonly ConfigIssue[]): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const issue of issues) {
    expect(issue.file).toBe(FILE);
    expect(issue.line).toBeGreaterThanOrEqual(1);
    expect(issue.line).toBeLessThanOrEqual(lines.length + 1);
    expect(issue.column).toBeGreaterThanOrEqual(1);
    expect(issue.message.trim()).not.toBe('');
    expect(issue.message).not.toMatch(/\n|Maximum call stack|internal error/);
  }
}

/** A decision that holds together: what a gate could act on. */
export function expectDecision(decision: Decision, at: number): void {
  expect(typeof decision.allowed).toBe('boolean');
  expect(decision.at).toBe(at);
  if (decision.allowed) {
    expect(decision.blockingWindows).toEqual([]);
    expect(decision.nextOpen).toBeNull();
    if (decision.closesAt !== null) expect(decision.closesAt).toBeGreaterThan(at);
  } else {
    expect(decision.closesAt).toBeNull();
    if (decision.nextOpen !== null) expect(decision.nextOpen).toBeGreaterThan(at);
  }
}

/** Loads and, when it loads, decides: the two outcomes a gate may see. */
export function loadAndDecide(
  text: string,
  at = AT,
  files: Record<string, string> = {},
): { issues: ConfigIssue[] } | { decision: Decision } {
  const result = load(text, files);
  if (!result.ok) {
    expectPlaced(text, result.errors);
    return { issues: result.errors };
  }
  const decision = decide(result.config, { environment: 'production', at });
  expectDecision(decision, at);
  return { decision };
}

/** A config of windows, each given as its YAML lines (indented under `- `). */
export function configOf(windows: readonly string[][], top = 'timezone: UTC'): string {
  const items = windows.map((lines) =>
    lines.map((line, index) => `${index === 0 ? '  - ' : '    '}${line}`).join('\n'),
  );
  return `version: 1\n${top}\nwindows:\n${items.join('\n')}\n`;
}
