// What a preview reads of one commit: the head of a pull request is anyone's, so a config that
// names hundreds of calendars is read no further than the budget (PREVIEW_READ_LIMITS) and the
// preview shows it as a config error instead of downloading them all.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type PolicyFiles, workspaceFiles } from '../../src/node/policy-files.js';
import {
  PREVIEW_READ_LIMITS,
  previewPolicies,
  readPolicySide,
} from '../../src/node/policy-preview.js';

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//EN',
  'BEGIN:VEVENT',
  'UID:x@test',
  'DTSTART;VALUE=DATE:20261124',
  'SUMMARY:holiday',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

function checkout(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dw-preview-budget-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** The checkout's files, counting the reads that reach them. */
function counted(files: PolicyFiles): { files: PolicyFiles; reads: () => number } {
  let reads = 0;
  return {
    files: {
      ...files,
      read(path, limit) {
        reads += 1;
        return files.read(path, limit);
      },
    },
    reads: () => reads,
  };
}

describe('the read budget of a preview', () => {
  it('a config naming more calendars than the budget: read up to it, then a config error', async () => {
    const count = PREVIEW_READ_LIMITS.files + 50;
    const files: Record<string, string> = {};
    const windows = ['  - name: open', '    time: "09:00-17:00"'];
    for (let index = 0; index < count; index++) {
      files[`cal/${index}.ics`] = ICS;
      windows.push(`  - name: c${index}`, '    kind: deny', `    ics: cal/${index}.ics`);
    }
    files['deploy-windows.yml'] = `version: 1\ntimezone: UTC\nwindows:\n${windows.join('\n')}\n`;
    const head = counted(workspaceFiles(checkout(files)));
    const side = await readPolicySide(null, head.files);
    expect(head.reads()).toBeLessThanOrEqual(PREVIEW_READ_LIMITS.files);
    expect(side.config).toBeNull();
    expect(side.errors.map((issue) => issue.message).join('\n')).toMatch(
      /names more than 200 files, more than a preview reads/,
    );
    const base = await readPolicySide(
      null,
      workspaceFiles(checkout({ 'deploy-windows.yml': 'version: 1\nwindows: []\n' })),
    );
    expect(previewPolicies(base, side, { environments: [], from: 0, days: 1 }).kind).toBe(
      'invalid',
    );
  });

  it('files larger than the budget together: a config error naming the limit', async () => {
    // Seven calendars just under the limit of one (10 MiB): more than 64 MiB together.
    const big = `${'X-FILLER: '.padEnd(70, 'x')}\r\n`.repeat(Math.floor((9.5 * 1_048_576) / 72));
    const files: Record<string, string> = {};
    const windows = ['  - name: open', '    time: "09:00-17:00"'];
    for (let index = 0; index < 7; index++) {
      files[`cal/${index}.ics`] = ICS.replace('BEGIN:VEVENT', `${big}BEGIN:VEVENT`);
      windows.push(`  - name: c${index}`, '    kind: deny', `    ics: cal/${index}.ics`);
    }
    files['deploy-windows.yml'] = `version: 1\ntimezone: UTC\nwindows:\n${windows.join('\n')}\n`;
    const side = await readPolicySide(null, workspaceFiles(checkout(files)));
    expect(side.config).toBeNull();
    expect(side.errors.map((issue) => issue.message).join('\n')).toMatch(
      /larger than 64 MiB together, more than a preview reads/,
    );
  });
});
