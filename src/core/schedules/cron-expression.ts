import type { CronFields } from '../types.js';

export type CronParse = { ok: true; fields: CronFields } | { ok: false; message: string };

/** Parses a 5-field cron expression (minute hour day-of-month month day-of-week). OWNER: config helper. */
export function parseCronExpression(text: string): CronParse {
  throw new Error(`not implemented yet: parseCronExpression(${text})`);
}
