// Output by file descriptor (src/node/std-write.ts): every byte in order, a full non-blocking
// pipe waited on, a reader that went away ending the output in silence, and the CLI's bundle
// run with its stdout closed early, as `deploy-window windows | head` does.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { type DescriptorCalls, descriptorWriter } from '../../src/node/std-write.js';
import { CLI, workspace } from '../cli/run-cli.js';

const errno = (code: string) => Object.assign(new Error(code), { code });

/** A descriptor that takes at most `chunk` bytes a call and fails as `script` says. */
function descriptor(chunk: number, script: (call: number) => string | undefined) {
  const received: Buffer[] = [];
  const events: string[] = [];
  let call = 0;
  const calls: DescriptorCalls = {
    write(_fd, bytes) {
      const failure = script(call++);
      if (failure) {
        events.push(failure);
        throw errno(failure);
      }
      const taken = bytes.subarray(0, chunk);
      received.push(Buffer.from(taken));
      return taken.length;
    },
    waitForDrain: () => events.push('waited'),
  };
  return { calls, events, text: () => Buffer.concat(received).toString('utf8') };
}

describe('writing by file descriptor', () => {
  it('writes every byte, in order, when each call takes only a few (multi-byte text too)', () => {
    const fd = descriptor(3, () => undefined);
    const write = descriptorWriter(1, fd.calls);
    write('Tue 1 Dec 2026 10:00 CET -> ');
    write('Zürich “freeze” ✅\n');
    expect(fd.text()).toBe('Tue 1 Dec 2026 10:00 CET -> Zürich “freeze” ✅\n');
  });

  it('waits while a non-blocking pipe is full, then goes on', () => {
    const fd = descriptor(4, (call) => (call === 1 || call === 2 ? 'EAGAIN' : undefined));
    descriptorWriter(1, fd.calls)('0123456789');
    expect(fd.text()).toBe('0123456789');
    expect(fd.events).toEqual(['EAGAIN', 'waited', 'EAGAIN', 'waited']);
  });

  it('waits, and does not spin, while a call takes nothing', () => {
    let call = 0;
    const events: string[] = [];
    let received = '';
    descriptorWriter(1, {
      write(_fd, bytes) {
        if (call++ < 2) return 0;
        received += Buffer.from(bytes).toString('utf8');
        return bytes.length;
      },
      waitForDrain: () => events.push('waited'),
    })('all of it');
    expect(received).toBe('all of it');
    expect(events).toEqual(['waited', 'waited']);
  });

  it('stops in silence once the reader went away, and writes nothing after', () => {
    const fd = descriptor(4, (call) => (call === 1 ? 'EPIPE' : undefined));
    const write = descriptorWriter(1, fd.calls);
    write('01234567');
    write('more');
    expect(fd.text()).toBe('0123');
    expect(fd.events).toEqual(['EPIPE']);
  });

  it('throws any other error', () => {
    const fd = descriptor(4, () => 'EIO');
    expect(() => descriptorWriter(1, fd.calls)('x')).toThrow('EIO');
  });

  it("keeps the CLI's exit status when the reader closes early (`| head`)", async () => {
    const repo = workspace({
      'deploy-windows.yml':
        'version: 1\ntimezone: UTC\nwindows:\n  - { name: hourly, cron: "*/5 * * * *", duration: 1m }\n',
    });
    const child = spawn(
      process.execPath,
      [CLI, 'windows', '--from', '2026-12-01T00:00:00Z', '--days', '30', '--format', 'json'],
      { cwd: repo, env: { PATH: process.env.PATH, TZ: 'UTC' } },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
