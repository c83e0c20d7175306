// RRULE expansion for calendar events, in floating wall time. ical.js validates the rule text;
// the engine's rrule.js expander (compileRrule) expands it: ical.js 2.2.1 mis-expands days a
// month lacks (FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30 yields March 2), while compileRrule guards
// rules that never match and moves DTSTART forward for ranges far from it.
import ICAL from 'ical.js';
import { compileRrule } from '../rrule.js';

const MINUTE_MS = 60_000;

/** Wall ms of every start of the rule in [lowWall, highWall], ascending. */
export type RuleExpander = (lowWall: number, highWall: number) => number[];

/** null when the rule is usable; else what is wrong with it. */
export function ruleProblem(rule: string): string | null {
  if (!/(^|;)\s*FREQ=/i.test(rule)) return `"${rule}" has no FREQ (e.g. FREQ=WEEKLY;BYDAY=MO)`;
  try {
    ICAL.Recur.fromString(rule);
    ruleExpander(rule, 0);
  } catch (error) {
    return `"${rule}": ${(error as Error).message}`;
  }
  return null;
}

export function ruleExpander(rule: string, dtstartWall: number): RuleExpander {
  const start = new Date(dtstartWall);
  const seconds = dtstartWall % MINUTE_MS;
  // In zone UTC the engine's "instants" are the wall times themselves.
  const occurrences = compileRrule(
    {
      form: 'rrule',
      rule,
      dtstart: {
        year: start.getUTCFullYear(),
        month: start.getUTCMonth() + 1,
        day: start.getUTCDate(),
        hour: start.getUTCHours(),
        minute: start.getUTCMinutes(),
      },
      duration: 1,
    },
    'UTC',
    null,
  );
  return (lowWall, highWall) =>
    occurrences(lowWall - MINUTE_MS, highWall + MINUTE_MS)
      .map((interval) => interval.start + seconds)
      .filter((wall) => wall >= lowWall && wall <= highWall && wall >= dtstartWall);
}
