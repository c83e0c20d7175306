// `--at` and the action's `at`: ISO 8601 instants with an offset, every real date from year 1;
// and config dates of years 1 to 99, which Date.UTC alone would move by 1900 years.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load.js';
import { decide } from '../../src/core/decide.js';
import { parseInstant } from '../../src/core/time/instant.js';

const at = (text: string) => parseInstant(text);

describe('parseInstant', () => {
  it('reads an instant with Z or an offset, to the millisecond', () => {
    expect(at('2026-11-21T15:00:00Z')).toEqual({ ok: true, epochMs: Date.UTC(2026, 10, 21, 15) });
    expect(at('2026-11-21T16:00+01:00')).toEqual({ ok: true, epochMs: Date.UTC(2026, 10, 21, 15) });
    expect(at('2026-11-21T15:00:00.5Z')).toEqual({
      ok: true,
      epochMs: Date.UTC(2026, 10, 21, 15, 0, 0, 500),
    });
  });

  it('reads ISO 8601’s other spellings: basic format, an hour-only offset, a decimal comma', () => {
    const expected = { ok: true, epochMs: Date.UTC(2026, 10, 26, 14, 59) };
    for (const text of [
      '20261126T145900Z',
      '20261126T1459Z',
      '20261126T155900+0100',
      '20261126T155900+01',
      '2026-11-26T15:59:00+01',
      '2026-11-26T09:59-05',
      '2026-11-26T14:59:00,0Z',
    ]) {
      expect(at(text), text).toEqual(expected);
    }
    expect(at('2026-11-26T14:59:00,25Z')).toEqual({
      ok: true,
      epochMs: Date.UTC(2026, 10, 26, 14, 59, 0, 250),
    });
    expect(at('20261126T145900')).toMatchObject({
      ok: false,
      message: expect.stringContaining('no UTC offset'),
    });
    // The two formats are not mixed (ISO 8601 keeps one within an instant).
    expect(at('2026-11-26T145900Z').ok).toBe(false);
    expect(at('20261126T14:59:00Z').ok).toBe(false);
    expect(at('2026-11-26T14:59:00+1').ok).toBe(false);
  });

  it('takes years 1 to 99 as written (Date.UTC would read 0050 as 1950)', () => {
    const year50 = new Date(0);
    year50.setUTCFullYear(50, 2, 1);
    expect(at('0050-03-01T00:00:00Z')).toEqual({ ok: true, epochMs: year50.getTime() });
    expect(at('0001-01-01T00:00:00Z').ok).toBe(true);
  });

  it('refuses a date that does not exist, and an instant without an offset', () => {
    expect(at('2026-02-30T10:00Z')).toEqual({
      ok: false,
      message: '"2026-02-30T10:00Z" is not a real date and time',
    });
    expect(at('0050-02-29T10:00Z').ok).toBe(false);
    expect(at('2026-11-21T15:00')).toMatchObject({
      ok: false,
      message: expect.stringContaining('no UTC offset'),
    });
  });
});

describe('dates in years 1 to 99', () => {
  it('are the dates written, not 1900 years later (Date.UTC reads 0050 as 1950)', () => {
    const loaded = loadConfig(
      'version: 1\ntimezone: UTC\nwindows:\n  - name: a\n    kind: deny\n    dates: [0050-03-01]\n  - name: b\n    kind: deny\n    start: "0060-03-01T00:00"\n    end: "0060-03-02T00:00"\n',
      { file: 'old.yml' },
    );
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const when = (text: string) => {
      const parsed = parseInstant(text);
      if (!parsed.ok) throw new Error(parsed.message);
      return decide(loaded.config, { environment: null, at: parsed.epochMs }).allowed;
    };
    expect(when('0050-03-01T12:00:00Z')).toBe(false);
    expect(when('1950-03-01T12:00:00Z')).toBe(true);
    expect(when('0060-03-01T12:00:00Z')).toBe(false);
    expect(when('1960-03-01T12:00:00Z')).toBe(true);
  });
});
