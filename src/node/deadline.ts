// A time limit as an AbortSignal: one timer and controller of our own, ended early by a parent
// signal, released when the work is done.

export interface Deadline {
  signal: AbortSignal;
  /** Rejects with the reason once the signal aborts; never resolves. */
  aborted: Promise<never>;
  /** Stops the timer and the parent's listener (call once the work is done). */
  release: () => void;
}

/**
 * A signal that aborts after `ms` (with `Error(message)`) or when `parent` aborts (with its
 * reason). Not AbortSignal.timeout() and AbortSignal.any(): Node lets the garbage collector
 * drop such signals once nothing refers to them, and work still reading a body then waits for
 * ever. The timer never keeps the process alive; the work it bounds does.
 */
export function deadline(ms: number, message: string, parent?: AbortSignal): Deadline {
  const controller = new AbortController();
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), {
      once: true,
    });
  });
  aborted.catch(() => {});
  const timer = setTimeout(() => controller.abort(new Error(message)), Math.max(1, ms));
  timer.unref?.();
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    aborted,
    release: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}
