// Every package the bundles ship must be named, with its licence, in the licenses.txt beside
// them: the build merges ncc's lists and adds what they miss (scripts/build.mjs, packageLicense).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

/** The package names that start a block: a line after a blank line, followed by its licence. */
function namedPackages(text: string): Set<string> {
  const lines = text.split('\n');
  return new Set(
    lines.filter((_line, index) => (index === 0 || lines[index - 1] === '') && lines[index + 1]),
  );
}

describe('licenses.txt', () => {
  for (const dir of ['dist', 'dist/cli', 'jenkins/resources/deploy-window']) {
    it(`in ${dir} names every runtime dependency, once`, () => {
      const text = readFileSync(join(root, dir, 'licenses.txt'), 'utf8');
      const named = namedPackages(text);
      for (const name of Object.keys(dependencies)) {
        expect(named.has(name), `${name} in ${dir}/licenses.txt`).toBe(true);
        const blocks = text
          .split('\n')
          .filter((line, i, all) => line === name && all[i - 1] === '');
        expect(blocks.length, `${name} named once in ${dir}/licenses.txt`).toBeLessThanOrEqual(1);
      }
    });
  }
});
