// The compiler options of the folders ncc bundles from (scripts/build.mjs, scripts/bench.mjs):
// ES modules in, so a transpile-only build does not emit CommonJS (see BUILD_DIR in build.mjs).
export const BUNDLE_COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'ESNext',
  moduleResolution: 'Bundler',
  strict: true,
  isolatedModules: true,
  esModuleInterop: true,
  resolveJsonModule: true,
  skipLibCheck: true,
};
