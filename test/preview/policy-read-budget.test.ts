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

/** The checkout's files, counting the reads that reach them (`paths`: which were asked). */
function counted(files: PolicyFiles): {
  files: PolicyFiles;
  reads: () => number;
  paths: string[];
} {
  const paths: string[] = [];
  return {
    files: {
      ...files,
      read(path, limit) {
        paths.push(path);
        return files.read(path, limit);
      },
    },
    reads: () => paths.length,
    paths,
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

  it('calendars larger than 10 MiB together: a config error naming the limit, the rest unread', async () => {
    // Seven calendars just under the limit of one (10 MiB): 66 MiB together, past a preview's
    // budget too, but the config's own limit for its calendars (10 MiB in all) comes first.
    const big = `${'X-FILLER: '.padEnd(70, 'x')}\r\n`.repeat(Math.floor((9.5 * 1_048_576) / 72));
    const files: Record<string, string> = {};
    const windows = ['  - name: open', '    time: "09:00-17:00"'];
    for (let index = 0; index < 7; index++) {
      files[`cal/${index}.ics`] = ICS.replace('BEGIN:VEVENT', `${big}BEGIN:VEVENT`);
      windows.push(`  - name: c${index}`, '    kind: deny', `    ics: cal/${index}.ics`);
    }
    files['deploy-windows.yml'] = `version: 1\ntimezone: UTC\nwindows:\n${windows.join('\n')}\n`;
    const head = counted(workspaceFiles(checkout(files)));
    const side = await readPolicySide(null, head.files);
    expect(side.config).toBeNull();
    expect(side.errors.map((issue) => issue.message)).toEqual(
      [1, 2, 3, 4, 5, 6].map(
        (index) =>
          `calendar file "cal/${index}.ics" cannot be used: the calendar files a config names may be 10 MiB in all; with this one they are larger`,
      ),
    );
    // cal/0.ics and cal/1.ics (which passes the total); the others are not read.
    expect(head.paths.filter((path) => path.endsWith('.ics'))).toEqual(['cal/0.ics', 'cal/1.ics']);
  });
});
