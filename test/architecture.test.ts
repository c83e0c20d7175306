// The layering the README's "Architecture" section states, checked on the source: the core is
// pure and imports nothing above it, platforms never import each other, and no module imports
// itself back through others (no cycles), type-only imports included.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

interface Import {
  specifier: string;
  /** The imported file relative to src/ (`core/types.ts`), null for a package or builtin. */
  target: string | null;
}

/** Static and dynamic imports and re-exports of a file. */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'";]*?from\s*'([^']+)'/gm),
    ...text.matchAll(/^\s*import\s*'([^']+)'/gm),
    ...text.matchAll(/\bimport\(\s*(?:\/\*[^*]*\*\/\s*)?'([^']+)'\s*\)/g),
  ].map((match) => match[1] as string);
  return specifiers.map((specifier) => ({
    specifier,
    target: specifier.startsWith('.')
      ? relative(SRC, resolve(dirname(file), specifier)).replace(/\.js$/, '.ts')
      : null,
  }));
}

const files = sourceFiles(SRC).map((file) => relative(SRC, file));
const graph = new Map(files.map((file) => [file, importsOf(join(SRC, file))]));
const layerOf = (file: string) => file.split('/')[0] as string;

describe('architecture', () => {
  it('finds the source and resolves every relative import to a file', () => {
    expect(files.length).toBeGreaterThan(100);
    for (const [file, imports] of graph) {
      for (const { specifier, target } of imports) {
        if (target !== null) expect(graph.has(target), `${file} imports ${specifier}`).toBe(true);
      }
    }
  });

  it('src/core imports only src/core and the YAML parser: no Node builtins, no process', () => {
    const offending: string[] = [];
    for (const [file, imports] of graph) {
      if (layerOf(file) !== 'core') continue;
      for (const { specifier, target } of imports) {
        const allowed = target === null ? specifier === 'yaml' : layerOf(target) === 'core';
        if (!allowed) offending.push(`${file} -> ${specifier}`);
      }
      const code = readFileSync(join(SRC, file), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
      if (/\bprocess\.|\brequire\(/.test(code)) offending.push(`${file} uses process or require`);
    }
    expect(offending).toEqual([]);
  });

  it('platforms never import each other; only the CLI (which runs every platform) may', () => {
    const platforms = ['github', 'gitlab', 'jenkins'];
    const offending: string[] = [];
    for (const [file, imports] of graph) {
      const layer = layerOf(file);
      for (const { target } of imports) {
        if (target === null) continue;
        const to = layerOf(target);
        if (to === layer) continue;
        const platformToPlatform = platforms.includes(layer) && platforms.includes(to);
        const belowReachesUp =
          ['core', 'gate', 'node'].includes(layer) && [...platforms, 'cli'].includes(to);
        if (platformToPlatform || belowReachesUp) {
          offending.push(`${file} -> ${target}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });

  it('has no import cycles', () => {
    // Tarjan's strongly connected components over the relative imports.
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    let counter = 0;
    const visit = (file: string): void => {
      index.set(file, counter);
      low.set(file, counter);
      counter++;
      stack.push(file);
      onStack.add(file);
      for (const { target } of graph.get(file) ?? []) {
        if (target === null || !graph.has(target)) continue;
        if (!index.has(target)) {
          visit(target);
          low.set(file, Math.min(low.get(file) as number, low.get(target) as number));
        } else if (onStack.has(target)) {
          low.set(file, Math.min(low.get(file) as number, index.get(target) as number));
        }
      }
      if (low.get(file) === index.get(file)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== file);
        if (component.length > 1) cycles.push(component.sort());
      }
    };
    for (const file of files) if (!index.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});
