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
  for (const deny of extraDenyOccurrences(extra, from, to)) out.push(deny);
  return out;
}

/** Appends every interval of `items` to `out` (no spread: lists can be long). */
function pushAll(out: Interval[], items: readonly Interval[]): void {
  for (const item of items) out.push(item);
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
      pushAll(allow, window.occurrences);
    } else pushAll(deny, window.occurrences);
  }
  const unrestricted = complement(merge(clip(inForce, from, to)), from, to);
  const permitted = clip(allow, from, to);
  pushAll(permitted, unrestricted);
  return subtract(merge(permitted), merge(clip(deny, from, to)));
}

/** While what is left has at most this many pieces, each window is taken away at once. */
const SMALL_REMAINDER = 64;
/** Otherwise periods are collected and taken away this many at a time. */
const PENDING_BATCH = 20_000;

/**
 * A shrinking set of instants: periods are taken away one source at a time while the set is
 * small (so a deny window that covers everything ends the work at once); past that, they are
 * collected and taken away together, in one sort, however many sources there are.
 */
class Remainder {
  private pending: Interval[] = [];

  constructor(
    private left: Interval[],
    private readonly from: number,
    private readonly to: number,
  ) {}

  /** Takes sorted, merged periods away. */
  remove(periods: readonly Interval[]): void {
    if (this.pending.length === 0 && this.left.length <= SMALL_REMAINDER) {
      this.left = subtract(this.left, clip(periods, this.from, this.to));
      return;
    }
    pushAll(this.pending, periods);
    // Settled in batches, so that what is collected stays small however many windows come.
    if (this.pending.length >= PENDING_BATCH) this.settle();
  }

  /** Nothing is left (known without settling the collected periods). */
  get empty(): boolean {
    return this.left.length === 0;
  }

  settle(): Interval[] {
    if (this.pending.length > 0) {
      this.left = subtract(this.left, merge(clip(this.pending, this.from, this.to)));
      this.pending = [];
    }
    return this.left;
  }
}

/**
 * One layer's open time in [from, to), computed lazily: the deny windows first, and the allow
 * windows only where something is still open and an allow window is in force. A deny window
 * that covers the span ends the work: the other windows are not expanded. Equal to
 * openTime(collectOccurrences(...)).
 */
export function layerOpenTime(layer: LayerWindows, from: number, to: number): Interval[] {
  if (to <= from) return [];
  const open = new Remainder([{ start: from, end: to }], from, to);
  for (const deny of extraDenyOccurrences(layer.extra, from, to)) {
    open.remove(deny.occurrences);
    if (open.empty) return [];
  }
  const allows: CompiledWindow[] = [];
  for (const window of layer.windows) {
    if (window.kind === 'allow') {
      allows.push(window);
      continue;
    }
    open.remove(window.occurrences(from, to));
    if (open.empty) return [];
  }
  return openWithAllows(open.settle(), allows, from, to);
}

/**
 * What is left open after the deny windows (`left`, merged, within [from, to)), further
 * limited by the allow windows: where one is in force, only allow occurrences open.
 */
export function openWithAllows(
  left: Interval[],
  allows: readonly CompiledWindow[],
  from: number,
  to: number,
): Interval[] {
  if (left.length === 0 || allows.length === 0) return left;
  // Where an allow window is in force, only its occurrences open.
  const inForce = merge(
    clip(
      allows.map((window) => window.validity),
      from,
      to,
    ),
  );
  const restricted = subtract(left, complement(inForce, from, to));
  if (restricted.length === 0) return left;
  const hullFrom = (restricted[0] as Interval).start;
  const hullTo = (restricted[restricted.length - 1] as Interval).end;
  const closed = new Remainder(restricted, hullFrom, hullTo);
  for (const window of allows) {
    closed.remove(window.occurrences(hullFrom, hullTo));
    if (closed.empty) return left;
  }
  return subtract(left, closed.settle());
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
