// deployWindow: keeps a deployment inside the repository's deploy windows (help: deployWindow.txt).
//
// The decision is made by the deploy-window CLI, shipped in this library as a resource, so
// Jenkins decides exactly like the GitHub Action and the GitLab template. This step only:
// checks its arguments, finds who started the build, runs `deploy-window gate --platform
// jenkins`, and acts on the decision: error() (fail), UNSTABLE (warn), or the durable
// `sleep` step until the window opens (wait).
//
// Written for the CPS sandbox: no closures handed to library methods, no classes outside
// script-security's generic whitelist, and no date classes: instants are the CLI's
// `YYYY-MM-DDTHH:MM:SS.mmmZ` strings, turned into seconds with whole-number arithmetic.

// Argument values reach the shell only as environment variables of this fixed script:
// nothing from the caller is ever interpolated into shell text. `--flag=value` keeps values
// that start with `-` from reading as flags. The CLI's own output goes to the console; stdout
// carries back the exit status, the decision JSON and the CLI's stderr. Each run has its own
// directory (parallel gates in one workspace must not share files) and removes it.
@groovy.transform.Field
final String GATE_SCRIPT = '''set +x
set -- gate --platform=jenkins --output="$DW_RUN_DIR/decision.json" --mode="$DW_CLI_MODE" --max-wait="$DW_MAX_WAIT" --no-comment
if [ -n "${DW_ENVIRONMENT:-}" ]; then set -- "$@" --environment="$DW_ENVIRONMENT"; fi
if [ -n "${DW_CONFIG:-}" ]; then set -- "$@" --config="$DW_CONFIG"; fi
if [ -n "${DW_MIN_DURATION:-}" ]; then set -- "$@" --min-duration="$DW_MIN_DURATION"; fi
if [ -n "${DW_AT:-}" ]; then set -- "$@" --at="$DW_AT"; fi
if [ -n "${DW_ACTOR:-}" ]; then set -- "$@" --actor="$DW_ACTOR"; fi
status=0
"$DW_NODE" "$DW_RUN_DIR/deploy-window.mjs" "$@" >&2 2>"$DW_RUN_DIR/stderr.log" || status=$?
cat "$DW_RUN_DIR/stderr.log" >&2
echo "deploy-window-status=$status"
if [ -f "$DW_RUN_DIR/decision.json" ]; then cat "$DW_RUN_DIR/decision.json"; fi
echo
echo "$DW_STDERR_MARKER"
cat "$DW_RUN_DIR/stderr.log"
rm -rf "$DW_RUN_DIR"
'''

@groovy.transform.Field
final String STDERR_MARKER = '--- deploy-window stderr ---'

@groovy.transform.Field
final String WORK_DIR = '.deploy-window'

@groovy.transform.Field
final List ARGUMENTS = ['environment', 'config', 'mode', 'maxWait', 'minDuration', 'at', 'node']

@groovy.transform.Field
final List MODES = ['fail', 'wait', 'warn']

def call(Map args = [:]) {
  Map options = deployWindowOptions(args == null ? [:] : args)
  String actor = deployWindowActor()
  String at = options.at
  long waited = 0
  while (true) {
    Map decision = deployWindowDecide(options, actor, at)
    decision.waitedSeconds = waited
    if (decision.allowed) {
      echo(deployWindowAllowedLine(decision))
      return decision
    }
    if (options.mode == 'warn') {
      String line = deployWindowBlockedMessage(decision, 'mode warn: the build goes on, marked UNSTABLE')
      try {
        unstable(message: line)
      } catch (NoSuchMethodError noUnstableStep) {
        // workflow-basic-steps before 2.16 has no `unstable` step.
        echo(line)
        currentBuild.result = 'UNSTABLE'
      }
      return decision
    }
    if (options.mode == 'fail') {
      error(deployWindowBlockedMessage(decision, null))
    }

    // mode wait
    if (decision.nextOpen == null) {
      error(deployWindowBlockedMessage(decision, 'there is no opening within the horizon to wait for'))
    }
    long seconds = deployWindowSecondsBetween(decision.at.toString(), decision.nextOpen.toString())
    if (seconds < 1) {
      seconds = 1
    }
    if (waited + seconds > options.maxWaitSeconds) {
      String budget = waited == 0 ? '' : " (${deployWindowSpan(waited)} already waited)"
      error(deployWindowBlockedMessage(decision,
        "the opening is ${deployWindowSpan(seconds)} away, beyond maxWait ${options.maxWait}${budget}"))
    }
    echo("deploy-window: ${deployWindowWhat(decision)} is blocked; waiting ${deployWindowSpan(seconds)} " +
      "for the opening at ${decision.nextOpen} (durable sleep, survives a controller restart)")
    sleep(time: seconds, unit: 'SECONDS')
    waited += seconds
    // A fixed `at` (dry run) moves on with the wait, as the clock would.
    if (at != null) {
      at = decision.nextOpen.toString()
    }
    echo('deploy-window: the wait is over; checking the config and the windows again')
  }
}

/** The arguments merged over the defaults; anything unknown or invalid stops the build. */
private Map deployWindowOptions(Map args) {
  List unknown = []
  for (Object key in args.keySet()) {
    String name = key.toString()
    if (!ARGUMENTS.contains(name)) {
      String near = deployWindowClosestArgument(name)
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
    maxWait: deployWindowDuration(args, 'maxWait', '12h'),
    minDuration: deployWindowDuration(args, 'minDuration', null),
    at: deployWindowText(args, 'at', null),
    node: deployWindowText(args, 'node', 'node'),
  ]
  if (!MODES.contains(options.mode)) {
    error("deployWindow: invalid mode '${options.mode}'; allowed: ${MODES.join(', ')}")
  }
  if (options.node == null) {
    error("deployWindow: node must name the Node.js executable on the agent (default 'node')")
  }
  options.maxWaitSeconds = deployWindowMinutes(options.maxWait) * 60L
  return options
}

/** The allowed argument nearest to a mistyped one (at most two edits away), else null. */
@NonCPS
private String deployWindowClosestArgument(String given) {
  String best = null
  int bestDistance = 3
  for (Object candidate in ARGUMENTS) {
    int distance = deployWindowEditDistance(given.toLowerCase(), candidate.toString().toLowerCase())
    if (distance < bestDistance) {
      best = candidate.toString()
      bestDistance = distance
    }
  }
  return best
}

/** Levenshtein distance, one row at a time. */
@NonCPS
private int deployWindowEditDistance(String a, String b) {
  List previous = []
  for (int j = 0; j <= b.length(); j++) {
    previous.add(j)
  }
  for (int i = 1; i <= a.length(); i++) {
    List current = [i]
    for (int j = 1; j <= b.length(); j++) {
      int substitution = (int) previous.get(j - 1) + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1)
      int insertion = (int) current.get(j - 1) + 1
      int deletion = (int) previous.get(j) + 1
      current.add(Math.min(substitution, Math.min(insertion, deletion)))
    }
    previous = current
  }
  return (int) previous.get(b.length())
}

/** A string argument; null, blank or absent: the default. */
private String deployWindowText(Map args, String name, String fallback) {
  if (!args.containsKey(name) || args.get(name) == null) {
    return fallback
  }
  Object value = args.get(name)
  if (!(value instanceof CharSequence)) {
    error("deployWindow: ${name} must be a string, not ${value}")
  }
  String text = value.toString().trim()
  return text.isEmpty() ? fallback : text
}

/** A duration: minutes as a whole number (90), or `<n>d<n>h<n>m` parts in that order. */
private String deployWindowDuration(Map args, String name, String fallback) {
  Object value = args.get(name)
  if (value == null) {
    return fallback
  }
  if (!(value instanceof CharSequence || value instanceof Integer || value instanceof Long)) {
    error("deployWindow: invalid ${name} ${value}; expected a duration such as 90m, 1h30m, 12h, 2d")
  }
  String text = value.toString().trim()
  if (text.isEmpty()) {
    return fallback
  }
  boolean shaped = text.matches('[0-9]+') || text.matches('([0-9]+d)?([0-9]+h)?([0-9]+m)?')
  if (!shaped || deployWindowMinutes(text) <= 0) {
    error("deployWindow: invalid ${name} '${text}'; expected a positive duration such as 90m, 1h30m, 12h, 2d")
  }
  return text
}

/** Minutes of a duration already checked by deployWindowDuration. */
private long deployWindowMinutes(String text) {
  long total = 0
  long number = 0
  for (int i = 0; i < text.length(); i++) {
    String c = text.substring(i, i + 1)
    int digit = '0123456789'.indexOf(c)
    if (digit >= 0) {
      number = number * 10 + digit
    } else {
      total += number * (c == 'd' ? 1440 : c == 'h' ? 60 : 1)
      number = 0
    }
  }
  return total + number
}

/** Who started the build by hand; null for timers, SCM pushes and upstream builds. */
private String deployWindowActor() {
  def causes = currentBuild.getBuildCauses('hudson.model.Cause$UserIdCause')
  if (causes == null || causes.size() == 0) {
    return null
  }
  Object userId = causes.get(0).get('userId')
  String text = userId == null ? '' : userId.toString().trim()
  // readJSON-style objects turn a JSON null into the text "null".
  return text.isEmpty() || text == 'null' ? null : text
}

/** One run of `deploy-window gate`; returns the decision, or stops the build on a bad config. */
private Map deployWindowDecide(Map options, String actor, String at) {
  // A directory per run: two gates at once in one workspace must not rewrite each other's files.
  String runDir = "${WORK_DIR}/${UUID.randomUUID()}"
  deployWindowWriteResource('deploy-window.mjs', runDir)
  // Chunks the bundle loads from beside itself (holiday data, ...), as the build lists them.
  String companions = libraryResource(resource: 'deploy-window/files.txt', encoding: 'UTF-8')
  for (String name in companions.split('\n')) {
    if (name.trim().matches('[A-Za-z0-9][A-Za-z0-9._-]*')) {
      deployWindowWriteResource(name.trim(), runDir)
    }
  }
  // Wait mode waits here, with the durable sleep step, not inside the CLI process.
  String cliMode = options.mode == 'warn' ? 'warn' : 'fail'
  String payload = ''
  withEnv([
    'DW_NODE=' + options.node,
    'DW_RUN_DIR=' + runDir,
    'DW_STDERR_MARKER=' + STDERR_MARKER,
    'DW_CLI_MODE=' + cliMode,
    'DW_MAX_WAIT=' + options.maxWait,
    // withEnv drops empty values: the script tests each optional one with -n.
    'DW_ENVIRONMENT=' + (options.environment ?: ''),
    'DW_CONFIG=' + (options.config ?: ''),
    'DW_MIN_DURATION=' + (options.minDuration ?: ''),
    'DW_AT=' + (at ?: ''),
    'DW_ACTOR=' + (actor ?: ''),
  ]) {
    payload = sh(script: GATE_SCRIPT, returnStdout: true, label: 'deploy-window gate')
  }

  int statusAt = payload.indexOf('deploy-window-status=')
  int markerAt = statusAt < 0 ? -1 : payload.indexOf(STDERR_MARKER, statusAt)
  if (statusAt < 0 || markerAt < statusAt) {
    error("deployWindow: the deploy-window gate script gave no result:\n${payload}")
  }
  String body = payload.substring(statusAt, markerAt)
  int lineEnd = body.indexOf('\n')
  int status = Integer.parseInt(body.substring('deploy-window-status='.length(), lineEnd).trim())
  String json = body.substring(lineEnd + 1).trim()
  String detail = payload.substring(markerAt + STDERR_MARKER.length()).trim()

  if ((status == 0 || status == 1) && json.startsWith('{')) {
    return deployWindowReadJson(json)
  }
  if (status == 2) {
    error("deployWindow: deploy-window refused the config or the arguments; the gate stays closed.\n${detail}")
  }
  error("deployWindow: deploy-window could not run (exit status ${status}); it needs Node.js 20 or newer " +
    "on the agent (argument node: '${options.node}').\n${detail}")
}

/** Copies one file of the library's deploy-window resources into the run directory. */
private void deployWindowWriteResource(String name, String runDir) {
  // Passed straight through, so the bundle (megabytes) never sits in a CPS variable.
  writeFile(
    file: "${runDir}/${name}",
    text: libraryResource(resource: "deploy-window/${name}", encoding: 'UTF-8'),
    encoding: 'UTF-8',
  )
}

/**
 * The decision as plain maps and lists: readJSON (Pipeline Utility Steps) when installed,
 * else groovy.json.JsonSlurper, the parser script-security's generic whitelist allows.
 */
private Map deployWindowReadJson(String text) {
  try {
    return deployWindowPlain(readJSON(text: text, returnPojo: true))
  } catch (NoSuchMethodError noPipelineUtilitySteps) {
    return deployWindowParseJson(text)
  }
}

@NonCPS
private Map deployWindowParseJson(String text) {
  // JsonSlurper's LazyMap cannot be saved with the pipeline's state: copy it before returning.
  return deployWindowPlain(new groovy.json.JsonSlurper().parseText(text))
}

/** A serializable copy: LinkedHashMap and ArrayList; json-lib's JSONNull becomes null. */
@NonCPS
private deployWindowPlain(Object value) {
  if (value == null || value.getClass().getName() == 'net.sf.json.JSONNull') {
    return null
  }
  if (value instanceof Map) {
    Map copy = [:]
    for (Object entry in value.entrySet()) {
      copy.put(entry.getKey().toString(), deployWindowPlain(entry.getValue()))
    }
    return copy
  }
  if (value instanceof List) {
    List copy = []
    for (Object item in value) {
      copy.add(deployWindowPlain(item))
    }
    return copy
  }
  return value
}

/** Seconds from one CLI instant (`2026-11-23T14:00:00.000Z`) to another, rounded up. */
private long deployWindowSecondsBetween(String from, String to) {
  long millis = deployWindowEpochMillis(to) - deployWindowEpochMillis(from)
  return Math.floorDiv(millis + 999L, 1000L)
}

/** Milliseconds since 1970 of a UTC instant as the CLI prints them (days from the civil date). */
private long deployWindowEpochMillis(String iso) {
  long year = Integer.parseInt(iso.substring(0, 4))
  long month = Integer.parseInt(iso.substring(5, 7))
  long day = Integer.parseInt(iso.substring(8, 10))
  long hour = Integer.parseInt(iso.substring(11, 13))
  long minute = Integer.parseInt(iso.substring(14, 16))
  long second = Integer.parseInt(iso.substring(17, 19))
  long millis = iso.length() > 20 && iso.substring(19, 20) == '.' ? Integer.parseInt(iso.substring(20, 23)) : 0
  // Howard Hinnant's days_from_civil: years start in March, so leap days come last.
  long y = month <= 2 ? year - 1 : year
  long era = Math.floorDiv(y, 400L)
  long yearOfEra = y - era * 400
  long monthFromMarch = month > 2 ? month - 3 : month + 9
  long dayOfYear = Math.floorDiv(153 * monthFromMarch + 2, 5L) + day - 1
  long dayOfEra = yearOfEra * 365 + Math.floorDiv(yearOfEra, 4L) - Math.floorDiv(yearOfEra, 100L) + dayOfYear
  long days = era * 146097 + dayOfEra - 719468
  return ((days * 24 + hour) * 60 + minute) * 60000 + second * 1000 + millis
}

/** `3h 12m`, `45m`, `20s`. */
private String deployWindowSpan(long seconds) {
  long days = Math.floorDiv(seconds, 86400L)
  long hours = Math.floorDiv(seconds % 86400, 3600L)
  long minutes = Math.floorDiv(seconds % 3600, 60L)
  List parts = []
  if (days > 0) {
    parts.add("${days}d")
  }
  if (hours > 0) {
    parts.add("${hours}h")
  }
  if (minutes > 0) {
    parts.add("${minutes}m")
  }
  if (parts.isEmpty()) {
    parts.add("${seconds}s")
  }
  return parts.join(' ')
}

private String deployWindowWhat(Map decision) {
  return decision.environment == null ? 'deployment' : "deployment to ${decision.environment}"
}

private String deployWindowAllowedLine(Map decision) {
  if (decision.exempt) {
    return "deploy-window: ${deployWindowWhat(decision)} is allowed: exempt (${decision.exemptBy}) outside the windows"
  }
  String closes = decision.closesAt == null ? '' : "; the window closes at ${decision.closesAt}"
  return "deploy-window: ${deployWindowWhat(decision)} is allowed (${decision.reason})${closes}"
}

private String deployWindowBlockedMessage(Map decision, String why) {
  String target = decision.environment == null ? '' : " for ${decision.environment}"
  List blocking = decision.blockingWindows instanceof List ? decision.blockingWindows : []
  String windows = blocking.isEmpty() ? '' : "; blocking: ${blocking.join(', ')}"
  String opening = decision.nextOpen == null ?
    'no opening within the horizon' :
    "next open ${decision.nextOpen} (windows in ${decision.timezone})"
  String text = "Deployment is blocked${target} (${decision.reason}${windows}); ${opening}."
  if (decision.message != null) {
    text = "${text} ${decision.message}"
  }
  return why == null ? text : "${text} ${why.substring(0, 1).toUpperCase()}${why.substring(1)}."
}
