// The pipeline steps a Jenkins controller would provide, for one test case: `sh` really runs
// its script with `sh -xe` (as Jenkins does) in the case's workspace with the withEnv
// environment; `sleep` records the seconds and moves a fake clock on; `error` throws; every
// call is recorded so the test can see what the step did. Like Jenkins, a step called from a
// @NonCPS method of a pipeline script fails the build.
import com.cloudbees.groovy.cps.NonCPS
import groovy.json.JsonSlurper
import java.nio.charset.Charset
import java.time.Instant

class PipelineRuntime {
  File workspace
  File libraryRoot
  /** The fake clock, epoch ms; used as DW_AT when the step leaves it unset. null: real time. */
  Long clockMs
  Map<String, String> env = [:]
  List<Map> calls = []
  List<String> log = []
  FakeBuild currentBuild = new FakeBuild()
  Set<String> missingSteps = [] as Set
  Map<String, Closure> extraSteps = [:]
  /** The pipeline scripts' classes: their @NonCPS methods must not call steps. */
  Collection<Class> scriptClasses = []
  /** The `dir` step's current directory; null: the workspace. */
  File currentDir = null

  Object invokeStep(String name, Object[] args) {
    if (missingSteps.contains(name)) {
      throw new NoSuchMethodError("No such DSL method '${name}' found among steps")
    }
    refuseFromNonCps(name)
    if (extraSteps.containsKey(name)) return extraSteps[name].call(*args)
    switch (name) {
      case 'echo': return echo(args[0].toString())
      case 'error': return error(args[0].toString())
      case 'sh': return sh(args[0])
      case 'withEnv': return withEnv((List) args[0], (Closure) args[1])
      case 'libraryResource': return libraryResource(args[0])
      case 'writeFile': return writeFile((Map) args[0])
      case 'readFile': return readFile(args[0])
      case 'fileExists': return fileExists(args[0])
      case 'readJSON': return readJSON((Map) args[0])
      case 'sleep': return sleepStep(args[0])
      case 'unstable': return unstable(args[0])
      case 'dir': return dir(args[0].toString(), (Closure) args[1])
      case 'deleteDir': return deleteDir()
      case 'archiveArtifacts': return archiveArtifacts(args[0])
      // Declarative and scripted structure: run the bodies in order.
      case 'pipeline': case 'stages': case 'steps': case 'script': case 'options':
        record(name, [:]); return ((Closure) args[-1]).call()
      case 'stage': record('stage', [name: args[0]]); return ((Closure) args[1]).call()
      case 'node': record('node', [label: args.length > 1 ? args[0] : null]); return ((Closure) args[-1]).call()
      case 'agent': record('agent', [value: args[0].toString()]); return null
      case 'disableRestartFromStage': record('disableRestartFromStage', [:]); return null
      case 'checkout': record('checkout', [:]); return null
      default:
        throw new NoSuchMethodError("No such DSL method '${name}' found among steps")
    }
  }

  private void record(String step, Map details) {
    calls << ([step: step] + details)
  }

  Object echo(String message) {
    record('echo', [message: message])
    log << message
    return null
  }

  Object error(String message) {
    record('error', [message: message])
    throw new PipelineAbort(message)
  }

  private File here() {
    return currentDir ?: workspace
  }

  private File inWorkspace(String path) {
    File file = new File(path)
    return file.isAbsolute() ? file : new File(here(), path)
  }

  /** A step on the stack of a @NonCPS method: Jenkins refuses it, so the harness does too. */
  private void refuseFromNonCps(String step) {
    for (StackTraceElement frame : Thread.currentThread().stackTrace) {
      // Two libraries may both have a vars/deployWindow.groovy: check every class of that name.
      List owners = scriptClasses.findAll { it.name == frame.className }
      if (owners.any { owner -> owner.declaredMethods.any { it.name == frame.methodName && it.isAnnotationPresent(NonCPS) } }) {
        throw new IllegalStateException("step ${step} called from the @NonCPS method ${frame.methodName}")
      }
    }
  }

  Object dir(String path, Closure body) {
    File saved = currentDir
    currentDir = inWorkspace(path)
    record('dir', [path: path])
    try {
      return body.call()
    } finally {
      currentDir = saved
    }
  }

  /** Keeps what it archives in the call: the pattern names one file here (the step's use). */
  Object archiveArtifacts(Object arg) {
    Map options = arg instanceof Map ? (Map) arg : [artifacts: arg.toString()]
    File file = inWorkspace(options.artifacts.toString())
    if (!file.isFile()) throw new PipelineAbort("No artifacts found that match the file pattern \"${options.artifacts}\"")
    record('archiveArtifacts', [artifacts: options.artifacts, fingerprint: options.fingerprint,
                                dir: workspace.toPath().relativize(here().toPath()).toString(),
                                text: file.getText('UTF-8')])
    return null
  }

  Object deleteDir() {
    record('deleteDir', [dir: workspace.toPath().relativize(here().toPath()).toString()])
    here().deleteDir()
    return null
  }

  private static Charset charset(Object encoding) {
    return Charset.forName(encoding == null ? 'UTF-8' : encoding.toString())
  }

  Object withEnv(List overrides, Closure body) {
    Map<String, String> saved = new LinkedHashMap(env)
    for (Object pair : overrides) {
      String text = pair.toString()
      int split = text.indexOf('=')
      if (split < 0) throw new IllegalArgumentException(text)
      String key = text.substring(0, split)
      String value = text.substring(split + 1)
      // Like hudson.EnvVars.override: an empty value removes the variable; nothing is expanded.
      if (value.isEmpty()) env.remove(key) else env[key] = value
    }
    record('withEnv', [overrides: overrides.collect { it.toString() }])
    try {
      return body.call()
    } finally {
      env.clear()
      env.putAll(saved)
    }
  }

  Object sh(Object arg) {
    Map options = arg instanceof Map ? (Map) arg : [script: arg.toString()]
    String script = options.script.toString()
    File tmp = new File(workspace, '.harness-tmp')
    tmp.mkdirs()
    File file = File.createTempFile('script', '.sh', tmp)
    file.setText(script, 'UTF-8')
    Map<String, String> processEnv = new LinkedHashMap(System.getenv())
    processEnv.putAll(env)
    if (!processEnv.containsKey('DW_AT') && clockMs != null) {
      processEnv['DW_AT'] = Instant.ofEpochMilli(clockMs).toString()
    }
    ProcessBuilder builder = new ProcessBuilder('/bin/sh', '-xe', file.absolutePath)
    builder.directory(here())
    builder.environment().clear()
    builder.environment().putAll(processEnv)
    Process process = builder.start()
    def out = new ByteArrayOutputStream()
    def err = new ByteArrayOutputStream()
    process.consumeProcessOutput(out, err)
    int status = process.waitFor()
    process.waitForProcessOutput(out, err)
    String stdout = out.toString('UTF-8')
    String stderr = err.toString('UTF-8')
    file.delete()
    Map dwEnv = processEnv.findAll { k, v -> k.startsWith('DW_') }
    record('sh', [script: script, status: status, env: dwEnv, stdout: stdout, stderr: stderr,
                  returnStatus: options.returnStatus == true, label: options.label])
    // Jenkins shows stderr (and stdout unless it is returned) in the console.
    if (options.returnStdout != true) log << stdout
    log << stderr
    if (options.returnStatus == true) return status
    if (status != 0) throw new PipelineAbort("script returned exit code ${status}")
    return options.returnStdout == true ? stdout : null
  }

  Object libraryResource(Object arg) {
    Map options = arg instanceof Map ? (Map) arg : [resource: arg.toString()]
    File file = new File(new File(libraryRoot, 'resources'), options.resource.toString())
    record('libraryResource', [resource: options.resource, encoding: options.encoding])
    if (!file.isFile()) throw new PipelineAbort("No such library resource ${options.resource} could be found.")
    return file.getText(charset(options.encoding).name())
  }

  Object writeFile(Map options) {
    File file = inWorkspace(options.file.toString())
    file.parentFile.mkdirs()
    file.setText(options.text.toString(), charset(options.encoding).name())
    String sha256 = java.security.MessageDigest.getInstance('SHA-256')
      .digest(file.bytes).encodeHex().toString()
    record('writeFile', [file: options.file, encoding: options.encoding, sha256: sha256])
    return null
  }

  Object readFile(Object arg) {
    Map options = arg instanceof Map ? (Map) arg : [file: arg.toString()]
    record('readFile', [file: options.file])
    File file = inWorkspace(options.file.toString())
    if (!file.isFile()) throw new java.nio.file.NoSuchFileException(file.path)
    return file.getText(charset(options.encoding).name())
  }

  Object fileExists(Object arg) {
    String path = arg instanceof Map ? ((Map) arg).file.toString() : arg.toString()
    record('fileExists', [file: path])
    return inWorkspace(path).exists()
  }

  /** Pipeline Utility Steps' readJSON with returnPojo: plain maps and lists. */
  Object readJSON(Map options) {
    record('readJSON', [file: options.file, hasText: options.text != null, returnPojo: options.returnPojo])
    String text = options.text != null ? options.text.toString() : inWorkspace(options.file.toString()).getText('UTF-8')
    return plain(new JsonSlurper().parseText(text))
  }

  private static Object plain(Object value) {
    if (value instanceof Map) return value.collectEntries { k, v -> [(k): plain(v)] }
    if (value instanceof List) return value.collect { plain(it) }
    return value
  }

  Object sleepStep(Object arg) {
    Map options = arg instanceof Map ? (Map) arg : [time: arg]
    String unit = (options.unit ?: 'SECONDS').toString()
    long time = ((Number) options.time).longValue()
    long seconds = java.util.concurrent.TimeUnit.valueOf(unit).toSeconds(time)
    record('sleep', [time: time, unit: unit, seconds: seconds])
    if (clockMs != null) clockMs += seconds * 1000L
    return null
  }

  Object unstable(Object arg) {
    String message = arg instanceof Map ? ((Map) arg).message.toString() : arg.toString()
    record('unstable', [message: message])
    log << "WARNING: ${message}".toString()
    currentBuild.setResult('UNSTABLE')
    return null
  }
}
