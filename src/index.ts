// The GitHub Action's entry point (bundled to dist/index.js).
import { run } from './github/main.js';
import { readZonesThroughTz } from './node/zone-offsets.js';

readZonesThroughTz();
void run();
