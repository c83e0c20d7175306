// Human relative times ("in 2 days 3 hours", "5 minutes ago") for decisions and notes.
import type { EpochMs } from '../types.js';

const UNITS = [
  { name: 'day', ms: 86_400_000 },
  { name: 'hour', ms: 3_600_000 },
  { name: 'minute', ms: 60_000 },
] as const;

/**
 * `2 days 3 hours`: the two largest units, after rounding to the minute (so 3d 23h 59m 59.9s
 * reads `4 days`), then cut; `less than a minute` below one minute.
 */
export function formatSpan(ms: number): string {
  if (Math.abs(ms) < 60_000) return 'less than a minute';
  let rest = Math.round(Math.abs(ms) / 60_000) * 60_000;
  const parts: string[] = [];
  for (const unit of UNITS) {
    const count = Math.floor(rest / unit.ms);
    rest -= count * unit.ms;
    if (count > 0) parts.push(`${count} ${unit.name}${count === 1 ? '' : 's'}`);
    else if (parts.length > 0) break; // `1 day 5 minutes` would read as more precise than it is
    if (parts.length === 2) break;
  }
  return parts.length === 0 ? 'less than a minute' : parts.join(' ');
}

/** `in 2 days 3 hours`, `5 minutes ago`, or `now` when they are the same instant. */
export function formatRelative(target: EpochMs, from: EpochMs): string {
  const delta = target - from;
  if (delta === 0) return 'now';
  const span = formatSpan(delta);
  return delta > 0 ? `in ${span}` : `${span} ago`;
}
