// Runs test cases against the library's vars/deployWindow.groovy, each in a fresh pipeline
// runtime: either the step called with arguments, or an example Jenkinsfile that calls it.
// Usage: groovy -cp test/jenkins/harness test/jenkins/harness/RunCases.groovy <cases.json> <results.json>
// One JVM runs all the cases of a file: Groovy's start-up is the slow part.
import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import java.time.Instant
import org.codehaus.groovy.control.CompilerConfiguration
import org.codehaus.groovy.control.customizers.ImportCustomizer
import org.codehaus.groovy.runtime.InvokerHelper

def cases = new JsonSlurper().parse(new File(args[0]), 'UTF-8')
def compiler = new CompilerConfiguration()
compiler.scriptBaseClass = 'PipelineScript'
// Jenkins imports these into every pipeline script.
compiler.addCompilationCustomizers(new ImportCustomizer().addImports(
  'com.cloudbees.groovy.cps.NonCPS', 'org.jenkinsci.plugins.workflow.libs.Library'))
def loader = new GroovyClassLoader(this.class.classLoader, compiler)
Map<String, Class> compiled = [:]
Class compile(GroovyClassLoader loader, Map<String, Class> compiled, String path) {
  if (!compiled.containsKey(path)) compiled[path] = loader.parseClass(new File(path))
  return compiled[path]
}

Object jsonSafe(Object value) {
  if (value == null || value instanceof Boolean || value instanceof Number) return value
  if (value instanceof Map) return value.collectEntries { k, v -> [(k.toString()): jsonSafe(v)] }
  if (value instanceof Collection || value instanceof Object[]) return value.collect { jsonSafe(it) }
  return value.toString()
}

List results = []
for (Map testCase : cases) {
  def runtime = new PipelineRuntime(
    workspace: new File(testCase.workspace.toString()),
    libraryRoot: new File(testCase.libraryRoot.toString()),
    clockMs: testCase.clock ? Instant.parse(testCase.clock.toString()).toEpochMilli() : null,
  )
  // Jenkins sets WORKSPACE inside node { }: the workspace's path.
  runtime.env.WORKSPACE = testCase.workspace.toString()
  runtime.env.putAll((Map) (testCase.env ?: [:]))
  runtime.currentBuild.causes = (List) (testCase.causes ?: [])
  runtime.missingSteps.addAll((List) (testCase.missingSteps ?: []))

  def binding = new Binding()
  binding.setVariable('pipelineRuntime', runtime)
  binding.setVariable('currentBuild', runtime.currentBuild)
  binding.setVariable('env', runtime.env)
  binding.setVariable('scm', [:])
  binding.setVariable('any', 'any')
  Script step = InvokerHelper.createScript(
    compile(loader, compiled, "${testCase.libraryRoot}/vars/deployWindow.groovy".toString()), binding)
  runtime.scriptClasses = compiled.values()
  List returns = []
  runtime.extraSteps['deployWindow'] = { Map stepArgs = [:] ->
    def value = step.call(stepArgs)
    returns << value
    return value
  }

  Map result = [name: testCase.name]
  try {
    if (testCase.jenkinsfile) {
      Script jenkinsfile = InvokerHelper.createScript(compile(loader, compiled, testCase.jenkinsfile.toString()), binding)
      jenkinsfile.run()
      result.outcome = 'completed'
    } else {
      returns << step.call((Map) testCase.args)
      result.outcome = 'returned'
    }
  } catch (PipelineAbort abort) {
    result.outcome = 'error'
    result.error = abort.message
  } catch (Throwable unexpected) {
    result.outcome = 'exception'
    result.error = "${unexpected.class.name}: ${unexpected.message}".toString()
    def trace = new StringWriter()
    unexpected.printStackTrace(new PrintWriter(trace))
    result.trace = trace.toString()
  }
  result.returns = returns
  result.calls = runtime.calls
  result.buildResult = runtime.currentBuild.result
  result.buildDescription = runtime.currentBuild.description
  result.log = runtime.log
  results << jsonSafe(result)
}
new File(args[1]).setText(JsonOutput.prettyPrint(JsonOutput.toJson(results)), 'UTF-8')
