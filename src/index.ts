// The GitHub Action's entry point (bundled to dist/index.js).
import { run } from './github/main.js';

void run();
