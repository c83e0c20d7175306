// Open time: where a layer's windows allow (deny always wins), and where every layer does.
import { clip, complement, merge, subtract } from '../intervals.js';
import type { ExtraDeny, Interval, WindowKind } from '../types.js';
import type { CompiledWindow } from './compile.js';

/** A window's or a platform deny period's occurrences in a span. */
export interface WindowOccurrences {
  name: string;
  kind: WindowKind;
  timezone: string | null;
  message: string | null;
  /** The span it is in force (extra deny periods: always). */
  validity: Interval;
  occurrences: Interval[];
}

/** The deny periods a platform adds, as occurrence lists. */
export function extraDenyOccurrences(extra: readonly ExtraDeny[], from: number, to: number) {
  return extra.map(
    (deny): WindowOccurrences => ({
      name: deny.name,
      kind: 'deny',
      timezone: deny.timezone ?? null,
      message: null,
      validity: { start: Number.NEGATIVE_INFINITY, end: Number.POSITIVE_INFINITY },
      occurrences: [{ start: deny.start, end: deny.end ?? Number.POSITIVE_INFINITY }].filter(
        (i) => i.end > i.start && i.start < to && i.end > from,
      ),
    }),
  );
}

/** Every applying window's occurrences overlapping [from, to). */
export function collectOccurrences(
  windows: readonly CompiledWindow[],
  extra: readonly ExtraDeny[],
  from: number,
  to: number,
): WindowOccurrences[] {
  const out: WindowOccurrences[] = windows.map((window) => ({
    name: window.name,
    kind: window.kind,
    timezone: window.timezone,
    message: window.message,
    validity: window.validity,
    occurrences: window.occurrences(from, to),
  }));
  out.push(...extraDenyOccurrences(extra, from, to));
  return out;
}

/**
 * The allowed time in [from, to), merged: where no allow window is in force or an allow
 * occurrence runs, minus every deny occurrence. Deny always wins.
 */
export function openTime(collected: readonly WindowOccurrences[], from: number, to: number) {
  const inForce: Interval[] = [];
  const allow: Interval[] = [];
  const deny: Interval[] = [];
  for (const window of collected) {
    if (window.kind === 'allow') {
      inForce.push(window.validity);
      allow.push(...window.occurrences);
    } else deny.push(...window.occurrences);
  }
  const unrestricted = complement(merge(clip(inForce, from, to)), from, to);
  const permitted = merge([...clip(allow, from, to), ...unrestricted]);
  return subtract(permitted, merge(clip(deny, from, to)));
}

/** One layer's applying windows, with the platform's deny periods when it carries them. */
export interface LayerWindows {
  windows: readonly CompiledWindow[];
  extra: readonly ExtraDeny[];
}

/** Each layer's windows' occurrences overlapping [from, to), layer by layer. */
export function collectLayers(
  layers: readonly LayerWindows[],
  from: number,
  to: number,
): WindowOccurrences[][] {
  return layers.map((layer) => collectOccurrences(layer.windows, layer.extra, from, to));
}

/** The instants of [from, to) in every one of the merged interval lists (none: all of it). */
export function intersectAll(
  opens: readonly (readonly Interval[])[],
  from: number,
  to: number,
): Interval[] {
  const [first, ...rest] = opens;
  if (first === undefined) return complement([], from, to);
  let open: readonly Interval[] = first;
  for (const layer of rest) open = subtract(open, complement(layer, from, to));
  return open.map((interval) => ({ ...interval }));
}

/**
 * The time in [from, to) every layer allows, merged: each layer's open time, intersected.
 * One layer is its own open time (docs/organisation.md, "Layers").
 */
export function layeredOpenTime(
  collected: readonly (readonly WindowOccurrences[])[],
  from: number,
  to: number,
): Interval[] {
  return intersectAll(
    collected.map((layer) => openTime(layer, from, to)),
    from,
    to,
  );
}
