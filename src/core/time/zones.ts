// UTC offsets of IANA zones, read from the runtime's ICU zone data and memoized as spans of
// constant offset.

/** One zone's offsets: minutes east of UTC at an instant, NaN for none. */
export interface ZoneOffsets {
  offset(epochMs: number): number;
}

/**
 * Runs `read` with a reader of one zone's offsets. A platform can install a faster reader than
 * Intl's for the zones the runtime lists (src/node/zone-offsets.ts); it must agree with Intl
 * to the second, as test/node/zone-offsets.test.ts checks.
 */
export type ZoneReader = <T>(zone: string, read: (offsets: ZoneOffsets) => T) => T;

const SECOND_MS = 1000;

let installedReader: ZoneReader | null = null;

/**
 * Reads listed zones' offsets with `reader` from now on (null: Intl again). Known spans are
 * forgotten, so what follows is read by the new reader.
 */
export function useZoneReader(reader: ZoneReader | null): void {
  installedReader = reader;
  zones.clear();
}

let listed: Set<string> | undefined;

/**
 * The zone names the runtime lists, plus UTC. Intl resolves each to itself (as
 * test/node/zone-offsets.test.ts checks), so checking one needs no Intl formatter, of which the
 * process's first costs 25-40 ms (docs/performance.md).
 */
export function listedZones(): ReadonlySet<string> {
  if (listed === undefined) {
    let names: string[] = [];
    try {
      names = Intl.supportedValuesOf('timeZone');
    } catch {
      names = [];
    }
    listed = new Set([...names, 'UTC']);
  }
  return listed;
}

// Zone names as the runtime resolves them (null: unknown), by the name as written; bounded,
// as config text decides what is asked.
const resolved = new Map<string, string | null>();

function resolvedZone(name: string): string | null {
  if (listedZones().has(name)) return name;
  let found = resolved.get(name);
  if (found === undefined) {
    try {
      found = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    } catch {
      found = null;
    }
    if (resolved.size < 1024) resolved.set(name, found);
  }
  return found;
}

/** Is this an IANA zone name the runtime knows (in any letter case)? */
export function isValidZone(name: string): boolean {
  return resolvedZone(name) !== null;
}

/** Is the name spelt as the runtime spells the zone (`Europe/Berlin`, not `europe/berlin`)? */
export function isCanonicalZone(name: string): boolean {
  return resolvedZone(name) === name;
}

/** Local wall fields by formatToParts, as UTC ms: their difference with the instant is the offset. */
function intlZone(name: string): ZoneOffsets {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: name,
    hourCycle: 'h23',
    era: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const wall = new Date(0);
  return {
    offset(epochMs) {
      // Beyond ±8.64e15 ms there is no Date, and formatToParts throws.
      if (!(Math.abs(epochMs) <= 8.64e15)) return Number.NaN;
      const fields: Record<string, number> = {};
      let bc = false;
      for (const part of format.formatToParts(epochMs)) {
        if (part.type === 'era') bc = part.value === 'BC' || part.value === 'B';
        else if (part.type !== 'literal') fields[part.type] = Number(part.value);
      }
      const year = bc ? 1 - (fields.year ?? 0) : (fields.year ?? 0);
      wall.setUTCFullYear(year, (fields.month ?? 1) - 1, fields.day ?? 1);
      wall.setUTCHours((fields.hour ?? 0) % 24, fields.minute ?? 0, fields.second ?? 0, 0);
      const whole = epochMs - (((epochMs % SECOND_MS) + SECOND_MS) % SECOND_MS);
      return (wall.getTime() - whole) / 60_000;
    },
  };
}

const DAY_MS = 86_400_000;
/**
 * Offsets are sampled this far apart, so two changes closer than this would be missed. The tz
 * database has changes under a week apart: Gaza and Hebron in 2040, 2054 and 2072 (6 days 23
 * hours of summer time), Brazil's Boa Vista, Recife and Noronha in 2000; the closest, 3 days 23
 * hours, is Freetown's in 1939 (docs/engine.md, "Time zones").
 */
const PROBE_STEP_MS = 3 * DAY_MS;
/** How far one look-up extends a constant-offset span either way (half a year). */
const SPAN_REACH_MS = 61 * PROBE_STEP_MS;
/** Spans kept per zone (a few decades); the list starts over when full. */
const MAX_SPANS_PER_ZONE = 128;

interface OffsetSpan {
  start: number;
  end: number;
  offset: number;
}

interface ZoneEntry {
  /** The name as the runtime resolves it. */
  name: string;
  /** Sorted, non-overlapping spans of instants with one UTC offset. */
  spans: OffsetSpan[];
}

// Zones are finite (the IANA database), so this cache is bounded.
const zones = new Map<string, ZoneEntry>();

function entryFor(name: string): ZoneEntry {
  let entry = zones.get(name);
  if (!entry) {
    const zone = resolvedZone(name);
    if (zone === null) throw new Error(`unknown time zone "${name}"`);
    entry = { name: zone, spans: [] };
    zones.set(name, entry);
  }
  return entry;
}

// One formatter per zone; zones are finite (the IANA database), so this cache is bounded.
const formatters = new Map<string, ZoneOffsets>();

/** Reads offsets with Intl: every zone the runtime knows, at 25-40 ms for the first formatter. */
export const intlZoneReader: ZoneReader = (zone, read) => {
  let offsets = formatters.get(zone);
  if (!offsets) {
    offsets = intlZone(zone);
    formatters.set(zone, offsets);
  }
  return read(offsets);
};

/** Runs `read` with the installed reader for a listed zone, else with Intl's. */
function withOffsets<T>(entry: ZoneEntry, read: (offsets: ZoneOffsets) => T): T {
  const reader =
    installedReader && listedZones().has(entry.name) ? installedReader : intlZoneReader;
  return reader(entry.name, read);
}

/** The first instant in (low, high] whose offset differs from low's, given high's does. */
function firstChange(zone: ZoneOffsets, low: number, high: number, offset: number): number {
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zone.offset(middle) === offset) low = middle;
    else high = middle;
  }
  return high;
}

/** The constant-offset span around an instant, bounded by the neighbouring known spans. */
function spanAround(zone: ZoneOffsets, at: number, floor: number, ceiling: number): OffsetSpan {
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
  if (!Number.isFinite(epochMs)) return Number.NaN;
  if (spans.length >= MAX_SPANS_PER_ZONE) {
    spans.length = 0;
    return offsetAt(name, epochMs);
  }
  const floor = spans[low - 1]?.end ?? Number.NEGATIVE_INFINITY;
  const ceiling = found?.start ?? Number.POSITIVE_INFINITY;
  const span = withOffsets(entry, (zone) => spanAround(zone, Math.floor(epochMs), floor, ceiling));
  spans.splice(low, 0, span);
  return span.offset;
}

/** The memoized span of constant offset that holds the instant (computed if need be). */
function spanContaining(name: string, epochMs: number): OffsetSpan | undefined {
  offsetAt(name, epochMs);
  return entryFor(name).spans.find((s) => s.start <= epochMs && epochMs < s.end);
}

/**
 * The zone's offset if it is the same at every instant of [from, to], else null. Cheap once
 * the spans around are known.
 */
export function steadyOffset(name: string, from: number, to: number): number | null {
  const offset = offsetAt(name, from);
  let at = from;
  // A few steps at most: spans reach weeks or months.
  for (let step = 0; step < 8; step++) {
    const span = spanContaining(name, at);
    if (!span || span.offset !== offset) return null;
    if (span.end > to) return offset;
    at = span.end;
  }
  return null;
}

/** The first instant after `epochMs` that may have another offset: its span's end. */
export function offsetSpanEnd(name: string, epochMs: number): number {
  return spanContaining(name, epochMs)?.end ?? epochMs + 1;
}
