// The shipped CLI is a dispatcher (dist/cli/index.js) and one bundle per command beside it
// (dist/cli/check.js, ...; src/cli/bundles/): every command the help lists must have one, or
// the dispatcher could not run it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/help.js';

const root = resolve(import.meta.dirname, '../..');

describe('the command bundles', () => {
  it('exist for exactly the commands the help lists, in the sources and in dist/cli', () => {
    const sources = readdirSync(join(root, 'src/cli/bundles')).map((file) =>
      file.replace(/\.ts$/, ''),
    );
    expect(sources.sort()).toEqual([...COMMANDS].sort());
    const built = readdirSync(join(root, 'dist/cli'));
    for (const command of COMMANDS) expect(built).toContain(`${command}.js`);
  });

  it('each bundle runs its own command from its own module', () => {
    for (const command of COMMANDS) {
      const source = readFileSync(join(root, `src/cli/bundles/${command}.ts`), 'utf8');
      expect(source, command).toContain(`from '../commands/${command}.js'`);
      expect(source, command).toContain(`commandBundle('${command}', `);
    }
  });
});
