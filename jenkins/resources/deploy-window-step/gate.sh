set +x
export GIT_TERMINAL_PROMPT=0
# The shell half of the deployWindow step (jenkins/vars/deployWindow.groovy, docs/jenkins.md):
# runs `deploy-window gate --platform jenkins --defer-wait` with the step's arguments, which
# arrive only as DW_* environment variables and are never evaluated as shell text
# (`--flag=value` keeps a value that starts with `-` from reading as a flag). The policy ref
# (DW_POLICY_REF, else CHANGE_TARGET, else origin's default branch) is fetched from origin, and
# the CLI reads the config as committed there. The CLI writes its result to
# $DW_RUN_DIR/result.json (and on an override the record deploy-window-override.json beside it);
# what went wrong before that is in $DW_RUN_DIR/stderr.log.
fail() { printf 'deployWindow: %s\n' "$1" >"$DW_RUN_DIR/stderr.log"; exit 2; }
set -- gate --platform=jenkins --defer-wait --no-comment --output="$DW_RUN_DIR/result.json" \
  --mode="$DW_MODE" --max-wait="$DW_MAX_WAIT" --waited="$DW_WAITED"
if [ -n "${DW_ENVIRONMENT:-}" ]; then set -- "$@" --environment="$DW_ENVIRONMENT"; fi
if [ -n "${DW_CONFIG:-}" ]; then set -- "$@" --config="$DW_CONFIG"; fi
if [ -n "${DW_MIN_DURATION:-}" ]; then set -- "$@" --min-duration="$DW_MIN_DURATION"; fi
if [ -n "${DW_AT:-}" ]; then set -- "$@" --at="$DW_AT"; fi
if [ -n "${DW_ACTOR:-}" ]; then set -- "$@" --actor="$DW_ACTOR"; fi
if [ -n "${DW_REASON:-}" ]; then set -- "$@" --reason="$DW_REASON"; fi
ref="${DW_POLICY_REF:-${CHANGE_TARGET:-}}"
if [ -z "$ref" ]; then
  ref=$(git symbolic-ref --quiet refs/remotes/origin/HEAD 2>/dev/null | sed 's#^refs/remotes/origin/##') || ref=
fi
if [ -z "$ref" ]; then
  ref=$(git ls-remote --symref origin HEAD 2>/dev/null | sed -n 's#^ref: refs/heads/\(.*\)[[:space:]]HEAD$#\1#p') || ref=
fi
if [ "$ref" = workspace ]; then
  set -- "$@" --policy-ref=workspace
elif [ -z "$ref" ]; then
  fail "no policy ref: the workspace has no git remote origin with a default branch; set policyRef: to a branch of origin (or 'workspace', which lets the change decide its own gate)"
else
  case "$ref" in refs/*) source="$ref" target="$ref" ;; *) source="refs/heads/$ref" target="refs/remotes/origin/$ref" ;; esac
  git check-ref-format "$source" || fail "policyRef '$ref' is not a git branch or ref name"
  if ! git fetch --quiet --no-tags origin "+$source:$target" 2>"$DW_RUN_DIR/fetch.log"; then
    git rev-parse --quiet --verify "$target^{commit}" >/dev/null ||
      fail "cannot fetch the policy ref $ref from origin ($(head -c 300 "$DW_RUN_DIR/fetch.log")); the build needs read access to origin (withCredentials or sshagent around deployWindow), or set policyRef"
    echo "deploy-window: WARNING: could not fetch $ref from origin; reading the policy at the copy this checkout already has ($target)"
  fi
  set -- "$@" --policy-ref="$target"
fi
status=0
"$DW_NODE" "$DW_RUN_DIR/deploy-window.cjs" "$@" 2>"$DW_RUN_DIR/stderr.log" || status=$?
cat "$DW_RUN_DIR/stderr.log" >&2
exit "$status"
