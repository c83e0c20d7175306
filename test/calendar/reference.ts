// The holiday dates date-holidays itself computes: what every reading of holidays.jsonl must give.
import Holidays from 'date-holidays';

/** The dates date-holidays itself gives (every holiday in the country's own time zone). */
export function reference(country: string, state: string | null, year: number): string[] {
  const days = new Set<string>();
  const calendar = new Holidays({ country, ...(state ? { state } : {}) }, { types: ['public'] });
  for (const holiday of [...calendar.getHolidays(year - 1), ...calendar.getHolidays(year)]) {
    const [y, m, d] = holiday.date.slice(0, 10).split('-').map(Number) as [number, number, number];
    const length = Math.max(
      1,
      Math.round((holiday.end.getTime() - holiday.start.getTime()) / 86_400_000),
    );
    for (let i = 0; i < length; i++) {
      const day = new Date(Date.UTC(y, m - 1, d + i));
      if (day.getUTCFullYear() === year) days.add(day.toISOString().slice(0, 10));
    }
  }
  return [...days].sort();
}
