// The GitLab template's default program: `deploy-window@<version>` installed from the registry
// into a directory of its own, never a `deploy-window` the change being deployed commits
// (node_modules/deploy-window, node_modules/.bin) nor a registry its `.npmrc` names. The gate
// job's script runs under `sh` with the template's defaults, against a registry on 127.0.0.1
// that serves a stand-in package recording how it was run.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const TEMPLATE = resolve(import.meta.dirname, '../../gitlab/deploy-window.yml');

/** A job's script with every input at its default (or as given), as GitLab interpolates it. */
function jobScript(job: string, given: Record<string, string> = {}): string {
  const [header, body] = parseAllDocuments(readFileSync(TEMPLATE, 'utf8')).map((document) =>
    document.toJS(),
  ) as [
    { spec: { inputs: Record<string, { default?: unknown }> } },
    Record<string, { script: string[] }>,
  ];
  const script = body[job]?.script;
  if (!script) throw new Error(`no job ${job}`);
  return script
    .join('\n')
    .replace(/\$\[\[ inputs\.([a-z-]+) \]\]/g, (_, name: string) =>
      String(given[name] ?? header.spec.inputs[name]?.default ?? ''),
    );
}

/** A package directory `package/` with these files, as an npm tarball, and its integrity. */
function tarball(files: Record<string, string>): { bytes: Buffer; integrity: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dw-pkg-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, 'package', path)), { recursive: true });
    writeFileSync(join(dir, 'package', path), text);
  }
  const bytes = execFileSync('tar', ['-czf', '-', '-C', dir, 'package']);
  return { bytes, integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}` };
}

/** Records its arguments and working directory in `installed-ran` where it runs, exits 0. */
const STAND_IN = `const fs = require('node:fs');
fs.writeFileSync('installed-ran', JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd() }));
`;

let registry: Server;
let registryUrl = '';
const served: string[] = [];

beforeAll(async () => {
  const pkg = tarball({
    'package.json': JSON.stringify({ name: 'deploy-window', version: '1.99.1' }),
    'dist/cli/index.js': STAND_IN,
  });
  registry = createServer((request, response) => {
    served.push(request.url ?? '');
    if (request.url === '/deploy-window') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          name: 'deploy-window',
          'dist-tags': { latest: '1.99.1' },
          versions: {
            '1.99.1': {
              name: 'deploy-window',
              version: '1.99.1',
              dist: {
                tarball: `${registryUrl}/deploy-window/-/deploy-window-1.99.1.tgz`,
                integrity: pkg.integrity,
              },
            },
          },
        }),
      );
    } else if (request.url === '/deploy-window/-/deploy-window-1.99.1.tgz') {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(pkg.bytes);
    } else {
      response.writeHead(404);
      response.end('{}');
    }
  });
  await new Promise<void>((done) => registry.listen(0, '127.0.0.1', done));
  registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((done) => registry.close(() => done())));

/** A checkout whose change plants its own deploy-window 1.x and a registry of its own. */
function hostileCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dw-checkout-'));
  const planted = join(dir, 'node_modules/deploy-window');
  mkdirSync(planted, { recursive: true });
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  writeFileSync(
    join(planted, 'package.json'),
    JSON.stringify({
      name: 'deploy-window',
      version: '1.99.0',
      bin: { 'deploy-window': 'cli.js' },
    }),
  );
  writeFileSync(
    join(planted, 'cli.js'),
    "#!/usr/bin/env node\nrequire('node:fs').writeFileSync('planted-ran', 'x');\n",
  );
  chmodSync(join(planted, 'cli.js'), 0o755);
  symlinkSync('../deploy-window/cli.js', join(dir, 'node_modules/.bin/deploy-window'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '0.0.0' }));
  // A project config beats the runner's user config: the install must not read it.
  writeFileSync(join(dir, '.npmrc'), 'registry=http://127.0.0.1:9/evil/\n');
  return dir;
}

/** The job's script under `sh` in the checkout, npm's user config naming the registry above. */
function runJob(job: string, checkout: string): Promise<number | null> {
  const home = mkdtempSync(join(tmpdir(), 'dw-home-'));
  writeFileSync(
    join(home, '.npmrc'),
    `registry=${registryUrl}/\nupdate-notifier=false\nfetch-retries=0\ncache=${join(home, 'cache')}\n`,
  );
  return new Promise((done) => {
    const child = spawn('sh', ['-c', jobScript(job)], {
      cwd: checkout,
      env: { PATH: process.env.PATH, HOME: home, GITLAB_CI: 'true' },
      stdio: 'ignore',
    });
    child.on('close', (code) => done(code));
  });
}

describe('the template runs the published package, installed outside the checkout', () => {
  for (const job of ['$[[ inputs.job-name ]]', '$[[ inputs.job-name ]]-preview']) {
    it(`${job}: never a deploy-window the change commits, nor its .npmrc's registry`, async () => {
      const checkout = hostileCheckout();
      const code = await runJob(job, checkout);
      expect(existsSync(join(checkout, 'planted-ran'))).toBe(false);
      expect(code).toBe(0);
      const ran = JSON.parse(readFileSync(join(checkout, 'installed-ran'), 'utf8'));
      // In the checkout, with the job's arguments.
      expect(ran.cwd).toBe(checkout);
      expect(ran.args[0]).toBe(job.endsWith('-preview') ? 'preview' : 'gate');
      expect(served).toContain('/deploy-window');
    }, 60_000);
  }
});
