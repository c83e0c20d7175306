// The config's work limits (docs/config.md, "Limits"): how often its windows may start in a
// day, and how much counting RRULE COUNTs from their DTSTART may take. Within them every
// decision is bounded in time and memory, whatever the rules are.
import { isMap, isScalar, type Node } from 'yaml';
import { scheduleStartsPerDay } from '../schedules/density.js';
import { calendarCountedDays } from '../schedules/ics.js';
import { rruleExpansionOf } from '../schedules/rrule.js';
import { MAX_COUNT_DAYS } from '../schedules/rrule-expand.js';
import type { ScheduleForm, WindowConfig } from '../types.js';
import type { ConfigReader } from './reader.js';

/** At most this many occurrence starts a day, all windows together (an every-minute rule: 1,440). */
export const MAX_STARTS_PER_DAY = 5_000;
/** At most this many days walked in all to find where COUNT rules end (one rule: MAX_COUNT_DAYS). */
export const MAX_COUNTED_DAYS = 1_000_000;

const FORM_KEYS: Record<ScheduleForm, string> = {
  rrule: 'rrule',
  cron: 'cron',
  'cron-range': 'cron',
  once: 'start',
  time: 'time',
  weekly: 'weekly',
  monthly: 'monthly',
  dates: 'dates',
  holidays: 'holidays',
  ics: 'ics',
};

const number = (value: number) => value.toLocaleString('en-US');

/** The key node of a window's schedule, for positions (the window itself when not found). */
function scheduleKey(node: Node | null, key: string): Node | null {
  if (node !== null && isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key) && pair.key.value === key) return pair.key as Node;
    }
  }
  return node;
}

export interface WindowItem {
  node: Node | null;
  path: string;
}

/** Reports the first window past each limit. `items` are the windows' YAML items, in order. */
export function checkWindowLimits(
  reader: ConfigReader,
  items: readonly WindowItem[],
  windows: readonly WindowConfig[],
): void {
  let starts = 0;
  let counted = 0;
  let startsReported = false;
  windows.forEach((window, index) => {
    const item = items[index];
    const key = FORM_KEYS[window.schedule.form];
    const at = scheduleKey(item?.node ?? null, key);
    const path = `${item?.path ?? `windows[${index}]`}.${key}`;
    const own = scheduleStartsPerDay(window);
    starts += own;
    if (starts > MAX_STARTS_PER_DAY && !startsReported) {
      startsReported = true;
      reader.error(
        at,
        path,
        `the windows start up to ${number(starts)} times a day so far (this one up to ${number(own)}); expected at most ${number(MAX_STARTS_PER_DAY)} a day in one config (an every-minute rule starts 1,440 times): use fewer or coarser rules`,
      );
    }
    if (counted >= MAX_COUNTED_DAYS) return;
    const { schedule } = window;
    if (schedule.form === 'rrule') {
      const expansion = rruleExpansionOf(schedule, window.from);
      counted += expansion.countedDays();
      if (!expansion.countReached()) {
        reader.error(
          at,
          path,
          `the rule's COUNT is not used up within ${number(MAX_COUNT_DAYS)} days (about 100 years) of its start; expected a smaller COUNT, or UNTIL`,
        );
      }
    } else if (schedule.form === 'ics') {
      const calendar = calendarCountedDays(schedule.calendar, MAX_COUNTED_DAYS - counted);
      counted += calendar.days;
      if (calendar.problem !== null) {
        reader.error(
          at,
          path,
          `${schedule.path}:${calendar.problem.line}: ${calendar.problem.message}`,
        );
      }
    }
    if (counted >= MAX_COUNTED_DAYS) {
      reader.error(
        at,
        path,
        `the COUNT rules take more than ${number(MAX_COUNTED_DAYS)} days in all to count from their starts; expected fewer or shorter COUNT rules, or UNTIL`,
      );
    }
  });
}
