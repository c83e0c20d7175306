// `rrule` + `duration` windows: the engine's own expander (./rrule-expand.ts) in the window's
// floating wall time; each local start becomes an instant by RFC 5545 3.3.5, and `duration`
// is elapsed time (docs/engine.md).
import { instantToLocal } from '../time/resolve.js';
import type { LocalDate, LocalDateTime, Schedule } from '../types.js';
import { ascending, dayResolver, type OccurrenceFn, occurrencesOfLength } from './occurrences.js';
import { type RuleExpansion, type RuleSpec, ruleExpansion, ruleSpec } from './rrule-expand.js';

type RruleSchedule = Extract<Schedule, { form: 'rrule' }>;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Floating wall time: ms whose UTC fields are the local wall fields. */
function floating(local: LocalDateTime): number {
  const date = new Date(0);
  date.setUTCFullYear(local.year, local.month - 1, local.day);
  date.setUTCHours(local.hour, local.minute, 0, 0);
  return date.getTime();
}

function wallOf(epochMs: number, zone: string): number {
  return floating(instantToLocal(epochMs, zone));
}

/** DTSTART of a window's rule: its DTSTART line, else the window's `from` 00:00, else 1970-01-01. */
export function rruleStart(schedule: RruleSchedule, validFrom: LocalDate | null): number {
  const local: LocalDateTime =
    schedule.dtstart ??
    (validFrom
      ? { ...validFrom, hour: 0, minute: 0 }
      : { year: 1970, month: 1, day: 1, hour: 0, minute: 0 });
  return floating(local);
}

/** The checked rule of an `rrule` window, for expansion and for the config's limits. */
export function rruleSpecOf(schedule: RruleSchedule, validFrom: LocalDate | null): RuleSpec {
  return ruleSpec(schedule.rule, rruleStart(schedule, validFrom));
}

// Expansions by rule and DTSTART, so that the loader's checks and the engine count COUNT once.
const expansions = new Map<string, RuleExpansion>();
const EXPANSIONS_KEPT = 1024;

export function rruleExpansionOf(
  schedule: RruleSchedule,
  validFrom: LocalDate | null,
): RuleExpansion {
  const key = `${schedule.rule}|${rruleStart(schedule, validFrom)}`;
  let found = expansions.get(key);
  if (!found) {
    if (expansions.size >= EXPANSIONS_KEPT) expansions.clear();
    found = ruleExpansion(rruleSpecOf(schedule, validFrom));
    expansions.set(key, found);
  }
  return found;
}

/** RRULE windows: occurrences of `duration` elapsed minutes from each local start. */
export function compileRrule(
  schedule: RruleSchedule,
  zone: string,
  validFrom: LocalDate | null,
): OccurrenceFn {
  const expansion = rruleExpansionOf(schedule, validFrom);
  const length = schedule.duration * MINUTE_MS;
  const startsIn = (low: number, high: number): number[] => {
    const out: number[] = [];
    let day = Number.NaN;
    let resolve: (hour: number, minute: number) => number = () => Number.NaN;
    // Wall-time bounds with a day's slack for the zone's offset.
    for (const wall of expansion.starts(wallOf(low, zone) - DAY_MS, wallOf(high, zone) + DAY_MS)) {
      const wallDay = Math.floor(wall / DAY_MS);
      if (wallDay !== day) {
        day = wallDay;
        resolve = dayResolver(day, zone);
      }
      const ofDay = wall - wallDay * DAY_MS;
      const minutes = Math.floor(ofDay / MINUTE_MS);
      const start = resolve(Math.floor(minutes / 60), minutes % 60) + (ofDay - minutes * MINUTE_MS);
      if (start >= low && start < high) out.push(start);
    }
    return ascending(out);
  };
  return (from, to) => occurrencesOfLength(startsIn, length, from, to);
}
