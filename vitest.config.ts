// Three suites. `npm test` runs `unit`: everything that runs in-process or starts a bundle
// for a moment, under a minute on a 2-core machine. Its files share their workers' module
// cache (isolate: false; about a third of the time was re-importing per file), so a test file
// must leave globals as it found them: real timers, nock's net connect, process.env.
// `npm run test:e2e` runs what is slow by nature: the shipped bundles in real time (real
// back-off, real waits for an opening, gitlab-ci-local pipelines) and the suites that start a
// JVM or a browser (the Jenkins step under Groovy, CodeNarc, Chromium). `npm run test:dist`
// rebuilds every bundle and compares it with the committed one, and the zone abbreviation table
// with the ICU it was made from. .ci/run runs all three.
import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

const E2E = [
  'test/e2e/**/*.test.ts',
  'test/jenkins/step.test.ts',
  'test/jenkins/step-environment.test.ts',
  'test/jenkins/codenarc.test.ts',
  'test/preview/browser.test.ts',
  'test/preview/timeline.test.ts',
];
/** Generated files against what generates them: the bundles, the zone abbreviation table. */
const DIST = ['test/dist-fresh.test.ts', 'test/zone-abbreviations-fresh.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/support/temp-root.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...E2E, ...DIST],
          isolate: false,
          // Vitest's default is one worker fewer than the cores: a single worker on a 2-core
          // machine. The unit files are CPU-bound and independent, so use every core.
          maxWorkers: Math.max(2, availableParallelism()),
        },
      },
      { extends: true, test: { name: 'e2e', include: E2E } },
      // The rebuild takes most of a minute of CPU on its own.
      { extends: true, test: { name: 'dist', include: DIST, hookTimeout: 240_000 } },
    ],
  },
});
