// Reads a `holidays: {country, state, region, types}` window from the config, checking the
// place against the adapter's holiday data (the runtime is holidays.ts).
import type { FormReader } from '../config/schedule-context.js';
import type { Schedule } from '../types.js';

export const readHolidays: FormReader<Extract<Schedule, { form: 'holidays' }>> = (
  context,
  entry,
) => {
  const { reader, options } = context;
  const place = reader.readMap(
    entry.value,
    entry.path,
    ['country', 'state', 'region', 'types'],
    'a place such as {country: US, state: CA}',
    reader.valueNode(entry),
  );
  if (!place) return undefined;
  const countryEntry = place.get('country');
  if (!countryEntry) {
    reader.error(
      reader.valueNode(entry),
      `${entry.path}.country`,
      'holidays needs a country (an ISO 3166 code such as US or DE)',
    );
    return undefined;
  }
  const country = reader.readText(countryEntry, 'a country code such as US or DE');
  const optional = (key: string): string | null | undefined => {
    const part = place.get(key);
    return part ? reader.readText(part, `a ${key} code`) : null;
  };
  const state = optional('state');
  const region = optional('region');
  const typesEntry = place.get('types');
  const types = typesEntry
    ? reader.readTextList(typesEntry, 'a holiday type such as public or bank', true)
    : ['public'];
  if (country === undefined || state === undefined || region === undefined || !types) {
    return undefined;
  }
  const provider = options.holidays;
  if (!provider) {
    reader.error(
      reader.valueNode(entry),
      entry.path,
      'holiday data is unavailable, so this holidays window cannot be checked or expanded',
    );
    return undefined;
  }
  let check: ReturnType<typeof provider.checkPlace>;
  try {
    check = provider.checkPlace(country, state, region, types);
  } catch (error) {
    check = { ok: false, message: `holiday data failed: ${(error as Error).message}` };
  }
  if (!check.ok) {
    reader.error(reader.valueNode(entry), entry.path, check.message, check.hint);
    return undefined;
  }
  return {
    form: 'holidays',
    country,
    state,
    region,
    types,
    datesInYear: (year) => provider.holidays(country, state, region, types, year),
  };
};
