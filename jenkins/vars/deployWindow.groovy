// deployWindow: keeps a deployment inside the repository's deploy windows (help: deployWindow.txt).
// The deploy-window CLI (a library resource) decides everything (docs/jenkins.md). This step checks
// its arguments, finds who started the build, runs `deploy-window gate --platform jenkins
// --defer-wait` (resources/deploy-window-step/gate.sh) and acts on its result file: error(),
// UNSTABLE, the durable `sleep` step then again, or an override's build description and record.
// CPS sandbox: whitelisted calls and pipeline steps only; @NonCPS methods parse JSON, call no step.

// Jenkins imports it into every pipeline script; spelled out for the static check (CodeNarc).
import com.cloudbees.groovy.cps.NonCPS

@groovy.transform.Field
final List ARGUMENTS = ['environment', 'config', 'mode', 'maxWait', 'minDuration', 'at', 'node', 'policyRef', 'policyRepository', 'reason']

@groovy.transform.Field
final List MODES = ['fail', 'wait', 'warn']

def call(Map args = [:]) {
  Map options = deployWindowOptions(args == null ? [:] : args)
  String actor = deployWindowActor()
  long waited = 0
  while (true) {
    Map result = deployWindowGate(options, actor, waited)
    result.waitedSeconds = waited
    if (result.outcome == 'allowed') {
      if (result.overrideSummary) {
        // Who overrode which windows and why, as the CLI words it (safe as text and as HTML).
        currentBuild.description = (currentBuild.description ? currentBuild.description + '\n' : '') + result.overrideSummary
      }
      return result
    }
    if (result.outcome == 'warn') {
      try {
        unstable(message: result.summary)
      } catch (NoSuchMethodError noUnstableStep) {
        // workflow-basic-steps before 2.16 has no `unstable` step.
        echo(result.summary)
        currentBuild.result = 'UNSTABLE'
      }
      return result
    }
    if (result.outcome != 'wait') {
      error(result.summary)
    }
    // The CLI never sleeps on Jenkins: a sleep inside `sh` would not survive a controller restart.
    long seconds = ((Number) result.waitSeconds).longValue()
    echo("deployWindow: sleeping ${seconds} s with the durable sleep step (it survives a controller restart)")
    sleep(time: seconds, unit: 'SECONDS')
    waited += seconds
  }
}

/** The arguments merged over the defaults; anything unknown or mistyped stops the build. */
private Map deployWindowOptions(Map args) {
  List unknown = []
  for (Object key in args.keySet()) {
    String name = key.toString()
    if (!ARGUMENTS.contains(name)) {
      String near = deployWindowNear(name)
      unknown.add(near == null ? name : "${name} (did you mean ${near}?)")
    }
  }
  if (!unknown.isEmpty()) {
    error("deployWindow: unknown argument${unknown.size() == 1 ? '' : 's'} ${unknown.join(', ')}; " +
      "allowed: ${ARGUMENTS.join(', ')}")
  }
  Map options = [
    environment: deployWindowText(args, 'environment', null),
    config: deployWindowText(args, 'config', null),
    mode: deployWindowText(args, 'mode', 'fail'),
    maxWait: deployWindowText(args, 'maxWait', '12h', true),
    minDuration: deployWindowText(args, 'minDuration', null, true),
    at: deployWindowText(args, 'at', null),
    node: deployWindowText(args, 'node', 'node'),
    policyRef: deployWindowText(args, 'policyRef', null),
    policyRepository: deployWindowText(args, 'policyRepository', null),
    reason: deployWindowText(args, 'reason', null),
  ]
  if (!MODES.contains(options.mode)) {
    error("deployWindow: invalid mode '${options.mode}'; allowed: ${MODES.join(', ')}")
  }
  return options
}

/** The allowed argument a mistyped one stands for: the same length, at most two letters off. */
private String deployWindowNear(String given) {
  for (Object candidate in ARGUMENTS) {
    String name = candidate.toString().toLowerCase()
    String typed = given.toLowerCase()
    int off = 0
    for (int i = 0; name.length() == typed.length() && i < name.length(); i++) {
      off += name.charAt(i) == typed.charAt(i) ? 0 : 1
    }
    if (name.length() == typed.length() && off <= 2 && off < name.length() - 1) {
      return candidate.toString()
    }
  }
  return null
}

/** A string argument (for a duration, a whole number too); null, blank or absent: the default. */
private String deployWindowText(Map args, String name, String fallback, boolean duration = false) {
  Object value = args.get(name)
  if (value != null && !(value instanceof CharSequence || (duration && (value instanceof Integer || value instanceof Long)))) {
    error("deployWindow: ${name} must be a ${duration ? 'duration' : 'string'}, not ${value}")
  }
  String text = value == null ? '' : value.toString().trim()
  // Only the shape of a duration: minutes (90) or `<n>d<n>h<n>m` parts. The CLI checks the rest.
  if (duration && !text.matches('[0-9]*|([0-9]+d)?([0-9]+h)?([0-9]+m)?')) {
    error("deployWindow: invalid ${name} '${text}'; expected a duration such as 90m, 1h30m, 12h, 2d")
  }
  return text.isEmpty() ? fallback : text
}

/** Who started the build by hand; null for timers, SCM pushes and upstream builds. */
private String deployWindowActor() {
  def causes = currentBuild.getBuildCauses('hudson.model.Cause$UserIdCause')
  if (causes == null || causes.size() == 0) {
    return null
  }
  Object userId = causes.get(0).get('userId')
  String text = userId == null ? '' : userId.toString()
  // A JSON null reads "null"; the ID goes as it is (trim() would make alice of alice + U+0001).
  return text.trim().isEmpty() || text.trim() == 'null' ? null : text
}

/** One run of `deploy-window gate` in a directory of its own; returns the CLI's result file. */
private Map deployWindowGate(Map options, String actor, long waited) {
  // A directory per run: two gates at once in one workspace must not touch each other's files.
  String runDir = ".deploy-window/run-${Math.abs(new Random().nextLong())}"
  Map result = null
  String problem = ''
  int status = 0
  try {
    // The bundle and the chunks it loads from beside itself (holiday data, ...), as the build
    // lists them; passed straight through, so megabytes never sit in a CPS variable.
    String files = 'deploy-window.cjs\n' + libraryResource(resource: 'deploy-window/files.txt', encoding: 'UTF-8')
    for (String name in files.split('\n')) {
      if (name.trim().matches('[A-Za-z0-9][A-Za-z0-9._-]*')) {
        writeFile(file: "${runDir}/${name.trim()}", encoding: 'UTF-8',
          text: libraryResource(resource: "deploy-window/${name.trim()}", encoding: 'UTF-8'))
      }
    }
    // withEnv drops empty values: the script tests each optional one with -n.
    withEnv(['DW_NODE=' + options.node, 'DW_RUN_DIR=' + runDir, 'DW_MODE=' + options.mode, 'DW_MAX_WAIT=' + options.maxWait,
             'DW_WAITED=' + waited, 'DW_ENVIRONMENT=' + (options.environment ?: ''), 'DW_CONFIG=' + (options.config ?: ''),
             'DW_MIN_DURATION=' + (options.minDuration ?: ''), 'DW_AT=' + (options.at ?: ''), 'DW_ACTOR=' + (actor ?: ''),
             'DW_POLICY_REF=' + (options.policyRef ?: ''), 'DW_POLICY_URL=' + (options.policyRepository ?: ''), 'DW_REASON=' + (options.reason ?: '')]) {
      status = sh(script: libraryResource(resource: 'deploy-window-step/gate.sh', encoding: 'UTF-8'),
        returnStatus: true, label: 'deploy-window gate')
    }
    if (fileExists("${runDir}/result.json")) {
      result = deployWindowParseJson(readFile(file: "${runDir}/result.json", encoding: 'UTF-8'))
      // An override goes ahead only with its record (the CLI writes it beside the result, and only
      // warns when it cannot), kept with the build.
      if (status == 0 && result.override != null) {
        String missing = 'the override record was not written (the log above says why), so the override does not go ahead.'
        if (!fileExists("${runDir}/deploy-window-override.json")) { error("deployWindow: ${missing}") }
        dir(runDir) { archiveArtifacts(artifacts: 'deploy-window-override.json', fingerprint: true) }
      }
    } else if (fileExists("${runDir}/stderr.log")) {
      problem = readFile(file: "${runDir}/stderr.log", encoding: 'UTF-8').trim()
    }
  } finally {
    dir(runDir) { deleteDir() }
  }
  if (result != null && status <= 2) {
    return result
  }
  if (status == 2) {
    error("deployWindow: deploy-window refused the arguments or the policy ref; the gate stays closed.\n${problem}")
  }
  error("deployWindow: deploy-window could not run (exit status ${status}); it needs Node.js 20 or newer " +
    "on the agent (argument node: '${options.node}').\n${problem}")
}

/**
 * The result as plain maps and lists: groovy.json.JsonSlurper is on script-security's generic
 * whitelist, but its LazyMap cannot be saved with the pipeline's state, so it is copied first.
 */
@NonCPS
private Map deployWindowParseJson(String text) {
  return deployWindowPlain(new groovy.json.JsonSlurper().parseText(text))
}

@NonCPS
private deployWindowPlain(Object value) {
  if (value instanceof Map) {
    Map copy = [:]
    for (Object entry in value.entrySet()) { copy.put(entry.getKey().toString(), deployWindowPlain(entry.getValue())) }
    return copy
  }
  if (value instanceof List) {
    List copy = []
    for (Object item in value) { copy.add(deployWindowPlain(item)) }
    return copy
  }
  return value
}
