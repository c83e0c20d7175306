// What the `error` step throws (hudson.AbortException on a controller).
class PipelineAbort extends RuntimeException {
  PipelineAbort(String message) { super(message) }
}
