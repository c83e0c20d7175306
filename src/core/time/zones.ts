import { IANAZone } from 'luxon';

const DAY_MS = 86_400_000;
/** Offsets are sampled this far apart; no real zone changes offset twice within a week. */
const PROBE_STEP_MS = 7 * DAY_MS;
/** How far one look-up extends a constant-offset span either way. */
const SPAN_REACH_MS = 26 * PROBE_STEP_MS;
/** Spans kept per zone (a few decades); the list starts over when full. */
const MAX_SPANS_PER_ZONE = 128;

interface OffsetSpan {
  start: number;
  end: number;
  offset: number;
}

interface ZoneEntry {
  zone: IANAZone;
  /** Sorted, non-overlapping spans of instants with one UTC offset. */
  spans: OffsetSpan[];
}

// Zones are finite (the IANA database), so this cache is bounded.
const zones = new Map<string, ZoneEntry>();

function entryFor(name: string): ZoneEntry {
  let entry = zones.get(name);
  if (!entry) {
    const zone = IANAZone.create(name);
    if (!zone.isValid) throw new Error(`unknown time zone "${name}"`);
    entry = { zone, spans: [] };
    zones.set(name, entry);
  }
  return entry;
}

/** The luxon zone for an IANA name; throws on an unknown name (config validation rejects those first). */
export function zoneFor(name: string): IANAZone {
  return entryFor(name).zone;
}

export function isValidZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

/** The first instant in (low, high] whose offset differs from low's, given high's does. */
function firstChange(zone: IANAZone, low: number, high: number, offset: number): number {
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zone.offset(middle) === offset) low = middle;
    else high = middle;
  }
  return high;
}

/** The constant-offset span around an instant, bounded by the neighbouring known spans. */
function spanAround(zone: IANAZone, at: number, floor: number, ceiling: number): OffsetSpan {
  const offset = zone.offset(at);
  let start = at;
  const lowest = Math.max(floor, at - SPAN_REACH_MS);
  for (;;) {
    const probe = Math.max(start - PROBE_STEP_MS, lowest);
    if (probe >= start) break;
    if (zone.offset(probe) !== offset) {
      start = firstChange(zone, probe, start, zone.offset(probe));
      break;
    }
    start = probe;
  }
  let end = at + 1;
  const highest = Math.min(ceiling, at + SPAN_REACH_MS);
  for (;;) {
    const probe = Math.min(end - 1 + PROBE_STEP_MS, highest - 1);
    if (probe < end) break;
    if (zone.offset(probe) !== offset) {
      end = firstChange(zone, end - 1, probe, offset);
      break;
    }
    end = probe + 1;
  }
  return { start, end, offset };
}

/** The zone's UTC offset at an instant, in minutes. Memoized as spans of constant offset. */
export function offsetAt(name: string, epochMs: number): number {
  const entry = entryFor(name);
  const { spans } = entry;
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const span = spans[middle] as OffsetSpan;
    if (span.end <= epochMs) low = middle + 1;
    else high = middle;
  }
  const found = spans[low];
  if (found && found.start <= epochMs) return found.offset;
  if (!Number.isFinite(epochMs)) return entry.zone.offset(epochMs);
  if (spans.length >= MAX_SPANS_PER_ZONE) {
    spans.length = 0;
    return offsetAt(name, epochMs);
  }
  const floor = spans[low - 1]?.end ?? Number.NEGATIVE_INFINITY;
  const ceiling = found?.start ?? Number.POSITIVE_INFINITY;
  const span = spanAround(entry.zone, Math.floor(epochMs), floor, ceiling);
  spans.splice(low, 0, span);
  return span.offset;
}

/**
 * The zone's offset if it is the same at every instant of [from, to], else null. Cheap once
 * the spans around are known.
 */
export function steadyOffset(name: string, from: number, to: number): number | null {
  const offset = offsetAt(name, from);
  const { spans } = entryFor(name);
  let at = from;
  // A few steps at most: spans reach weeks or months.
  for (let step = 0; step < 8; step++) {
    if (offsetAt(name, at) !== offset) return null;
    const span = spans.find((s) => s.start <= at && at < s.end);
    if (!span) return null;
    if (span.end > to) return offset;
    at = span.end;
  }
  return null;
}
