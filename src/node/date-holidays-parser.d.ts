// Types for the part of date-holidays-parser that src/node/holidays.ts uses (the package ships
// its own types, but its `exports` map does not name them, so NodeNext resolution misses them).
declare module 'date-holidays-parser' {
  interface Place {
    country: string;
    state?: string;
    region?: string;
  }
  interface Options {
    types?: string[];
  }
  interface Holiday {
    /** "YYYY-MM-DD hh:mm:ss [-hh:mm]": the local date first. */
    date: string;
    start: Date;
    end: Date;
  }
  export default class Holidays {
    constructor(data: object, country?: Place, opts?: Options);
    getStates(country: string, lang?: string): Record<string, string> | undefined;
    getRegions(country: string, state: string, lang?: string): Record<string, string> | undefined;
    getHolidays(year: number): Holiday[];
    /** undefined: every date is a local date (no time-zone conversion). */
    setTimezone(timezone: string | undefined): void;
  }
}
