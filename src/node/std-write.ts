// Writes to stdout and stderr by file descriptor: opening `process.stdout` on a pipe (as CI
// runners give) loads Node's stream and socket modules, 6-9 ms of a 100 ms start.
import { writeSync } from 'node:fs';

/** How long to wait for a full non-blocking pipe to drain before trying again. */
const DRAIN_WAIT_MS = 5;
let pause: Int32Array | undefined;

function waitForDrain(): void {
  pause ??= new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(pause, 0, 0, DRAIN_WAIT_MS);
}

/** The system calls a descriptor writer makes: replaced in tests. */
export interface DescriptorCalls {
  write(fd: number, bytes: Uint8Array): number;
  waitForDrain(): void;
}

const system: DescriptorCalls = { write: (fd, bytes) => writeSync(fd, bytes), waitForDrain };

/**
 * A writer of all of each text to one descriptor, synchronously, in order with every other
 * write to it. A reader that went away (`| head`) ends the writing in silence, as a closed pipe
 * does for a shell tool; the exit status stays the command's. Any other error is thrown. A
 * non-blocking descriptor (its other end set it so) is waited on while full.
 */
export function descriptorWriter(fd: number, calls: DescriptorCalls = system) {
  let readerGone = false;
  return (text: string): void => {
    let bytes = Buffer.from(text, 'utf8');
    while (!readerGone && bytes.length > 0) {
      try {
        const written = calls.write(fd, bytes);
        // Nothing taken (not seen on pipes or files): wait as for a full pipe, not spin.
        if (written === 0) calls.waitForDrain();
        bytes = bytes.subarray(written);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') calls.waitForDrain();
        else if (code === 'EPIPE') readerGone = true;
        else throw error;
      }
    }
  };
}

/** On Windows a console needs Node's stream (it writes UTF-16); there it is used as before. */
const byDescriptor = process.platform !== 'win32';

const toStdout = descriptorWriter(1);
const toStderr = descriptorWriter(2);

/** Where writeStdout and writeStderr write: the descriptors (tests record here instead). */
export const standardStreams = {
  stdout(text: string): void {
    if (byDescriptor) toStdout(text);
    else process.stdout.write(text);
  },
  stderr(text: string): void {
    if (byDescriptor) toStderr(text);
    else process.stderr.write(text);
  },
};

export const writeStdout = (text: string): void => standardStreams.stdout(text);
export const writeStderr = (text: string): void => standardStreams.stderr(text);
