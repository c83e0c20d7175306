// A fact of a gate run that a platform learns at most once, and only when a step needs it (the
// policy source, who started the job, a freeze period): computed on first use, then kept.
export function once<T>(compute: () => T): () => T {
  let value: { computed: T } | null = null;
  return () => {
    value ??= { computed: compute() };
    return value.computed;
  };
}
