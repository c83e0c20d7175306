// Public-holiday data for `holidays` windows, on top of the date-holidays package. Its data is
// ~800 KB, so it is imported lazily: bundles keep it in a separate chunk that only configs
// with a `holidays:` window load.
import type { HolidayProvider, LocalDate, PlaceCheck } from '../core/types.js';
import { closeMatches, type NamedCode } from './close-matches.js';

type HolidaysModule = typeof import('date-holidays');
type HolidaysClass = HolidaysModule['default'];
type HolidayType = 'public' | 'bank' | 'optional' | 'school' | 'observance';

export const HOLIDAY_TYPES: readonly HolidayType[] = [
  'public',
  'bank',
  'school',
  'optional',
  'observance',
];

const DAY_MS = 86_400_000;

let loading: Promise<HolidayProvider> | undefined;

/** Loads date-holidays (lazily: its data is large) and wraps it as a HolidayProvider. */
export function loadHolidayProvider(): Promise<HolidayProvider> {
  loading ??= import('date-holidays').then((module) => createHolidayProvider(module.default));
  return loading;
}

function namedCodes(primary: Record<string, string>, native: Record<string, string>): NamedCode[] {
  return Object.keys(primary).map((code) => {
    const names = [primary[code], native[code]].filter((name): name is string => Boolean(name));
    return { code, names: [...new Set(names)] };
  });
}

function findCode(entries: Record<string, string>, given: string): string | undefined {
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
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
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

export function createHolidayProvider(Holidays: HolidaysClass): HolidayProvider {
  const catalogue = new Holidays();
  const calendars = new Map<string, InstanceType<HolidaysClass>>();

  function resolvePlace(country: string, state: string | null, region: string | null) {
    const countryCode = findCode(catalogue.getCountries(), country);
    const stateCode =
      countryCode && state ? findCode(catalogue.getStates(countryCode) ?? {}, state) : undefined;
    const regionCode =
      countryCode && stateCode && region
        ? findCode(catalogue.getRegions(countryCode, stateCode) ?? {}, region)
        : undefined;
    return { countryCode, stateCode, regionCode };
  }

  function calendarFor(
    country: string,
    state: string | null,
    region: string | null,
    types: string[],
  ): InstanceType<HolidaysClass> {
    const { countryCode, stateCode, regionCode } = resolvePlace(country, state, region);
    const wantedTypes = (types.length > 0 ? types : ['public']) as HolidayType[];
    const key = [countryCode, stateCode, regionCode, wantedTypes.join(',')].join('|');
    let calendar = calendars.get(key);
    if (!calendar) {
      const place = {
        country: countryCode ?? country,
        ...(stateCode ? { state: stateCode } : {}),
        ...(regionCode ? { region: regionCode } : {}),
      };
      calendar = new Holidays(place, { types: wantedTypes });
      calendars.set(key, calendar);
    }
    return calendar;
  }

  return {
    checkPlace(country, state, region, types) {
      const countryCode = findCode(catalogue.getCountries(), country);
      if (!countryCode) {
        const known = namedCodes(catalogue.getCountries('en'), catalogue.getCountries());
        return unknown('country', country, known);
      }
      const countryName = catalogue.getCountries('en')[countryCode] ?? countryCode;
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
      const seen = new Map<number, LocalDate>();
      // A multi-day holiday that starts late in December reaches into the next year.
      for (const holiday of [...calendar.getHolidays(year - 1), ...calendar.getHolidays(year)]) {
        for (const day of holidayDays(holiday)) {
          if (day.year === year) seen.set(dateKey(day), day);
        }
      }
      return [...seen.entries()].sort(([a], [b]) => a - b).map(([, day]) => day);
    },
  };
}
