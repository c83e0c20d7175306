#!/usr/bin/env node
// Builds the committed bundles with ncc:
//   src/index.ts      -> dist/index.js       (the GitHub Action, node24)
//   src/cli/index.ts  -> dist/cli/index.js   (the CLI, `#!/usr/bin/env node`, executable;
//                                            CommonJS: Node 20 starts it 17-40 ms sooner
//                                            than an ES module, see docs/cli.md)
// and copies the CLI byte for byte to jenkins/resources/deploy-window/deploy-window.cjs
// (with any chunk files ncc emitted, which the bundle loads from beside itself).
// Beside each bundle also: holidays.jsonl, date-holidays' data one country per line (read by
// src/node/holidays.ts), and moment-timezone-data.cjs, an empty zone set that replaces
// moment-timezone's 700 KB of zones (each country's line carries the zones its rules name).
// ncc minifies the main file only; the chunks are minified here with the same terser options.
//
// Usage: node scripts/build.mjs [--out DIR] [--only action|cli] [--quiet] [--no-minify]
// The output root defaults to the repository (or DEPLOY_WINDOW_BUILD_OUT); test/dist-fresh
// builds into a temp dir and compares with what is committed.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Holidays from 'date-holidays';
import { data as holidayData } from 'date-holidays/data';
import { minify } from 'terser';

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
const JENKINS_MAIN = 'deploy-window.cjs';
/** What the Jenkins main file was called before the CLI became CommonJS: removed if found. */
const JENKINS_OLD_MAIN = 'deploy-window.mjs';
const JENKINS_FILES = 'files.txt';

const targets = [
  {
    name: 'action',
    entry: 'src/index.ts',
    outDir: 'dist',
    shebang: false,
    esm: true,
  },
  {
    name: 'cli',
    entry: 'src/cli/index.ts',
    outDir: 'dist/cli',
    shebang: true,
    esm: false,
    copyTo: JENKINS_DIR,
  },
];

if (flags.only && !targets.some((target) => target.name === flags.only)) {
  process.stderr.write(`build: --only must be action or cli, not ${flags.only}\n`);
  process.exit(2);
}

/** Chunk files ncc emits for dynamic imports (`123.index.js`): removed before each build. */
const isChunk = (file) => /^\d+\.index\.js$/.test(file);

const HOLIDAY_DATA = 'holidays.jsonl';
const ZONE_DATA = 'moment-timezone-data.cjs';
/** moment-timezone's index loads every zone with this request; the bundles get ZONE_DATA. */
const ZONE_DATA_REQUEST = './data/packed/latest.json';

function clearChunks(dir) {
  if (!existsSync(dir)) return;
  for (const file of readdirSync(dir)) {
    if (isChunk(file)) rmSync(join(dir, file));
  }
}

/** Written whole or not at all: tests read dist/holidays.jsonl while another build runs. */
function write(path, content, mode) {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  writeFileSync(partial, content);
  if (mode) chmodSync(partial, mode);
  renameSync(partial, path);
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

async function bundle(name, entry, esm) {
  const ncc = require('@vercel/ncc');
  const result = await ncc(buildEntry(name, entry), {
    minify: !flags['no-minify'],
    sourceMap: false,
    cache: false,
    quiet: true,
    transpileOnly: true,
    esm,
    target: 'es2022',
    license: 'licenses.txt',
    externals: { [ZONE_DATA_REQUEST]: `./${ZONE_DATA}` },
  });
  const texts = [result.code, ...Object.values(result.assets).map((asset) => String(asset.source))];
  // If moment-timezone ever loads its zones another way, they would be bundled again (700 KB
  // on every holiday config's start): fail here rather than ship that.
  if (texts.some((text) => text.includes('"Pacific/Honolulu|'))) {
    throw new Error(
      `moment-timezone's zone data got into the ${name} bundle: see ZONE_DATA_REQUEST`,
    );
  }
  if (flags['no-minify']) return result;
  for (const [file, asset] of Object.entries(result.assets)) {
    if (!isChunk(file)) continue;
    // ncc's own settings for the main file (it leaves chunks as they are).
    const minified = await minify(String(asset.source), {
      module: esm,
      compress: false,
      mangle: { keep_classnames: true, keep_fnames: true },
    });
    asset.source = minified.code;
  }
  return result;
}

/**
 * holidays.jsonl: an index line (data version and licence; where the names line is; per country
 * its English and native name and where its line is), the holiday names line, then one line per
 * country with its part of date-holidays' data (and that of countries it takes days from) and
 * the moment-timezone zones its rules name.
 */
function holidayFiles() {
  const zoneData = JSON.parse(
    readFileSync(require.resolve(`moment-timezone/data/packed/latest.json`), 'utf8'),
  );
  const zoneByName = new Map(zoneData.zones.map((zone) => [zone.split('|')[0], zone]));
  const linkByName = new Map(zoneData.links.map((link) => [link.split('|')[1], link]));
  const catalogue = new Holidays();
  const english = catalogue.getCountries('en');
  const native = catalogue.getCountries();
  // First the holiday names every country shares (translations of "New Year's Day", ...).
  const namesLine = `${JSON.stringify(holidayData.names)}\n`;
  const lines = [namesLine];
  const countries = {};
  const names = [0, Buffer.byteLength(namesLine) - 1];
  let offset = Buffer.byteLength(namesLine);
  // A country may take another's days (`_days: "FR"` in French Guiana): its line has both.
  const withReferenced = (code, found = new Set()) => {
    if (found.has(code)) return found;
    found.add(code);
    const text = JSON.stringify(holidayData.holidays[code]);
    for (const [, one, first] of text.matchAll(/"_days":(?:"([^"]+)"|\["([^"]+)")/g)) {
      if (!holidayData.holidays[one ?? first]) throw new Error(`${code} refers to ${one ?? first}`);
      withReferenced(one ?? first, found);
    }
    return found;
  };
  for (const code of Object.keys(holidayData.holidays)) {
    const included = Object.fromEntries(
      [...withReferenced(code)].map((other) => [other, holidayData.holidays[other]]),
    );
    const text = JSON.stringify(included);
    // Equinox rules convert in the zone they name, or in GMT.
    const zones = new Set();
    const links = new Set();
    const wanted = [...text.matchAll(/ in ([A-Za-z_]+\/[A-Za-z0-9_/+-]+)/g)].map(
      (match) => match[1],
    );
    if (/equinox|solstice/.test(text)) wanted.push('GMT');
    for (let name of wanted) {
      const link = linkByName.get(name);
      if (link) {
        links.add(link);
        name = link.split('|')[0];
      }
      const zone = zoneByName.get(name);
      if (!zone)
        throw new Error(
          `holiday data of ${code} names the zone ${name}, unknown to moment-timezone`,
        );
      zones.add(zone);
    }
    const line = `${JSON.stringify({ holidays: included, zones: [...zones], links: [...links] })}\n`;
    const length = Buffer.byteLength(line) - 1;
    countries[code] = [english[code] ?? code, native[code] ?? code, offset, length];
    offset += length + 1;
    lines.push(line);
  }
  const index = {
    format: 1,
    version: holidayData.version,
    license: holidayData.license,
    names,
    countries,
  };
  const holidays = `${JSON.stringify(index)}\n${lines.join('')}`;
  const emptyZones = { version: zoneData.version, zones: [], links: [], countries: [] };
  const zonesModule = `module.exports=${JSON.stringify(emptyZones)};\n`;
  // The data is no longer in the bundle, so ncc's licenses.txt does not name it.
  const packageJson = JSON.parse(
    readFileSync(require.resolve('date-holidays/package.json'), 'utf8'),
  );
  const licenseText = readFileSync(
    join(dirname(require.resolve('date-holidays/package.json')), 'LICENSE'),
    'utf8',
  );
  const license = `\n${packageJson.name}\n${packageJson.license}\n${licenseText.trim()}\n`;
  return { holidays, zonesModule, license };
}

let holidayFilesOnce;

async function build(target) {
  // A missing entry fails the build: skipping it would leave (or compare) a stale bundle.
  if (!existsSync(join(root, target.entry))) {
    throw new Error(`${target.entry} (the ${target.name} entry) does not exist`);
  }
  const { code, assets } = await bundle(target.name, target.entry, target.esm);
  const outDir = join(outRoot, target.outDir);
  const copyDir = target.copyTo ? join(outRoot, target.copyTo) : null;
  clearChunks(outDir);
  if (copyDir) {
    clearChunks(copyDir);
    rmSync(join(copyDir, JENKINS_OLD_MAIN), { force: true });
  }

  const main = target.shebang && !code.startsWith('#!') ? SHEBANG + code : code;
  write(join(outDir, 'index.js'), main, target.shebang ? 0o755 : undefined);
  if (copyDir) write(join(copyDir, JENKINS_MAIN), main, 0o755);

  holidayFilesOnce ??= holidayFiles();
  const outputs = {
    ...Object.fromEntries(Object.entries(assets).map(([name, asset]) => [name, asset.source])),
    [HOLIDAY_DATA]: holidayFilesOnce.holidays,
    [ZONE_DATA]: holidayFilesOnce.zonesModule,
    // ncc writes {"type":"module"} for an ES module build and nothing for CommonJS; the
    // repository's own package.json says module, so a CommonJS bundle needs its own.
    ...(target.esm ? {} : { 'package.json': `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n` }),
  };
  if (outputs['licenses.txt'] !== undefined) {
    outputs['licenses.txt'] =
      `${String(outputs['licenses.txt']).trimEnd()}\n${holidayFilesOnce.license}`;
  }
  const files = [`index.js ${kib(Buffer.byteLength(main))}`];
  for (const [name, source] of Object.entries(outputs).sort(([a], [b]) => a.localeCompare(b))) {
    write(join(outDir, name), source);
    if (copyDir) write(join(copyDir, name), source);
    files.push(`${name} ${kib(Buffer.byteLength(source))}`);
  }
  log(`${target.name}: ${target.entry} -> ${target.outDir}/ (${files.join(', ')})`);
  if (copyDir) {
    // The Jenkins step writes the bundle into the workspace with libraryResource, which cannot
    // list a directory: this names the files that must sit beside deploy-window.cjs.
    const beside = Object.keys(outputs)
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
