// RRULE expansion for calendar events, in floating wall time, by the engine's own reader and
// expander (../rrule-parse.ts, ../rrule-expand.ts), as for the config's `rrule` windows.
import { ruleExpansion, ruleSpec } from '../rrule-expand.js';
import { RuleSyntaxError } from '../rrule-parse.js';

export { ruleExpansion, ruleSpec, startsPerDay } from '../rrule-expand.js';

const MINUTE_MS = 60_000;

/** Wall ms of every start of the rule in [lowWall, highWall], ascending. */
export type RuleExpander = (lowWall: number, highWall: number) => number[];

/** null when the rule is usable; else what is wrong with it, without quoting the rule. */
export function ruleProblem(rule: string): string | null {
  if (!/(^|;)\s*FREQ=/i.test(rule)) return 'has no FREQ (e.g. FREQ=WEEKLY;BYDAY=MO)';
  // As in the config's rrule: windows are precise to the minute (docs/config.md, "Limits").
  if (/(^|;)\s*FREQ=SECONDLY\s*(;|$)/i.test(rule)) {
    return 'FREQ=SECONDLY is finer than a minute: deploy windows are precise to the minute; expected MINUTELY or coarser';
  }
  const seconds = /(?:^|;)\s*BYSECOND=([^;]*)/i.exec(rule)?.[1];
  if (seconds?.split(',').some((second) => Number(second) !== 0)) {
    return 'BYSECOND other than 0 is finer than a minute: deploy windows are precise to the minute; expected BYSECOND=0';
  }
  try {
    ruleExpander(rule, 0);
  } catch (error) {
    return error instanceof RuleSyntaxError
      ? error.unquoted
      : 'expected an RFC 5545 rule such as FREQ=WEEKLY;BYDAY=MO';
  }
  return null;
}

export function ruleExpander(rule: string, dtstartWall: number): RuleExpander {
  // Rules expand from DTSTART's minute; DTSTART's seconds (if any) shift every start alike.
  const seconds = ((dtstartWall % MINUTE_MS) + MINUTE_MS) % MINUTE_MS;
  const expansion = ruleExpansion(ruleSpec(rule, dtstartWall - seconds));
  return (lowWall, highWall) =>
    expansion
      .starts(lowWall - seconds, highWall - seconds)
      .map((wall) => wall + seconds)
      .filter((wall) => wall >= lowWall && wall <= highWall && wall >= dtstartWall);
}
