import type { Minutes } from './types.js';

const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/;

/**
 * The longest duration anywhere (a window's, a horizon, a runway, a wait): 3660 days, the
 * longest span `windows --days` lists. Every search and look-back is bounded by it; a window
 * lasting 99999999999d looked back 270 million years (docs/config.md, "Durations").
 */
export const MAX_DURATION_MINUTES = 3660 * 1440;
export const MAX_DURATION_TEXT = '3660d';

/**
 * Parses a duration: a positive whole number of minutes (`90`) or `<n>d<n>h<n>m` parts
 * in that order (`1h30m`, `2d`), at most MAX_DURATION_MINUTES. Returns null when the text is
 * not such a duration.
 */
export function parseDuration(value: string | number): Minutes | null {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value > 0 && value <= MAX_DURATION_MINUTES ? value : null;
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) return parseDuration(Number(text));
  const match = DURATION.exec(text);
  if (!match || text === '') return null;
  const [, days, hours, minutes] = match;
  const total = Number(days ?? 0) * 1440 + Number(hours ?? 0) * 60 + Number(minutes ?? 0);
  return total > 0 && total <= MAX_DURATION_MINUTES ? total : null;
}

/** Formats minutes the way parseDuration reads them: `1d12h`, `1h30m`, `45m`. */
export function formatDuration(minutes: Minutes): string {
  if (minutes <= 0) return '0m';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return `${days ? `${days}d` : ''}${hours ? `${hours}h` : ''}${rest ? `${rest}m` : ''}`;
}
