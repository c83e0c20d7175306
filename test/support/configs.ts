// Configs the policy-diff and preview tests share (docs/preview.md): weekday hours in Berlin to
// move about, and a config text read as the engine gets it.
import { loadConfig } from '../../src/core/config/load.js';
import type { Config } from '../../src/core/types.js';

/** Production open Monday to Friday from `start` to `end` (HH:MM), Berlin time. */
export const berlinWeekdayHours = (start: string, end: string) => `version: 1
timezone: Europe/Berlin
windows:
  - name: business-hours
    environments: [production]
    time: "${start}-${end}"
    days: [MO, TU, WE, TH, FR]
`;

/** `text` loaded as `deploy-windows.yml`; its errors, if any, thrown. */
export function parsedConfig(text: string): Config {
  const result = loadConfig(text, { file: 'deploy-windows.yml' });
  if (!result.ok) throw new Error(result.errors.map((issue) => issue.message).join('\n'));
  return result.config;
}
