// How re-run instants are shown in statuses, logs and comments.
import { formatInstant } from '../../core/time/instant.js';

/** `2026-11-24 10:00 Europe/Berlin` (the wall time in the window's zone). */
export function formatLocal(iso: string, timezone: string): string {
  const date = new Date(iso);
  try {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(date);
    const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${timezone}`;
  } catch {
    return iso;
  }
}

/** ISO 8601 UTC without milliseconds: `2026-11-24T09:00:00Z`. */
export function isoUtc(epochMs: number): string {
  return formatInstant(epochMs).replace(/\.\d{3}Z$/, 'Z');
}

/** `1h 5m`, `45s`: how long a scheduler waits. */
export function formatWait(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  if (hours > 0) return `${hours}h ${minutes % 60}m`;
  if (minutes > 0) return `${minutes}m ${seconds % 60}s`;
  return `${seconds}s`;
}
