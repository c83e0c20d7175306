// Refusing a hostile config is as bounded as deciding one: "did you mean" suggestions for a
// thousand long misspellings, and the validate warnings of a thousand windows.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load.js';
import { lintConfig } from '../../src/core/lint.js';
import { loadHolidayProvider } from '../../src/node/holidays.js';
import { AT, configOf, errors, expectPlaced, FILE, loaded } from './support.js';

describe('a thousand long misspellings are refused one by one, with no suggestion', () => {
  it('time zones', () => {
    const windows = Array.from({ length: 1000 }, (_, i) => [
      `name: w${i}`,
      `timezone: "${'Europe/Berlinx'.repeat(14)}${i}"`,
      'time: "09:00-10:00"',
    ]);
    const text = configOf(windows);
    const found = errors(text);
    expectPlaced(text, found);
    expect(found).toHaveLength(1000);
    expect(found[0]).toMatchObject({ path: 'windows[0].timezone', line: 5, column: 15 });
    expect(found.every((issue) => issue.hint === undefined)).toBe(true);
  });

  it('holiday places', async () => {
    const holidays = await loadHolidayProvider();
    const windows = Array.from({ length: 1000 }, (_, i) => [
      `name: w${i}`,
      `holidays: {country: "${'Germanyx'.repeat(24)}${i}"}`,
    ]);
    const text = configOf(windows);
    const result = loadConfig(text, { file: FILE, holidays });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expectPlaced(text, result.errors);
    expect(result.errors).toHaveLength(1000);
    expect(result.errors[0]?.message).toContain('unknown country');
  });
});

describe('validate on 1,000 windows', () => {
  it('warns at the window names, found without a pattern built from them', () => {
    const windows = Array.from({ length: 1000 }, (_, i) => [
      `name: "w${i} (.*)+$"`,
      'kind: allow',
      `environments: ["env-${i % 500}", "*"]`,
      `cron: "${i % 60} ${Math.floor(i / 60) % 24} * * *"`,
      'duration: 1m',
    ]);
    // A line of spaces as long as the rest: a backtracking pattern would take minutes on it.
    const text = `${configOf(windows)}${' '.repeat(200_000)}\n`;
    const issues = lintConfig(loaded(text), AT, text);
    const short = issues.filter((issue) => issue.message.includes('opens for only 1m'));
    expect(short).toHaveLength(1000);
    expect(short[999]).toMatchObject({ path: 'windows[999]', line: 3 + 5 * 999 + 1, column: 5 });
  });
});
