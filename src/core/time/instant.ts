// Instants as text: parsed as users write them (`--at`, the action's `at` input; without an
// offset one would mean a different instant on every runner, so it is refused: docs/cli.md),
// and formatted as every output shows them (docs/engine.md): ISO 8601 UTC with milliseconds.
import type { EpochMs } from '../types.js';
import { utcMs } from './local-date.js';

// ISO 8601's extended (2026-11-21T15:00:00+01:00) and basic (20261121T150000+0100) formats,
// each whole; seconds and their fraction (`.` or `,`) optional, the offset `Z`, ±hh, ±hhmm or
// ±hh:mm.
const EXTENDED_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)$/;
const BASIC_INSTANT =
  /^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(?:(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?:\d{2})?)$/;

export type InstantParse = { ok: true; epochMs: EpochMs } | { ok: false; message: string };

/** `YYYY-MM-DD` of that date after rolling over (2026-02-30 is 2026-03-02). */
function calendarDate(year: number, month: number, day: number): string {
  return new Date(utcMs(year, month - 1, day)).toISOString().slice(0, 10);
}

export function parseInstant(text: string): InstantParse {
  const trimmed = text.trim();
  const match = EXTENDED_INSTANT.exec(trimmed) ?? BASIC_INSTANT.exec(trimmed);
  if (!match) {
    const noOffset =
      /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?$/.test(trimmed) ||
      /^\d{8}[Tt]\d{4}(\d{2}([.,]\d+)?)?$/.test(trimmed);
    return {
      ok: false,
      message: noOffset
        ? `"${trimmed}" has no UTC offset; add Z or an offset, e.g. ${trimmed}Z or ${trimmed}+01:00`
        : `"${trimmed}" is not an ISO 8601 instant; expected e.g. 2026-11-21T15:00:00Z`,
    };
  }
  const [, year, month, day, hour, minute, second = '00', fraction = '', zone = 'Z'] = match;
  const offset =
    zone.toUpperCase() === 'Z'
      ? 'Z'
      : zone.replace(/^([+-]\d{2}):?(\d{2})?$/, (_, h, m) => `${h}:${m ?? '00'}`);
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${offset}`;
  const epochMs = Date.parse(iso);
  const valid =
    Number.isFinite(epochMs) &&
    Number(month) >= 1 &&
    Number(month) <= 12 &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59 &&
    Number(day) >= 1 &&
    Number(day) <= 31 &&
    // Date.parse rolls 2026-02-30 over to March: compare the date back.
    calendarDate(Number(year), Number(month), Number(day)) === `${year}-${month}-${day}`;
  if (!valid) return { ok: false, message: `"${trimmed}" is not a real date and time` };
  return { ok: true, epochMs };
}

/**
 * An instant as the decision JSON, the outputs and the records show it: ISO 8601 UTC with
 * milliseconds and `Z`, `2026-11-21T15:00:00.000Z`. null stays null (no such instant).
 */
export function formatInstant(epochMs: EpochMs): string;
export function formatInstant(epochMs: EpochMs | null): string | null;
export function formatInstant(epochMs: EpochMs | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}
