// Base class of every script the harness runs (the library's vars/*.groovy and the example
// Jenkinsfiles): like a Jenkins pipeline script, any call that is not a method of the script
// is a pipeline step, and a step that is not installed throws NoSuchMethodError, as Jenkins does.
abstract class PipelineScript extends Script {
  def methodMissing(String name, Object args) {
    PipelineRuntime runtime = (PipelineRuntime) getBinding().getVariable('pipelineRuntime')
    return runtime.invokeStep(name, (Object[]) args)
  }
}
