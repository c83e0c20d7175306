import type { HolidayProvider } from '../core/types.js';

/** Loads date-holidays (lazily: its data is large) and wraps it as a HolidayProvider. OWNER: issue-7 helper. */
export async function loadHolidayProvider(): Promise<HolidayProvider> {
  throw new Error('not implemented yet: loadHolidayProvider');
}
