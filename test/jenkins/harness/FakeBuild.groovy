// `currentBuild` (RunWrapper): the build's result, description and causes.
class FakeBuild {
  String result = null
  String description = null
  List causes = []

  /** Like RunWrapper.getBuildCauses(String): the causes of that class, as JSON-like maps. */
  List getBuildCauses(String className) {
    return causes.findAll { it['_class'] == className }.collect { new LinkedHashMap(it) }
  }

  void setResult(String value) {
    List order = ['SUCCESS', 'UNSTABLE', 'FAILURE', 'NOT_BUILT', 'ABORTED']
    // Like Jenkins: a result can only get worse.
    if (result == null || order.indexOf(value) > order.indexOf(result)) result = value
  }
}
