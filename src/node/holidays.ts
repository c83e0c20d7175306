// Public-holiday data for `holidays` windows: date-holidays' rules and data, read one country at
// a time. The build packs the data into holidays.jsonl beside each bundle (an index line, then
// one line per country), so a config loads only the countries it names; the rule engine
// (holiday-rules.cjs) is loaded only by configs with `holidays:` (docs/calendar.md, "Holidays").
import { closeSync, openSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { utcMs } from '../core/time/local-date.js';
import type { HolidayProvider, LocalDate, PlaceCheck } from '../core/types.js';
import { closeMatches, type NamedCode } from './close-matches.js';

type ParserModule = typeof import('./holiday-parser.js');
type Calendar = InstanceType<ParserModule['HolidaysParser']>;
type HolidayType = 'public' | 'bank' | 'optional' | 'school' | 'observance';

export const HOLIDAY_TYPES: readonly HolidayType[] = [
  'public',
  'bank',
  'school',
  'optional',
  'observance',
];

const DAY_MS = 86_400_000;
export const HOLIDAY_DATA_FILE = 'holidays.jsonl';
/** The index line is ~15 KB and any other line under 100 KB: far larger is not our file. */
const MAX_INDEX_BYTES = 1024 * 1024;
const MAX_LINE_BYTES = 4 * 1024 * 1024;

/** The first line of holidays.jsonl (written by scripts/build.mjs). */
interface HolidayIndex {
  format: 1;
  /** date-holidays' data version and licence (CC-BY-SA-3.0). */
  version: string;
  license: string;
  /** The holiday names line (shared by all countries): [byte offset after the index, length]. */
  names: [number, number];
  /** Code -> [English name, native name, byte offset after the index line, byte length]. */
  countries: Record<string, [string, string, number, number]>;
}

/** One country's line: its part of date-holidays' data, and the time zones its rules name. */
interface CountryRecord {
  holidays: Record<string, unknown>;
  /** moment-timezone packed zones and links (equinox rules convert in a named zone). */
  zones: string[];
  links: string[];
}

/**
 * The data file: beside the running bundle (dist/, dist/cli/, the Jenkins resource); run from
 * the sources (tests), the committed copy in dist/. Never searched for anywhere else.
 */
function dataFilePath(): string {
  const here = import.meta.url;
  return fileURLToPath(
    new URL(here.endsWith('.ts') ? `../../dist/${HOLIDAY_DATA_FILE}` : HOLIDAY_DATA_FILE, here),
  );
}

class HolidayData {
  readonly index: HolidayIndex;
  private readonly bodyStart: number;
  private readonly records = new Map<string, CountryRecord>();
  private sharedNames: Record<string, unknown> | undefined;

  constructor(private readonly path: string) {
    const head = this.read(0, MAX_INDEX_BYTES);
    const newline = head.indexOf(10);
    if (newline < 0)
      throw new Error(`${path}: no index line in the first ${MAX_INDEX_BYTES} bytes`);
    this.index = JSON.parse(head.subarray(0, newline).toString('utf8')) as HolidayIndex;
    if (this.index.format !== 1)
      throw new Error(`${path}: unknown format ${String(this.index.format)}`);
    this.bodyStart = newline + 1;
  }

  private read(position: number, length: number): Buffer {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (error) {
      const why =
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : 'cannot be read';
      throw new Error(
        `the holiday data ${this.path} ${why}; it ships beside the deploy-window bundle`,
      );
    }
    try {
      const buffer = Buffer.allocUnsafe(length);
      const got = readSync(fd, buffer, 0, length, position);
      return buffer.subarray(0, got);
    } finally {
      closeSync(fd);
    }
  }

  /** One line of the body: `at` is [offset after the index line, length without newline]. */
  private line(at: [number, number], what: string): unknown {
    const [offset, length] = at;
    if (!(Number.isInteger(offset) && offset >= 0 && length > 0 && length <= MAX_LINE_BYTES)) {
      throw new Error(`${this.path}: bad index entry for ${what}`);
    }
    const bytes = this.read(this.bodyStart + offset, length);
    if (bytes.length !== length) throw new Error(`${this.path}: truncated at ${what}`);
    return JSON.parse(bytes.toString('utf8'));
  }

  /** The holiday names every country refers to (read once). */
  names(): Record<string, unknown> {
    this.sharedNames ??= this.line(this.index.names, 'the holiday names') as Record<
      string,
      unknown
    >;
    return this.sharedNames;
  }

  /** The country's record (read once), or null for a code the data does not have. */
  country(code: string): CountryRecord | null {
    const cached = this.records.get(code);
    if (cached) return cached;
    const entry = this.index.countries[code];
    if (!entry) return null;
    const record = this.line([entry[2], entry[3]], code) as CountryRecord;
    this.records.set(code, record);
    return record;
  }
}

let parserModule: Promise<ParserModule> | undefined;
let holidayData: HolidayData | undefined;

/**
 * A HolidayProvider that reads the named countries now and any other on first use. Loads the
 * rule engine (a lazy chunk) once per process; each country costs only its own line.
 */
export async function loadHolidayProvider(
  countries: readonly string[] = [],
): Promise<HolidayProvider> {
  parserModule ??= import('./holiday-parser.js');
  const parser = await parserModule;
  holidayData ??= new HolidayData(dataFilePath());
  const provider = createHolidayProvider(parser, holidayData);
  for (const country of countries) provider.checkPlace(country, null, null, []);
  return provider;
}

function namedCodes(primary: Record<string, string>, native: Record<string, string>): NamedCode[] {
  return Object.keys(primary).map((code) => {
    const names = [primary[code], native[code]].filter((name): name is string => Boolean(name));
    return { code, names: [...new Set(names)] };
  });
}

function findCode(entries: Record<string, unknown>, given: string): string | undefined {
  const wanted = given.trim().toUpperCase();
  return Object.keys(entries).find((code) => code.toUpperCase() === wanted);
}

function unknown(what: string, given: string, known: NamedCode[], where = ''): PlaceCheck {
  const hint = closeMatches(given, known);
  const list = known.length <= 20 ? `; known: ${known.map((entry) => entry.code).join(', ')}` : '';
  return {
    ok: false,
    message: `unknown ${what} "${given}"${where} in the date-holidays data (expected a code${list})`,
    ...(hint ? { hint } : {}),
  };
}

function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(utcMs(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** The local days one holiday covers: from its (local) start date, one per started day. */
function holidayDays(holiday: { date: string; start: Date; end: Date }): LocalDate[] {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(holiday.date);
  if (!match) return [];
  const first = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  // Half days (Christmas Eve from 14:00) count as whole days; multi-day holidays give each day.
  const days = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS));
  return Array.from({ length: days }, (_, index) => addDays(first, index));
}

function dateKey(date: LocalDate): number {
  return date.year * 10_000 + date.month * 100 + date.day;
}

function createHolidayProvider(parser: ParserModule, data: HolidayData): HolidayProvider {
  const { HolidaysParser, moment } = parser;
  const countryNames = (which: 0 | 1): Record<string, string> =>
    Object.fromEntries(
      Object.entries(data.index.countries).map(([code, entry]) => [code, entry[which]]),
    );
  /** Per country: its record in the form date-holidays-parser takes, and a catalogue over it. */
  const loaded = new Map<string, { record: object; catalogue: Calendar }>();
  const calendars = new Map<string, Calendar>();
  const years = new WeakMap<Calendar, Map<number, ReturnType<Calendar['getHolidays']>>>();

  /** One calendar year of holidays (each year is asked for twice: as itself and as the last). */
  function yearOf(calendar: Calendar, year: number) {
    let known = years.get(calendar);
    if (!known) {
      known = new Map();
      years.set(calendar, known);
    }
    let holidays = known.get(year);
    if (!holidays) {
      holidays = calendar.getHolidays(year);
      known.set(year, holidays);
    }
    return holidays;
  }

  function countryData(code: string) {
    let entry = loaded.get(code);
    if (!entry) {
      const line = data.country(code);
      if (!line) return null;
      // The zones its equinox rules name: bundles ship moment-timezone without its data. Only
      // then: bundles load moment-timezone on first use (see scripts/build.mjs).
      if (line.zones.length > 0) moment.tz.add(line.zones);
      if (line.links.length > 0) moment.tz.link(line.links);
      const record = {
        version: data.index.version,
        license: data.index.license,
        holidays: line.holidays,
        names: data.names(),
      };
      entry = { record, catalogue: new HolidaysParser(record) };
      loaded.set(code, entry);
    }
    return entry;
  }

  function findCountry(given: string): string | undefined {
    return findCode(data.index.countries, given);
  }

  function resolvePlace(country: string, state: string | null, region: string | null) {
    const countryCode = findCountry(country);
    const catalogue = countryCode ? countryData(countryCode)?.catalogue : undefined;
    const stateCode =
      countryCode && catalogue && state
        ? findCode(catalogue.getStates(countryCode) ?? {}, state)
        : undefined;
    const regionCode =
      countryCode && catalogue && stateCode && region
        ? findCode(catalogue.getRegions(countryCode, stateCode) ?? {}, region)
        : undefined;
    return { countryCode, stateCode, regionCode };
  }

  function calendarFor(
    country: string,
    state: string | null,
    region: string | null,
    types: string[],
  ): Calendar | null {
    const { countryCode, stateCode, regionCode } = resolvePlace(country, state, region);
    const source = countryCode ? countryData(countryCode) : null;
    if (!countryCode || !source) return null;
    const wantedTypes = (types.length > 0 ? types : ['public']) as HolidayType[];
    const key = [countryCode, stateCode, regionCode, wantedTypes.join(',')].join('|');
    let calendar = calendars.get(key);
    if (!calendar) {
      const place = {
        country: countryCode,
        ...(stateCode ? { state: stateCode } : {}),
        ...(regionCode ? { region: regionCode } : {}),
      };
      calendar = new HolidaysParser(source.record, place, { types: wantedTypes });
      // Local dates, no time zone: only the holiday's date and length in days are used, and
      // converting each holiday into the country's zone is most of date-holidays' cost.
      calendar.setTimezone(undefined);
      calendars.set(key, calendar);
    }
    return calendar;
  }

  return {
    checkPlace(country, state, region, types) {
      const countryCode = findCountry(country);
      const catalogue = countryCode ? countryData(countryCode)?.catalogue : undefined;
      if (!countryCode || !catalogue) {
        const known = namedCodes(countryNames(0), countryNames(1));
        return unknown('country', country, known);
      }
      const countryName = data.index.countries[countryCode]?.[0] ?? countryCode;
      const states = catalogue.getStates(countryCode) ?? {};
      let stateCode: string | undefined;
      if (state !== null) {
        stateCode = findCode(states, state);
        if (!stateCode) {
          if (Object.keys(states).length === 0) {
            return {
              ok: false,
              message: `${countryName} (${countryCode}) has no states in the date-holidays data; remove "state"`,
            };
          }
          const known = namedCodes(catalogue.getStates(countryCode, 'en') ?? {}, states);
          return unknown('state', state, known, ` of ${countryName} (${countryCode})`);
        }
      }
      if (region !== null) {
        if (!stateCode) {
          return {
            ok: false,
            message: `"region" needs a "state": regions belong to a state of ${countryName}`,
          };
        }
        const regions = catalogue.getRegions(countryCode, stateCode) ?? {};
        if (!findCode(regions, region)) {
          if (Object.keys(regions).length === 0) {
            return {
              ok: false,
              message: `${countryCode}-${stateCode} has no regions in the date-holidays data; remove "region"`,
            };
          }
          const known = namedCodes(
            catalogue.getRegions(countryCode, stateCode, 'en') ?? {},
            regions,
          );
          return unknown('region', region, known, ` of ${countryCode}-${stateCode}`);
        }
      }
      for (const type of types) {
        if (!HOLIDAY_TYPES.includes(type as HolidayType)) {
          const known = HOLIDAY_TYPES.map((code) => ({ code, names: [code] }));
          const hint = closeMatches(type, known);
          return {
            ok: false,
            message: `unknown holiday type "${type}" (expected one of ${HOLIDAY_TYPES.join(', ')})`,
            ...(hint ? { hint } : {}),
          };
        }
      }
      return { ok: true };
    },

    holidays(country, state, region, types, year) {
      const calendar = calendarFor(country, state, region, types);
      if (!calendar) return [];
      const seen = new Map<number, LocalDate>();
      // A multi-day holiday that starts late in December reaches into the next year.
      for (const holiday of [...yearOf(calendar, year - 1), ...yearOf(calendar, year)]) {
        for (const day of holidayDays(holiday)) {
          if (day.year === year) seen.set(dateKey(day), day);
        }
      }
      return [...seen.entries()].sort(([a], [b]) => a - b).map(([, day]) => day);
    },
  };
}
