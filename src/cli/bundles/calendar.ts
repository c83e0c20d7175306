// dist/cli/calendar.js: the `calendar` command's bundle (src/cli/command-bundle.ts).
import { commandBundle } from '../command-bundle.js';
import { runCalendar } from '../commands/calendar.js';

export const { run, command } = commandBundle('calendar', runCalendar);
