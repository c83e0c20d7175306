#!/usr/bin/env node
// Builds the committed bundles with ncc:
//   src/index.ts      -> dist/index.js       (the GitHub Action, node24)
//   src/cli/index.ts  -> dist/cli/index.js   (the CLI, `#!/usr/bin/env node`, executable)
// and copies the CLI byte for byte to jenkins/resources/deploy-window/deploy-window.mjs
// (with any chunk files ncc emitted, which the bundle loads from beside itself).
//
// Usage: node scripts/build.mjs [--out DIR] [--only action|cli] [--quiet] [--no-minify]
// The output root defaults to the repository (or DEPLOY_WINDOW_BUILD_OUT); test/dist-fresh
// builds into a temp dir and compares with what is committed.
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const { values: flags } = parseArgs({
  options: {
    out: { type: 'string' },
    only: { type: 'string' },
    quiet: { type: 'boolean' },
    // Readable bundles for profiling; never commit them.
    'no-minify': { type: 'boolean' },
  },
});
const outRoot = resolve(flags.out ?? process.env.DEPLOY_WINDOW_BUILD_OUT ?? root);
const log = flags.quiet ? () => {} : (line) => process.stdout.write(`${line}\n`);

const SHEBANG = '#!/usr/bin/env node\n';
const JENKINS_DIR = 'jenkins/resources/deploy-window';
const JENKINS_MAIN = 'deploy-window.mjs';
const JENKINS_FILES = 'files.txt';

const targets = [
  {
    name: 'action',
    entry: 'src/index.ts',
    outDir: 'dist',
    shebang: false,
  },
  {
    name: 'cli',
    entry: 'src/cli/index.ts',
    outDir: 'dist/cli',
    shebang: true,
    copyTo: JENKINS_DIR,
  },
];

if (flags.only && !targets.some((target) => target.name === flags.only)) {
  process.stderr.write(`build: --only must be action or cli, not ${flags.only}\n`);
  process.exit(2);
}

/** Chunk files ncc emits for dynamic imports (`123.index.js`): removed before each build. */
const isChunk = (file) => /^\d+\.index\.js$/.test(file);

function clearChunks(dir) {
  if (!existsSync(dir)) return;
  for (const file of readdirSync(dir)) {
    if (isChunk(file)) rmSync(join(dir, file));
  }
}

function write(path, content, mode) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  if (mode) chmodSync(path, mode);
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

// ncc type-checks with the project's tsconfig unless transpileOnly, and then any type error
// anywhere (a test file mid-edit) fails the bundle; transpile-only with the project's
// `module: NodeNext` emits CommonJS. So the bundle starts from a one-line entry in a build
// directory whose tsconfig says ESNext: ncc and ts-loader both take the tsconfig nearest the
// entry. The directory sits at a fixed place inside the repository so module ids, which
// depend on paths relative to it, are the same in every checkout. Types: `npm run typecheck`.
const BUILD_DIR = join(root, 'node_modules/.cache/deploy-window-build');
const BUILD_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    strict: true,
    isolatedModules: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: true,
  },
};

function buildEntry(name, entry) {
  mkdirSync(BUILD_DIR, { recursive: true });
  writeFileSync(join(BUILD_DIR, 'tsconfig.json'), `${JSON.stringify(BUILD_TSCONFIG, null, 2)}\n`);
  const target = relative(BUILD_DIR, join(root, entry)).replace(/\\/g, '/').replace(/\.ts$/, '.js');
  const file = join(BUILD_DIR, `${name}.ts`);
  writeFileSync(file, `import '${target}';\n`);
  return file;
}

async function bundle(name, entry) {
  const ncc = require('@vercel/ncc');
  return ncc(buildEntry(name, entry), {
    minify: !flags['no-minify'],
    sourceMap: false,
    cache: false,
    quiet: true,
    transpileOnly: true,
    target: 'es2022',
    license: 'licenses.txt',
  });
}

async function build(target) {
  if (!existsSync(join(root, target.entry))) {
    log(`skip ${target.name}: ${target.entry} does not exist yet`);
    return;
  }
  const { code, assets } = await bundle(target.name, target.entry);
  const outDir = join(outRoot, target.outDir);
  const copyDir = target.copyTo ? join(outRoot, target.copyTo) : null;
  clearChunks(outDir);
  if (copyDir) clearChunks(copyDir);

  const main = target.shebang && !code.startsWith('#!') ? SHEBANG + code : code;
  write(join(outDir, 'index.js'), main, target.shebang ? 0o755 : undefined);
  if (copyDir) write(join(copyDir, JENKINS_MAIN), main, 0o755);

  const files = [`index.js ${kib(Buffer.byteLength(main))}`];
  for (const [name, asset] of Object.entries(assets).sort(([a], [b]) => a.localeCompare(b))) {
    const source = asset.source;
    write(join(outDir, name), source);
    if (copyDir) write(join(copyDir, name), source);
    files.push(`${name} ${kib(Buffer.byteLength(source))}`);
  }
  log(`${target.name}: ${target.entry} -> ${target.outDir}/ (${files.join(', ')})`);
  if (copyDir) {
    // The Jenkins step writes the bundle into the workspace with libraryResource, which cannot
    // list a directory: this names the files that must sit beside deploy-window.mjs.
    const beside = Object.keys(assets)
      .filter((name) => name !== 'licenses.txt')
      .sort();
    write(join(copyDir, JENKINS_FILES), beside.map((name) => `${name}\n`).join(''));
    log(`${target.name}: copied to ${target.copyTo}/${JENKINS_MAIN} (+ ${beside.join(', ')})`);
  }
}

try {
  for (const target of targets) {
    if (flags.only && flags.only !== target.name) continue;
    await build(target);
  }
} catch (error) {
  // ncc's errors carry its own minified source as context: print the message only.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`build failed: ${message.split('\n').slice(0, 12).join('\n')}\n`);
  process.exitCode = 1;
}
