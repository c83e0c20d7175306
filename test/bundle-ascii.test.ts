// The committed bundles are ASCII outside license comments: V8 keeps a source file with a
// single other character (`…`, `✅`) at two bytes a character, which slowed every start of the
// action's 380 KB main file (scripts/build.mjs, asciiOnly).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const DIRS = ['dist', 'dist/cli', 'jenkins/resources/deploy-window'];

/** Characters outside ASCII, license comments (`/*! ... *\/`) aside, with what surrounds them. */
function nonAscii(source: string): string[] {
  const code = source.replace(/\/\*![\s\S]*?\*\//g, '');
  return [...code.matchAll(/.{0,30}[\u0080-\uffff].{0,10}/g)].map((match) => match[0]);
}

describe('the committed bundles', () => {
  for (const dir of DIRS) {
    it(`${dir}: every script is ASCII outside its license comments`, () => {
      const scripts = readdirSync(join(ROOT, dir)).filter((file) => /\.(c?js)$/.test(file));
      expect(scripts.length).toBeGreaterThan(2);
      for (const file of scripts) {
        expect(nonAscii(readFileSync(join(ROOT, dir, file), 'utf8')), file).toEqual([]);
      }
    });
  }
});
