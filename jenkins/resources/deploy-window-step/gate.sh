set +x
export GIT_TERMINAL_PROMPT=0
# The shell half of the deployWindow step (jenkins/vars/deployWindow.groovy, docs/jenkins.md):
# runs `deploy-window gate --platform jenkins --defer-wait` with the step's arguments, which
# arrive only as DW_* environment variables and are never evaluated as shell text
# (`--flag=value` keeps a value that starts with `-` from reading as a flag). The policy ref
# (DW_POLICY_REF, else CHANGE_TARGET, else origin's default branch) is fetched from origin into
# a repository of its own, and the CLI reads the config as committed there. The CLI writes its result to
# $DW_RUN_DIR/result.json (and on an override the record deploy-window-override.json beside it);
# what went wrong before that is in $DW_RUN_DIR/stderr.log.
fail() { printf 'deployWindow: %s\n' "$1" >"$DW_RUN_DIR/stderr.log"; exit 2; }
# The build's environment may point into the checkout, which the change being built controls:
# a PATH entry such as $WORKSPACE/node_modules/.bin would choose the node (and git, sed) that
# runs the gate, and NODE_OPTIONS=--require a preload of its own. PATH keeps only absolute
# directories outside the working directory and outside the workspace (the step may run inside
# dir('folder') of it); node runs without NODE_OPTIONS and NODE_PATH.
dw_here=$(pwd -P)
dw_workspace=$(cd "${WORKSPACE:-.}" 2>/dev/null && pwd -P) || dw_workspace=$dw_here
dw_path=
set -f
dw_ifs=$IFS
IFS=:
for dw_dir in $PATH; do
  case "$dw_dir" in /*) ;; *) continue ;; esac
  dw_real=$(cd "$dw_dir" 2>/dev/null && pwd -P) || continue
  case "$dw_real/" in "$dw_here"/* | "$dw_workspace"/*) continue ;; esac
  dw_path="${dw_path:+$dw_path:}$dw_dir"
done
IFS=$dw_ifs
set +f
PATH=$dw_path
export PATH
unset NODE_OPTIONS NODE_PATH
set -- gate --platform=jenkins --defer-wait --no-comment --output="$DW_RUN_DIR/result.json" \
  --mode="$DW_MODE" --max-wait="$DW_MAX_WAIT" --waited="$DW_WAITED"
if [ -n "${DW_ENVIRONMENT:-}" ]; then set -- "$@" --environment="$DW_ENVIRONMENT"; fi
if [ -n "${DW_CONFIG:-}" ]; then set -- "$@" --config="$DW_CONFIG"; fi
if [ -n "${DW_MIN_DURATION:-}" ]; then set -- "$@" --min-duration="$DW_MIN_DURATION"; fi
if [ -n "${DW_AT:-}" ]; then set -- "$@" --at="$DW_AT"; fi
if [ -n "${DW_ACTOR:-}" ]; then set -- "$@" --actor="$DW_ACTOR"; fi
if [ -n "${DW_REASON:-}" ]; then set -- "$@" --reason="$DW_REASON"; fi
# Only the Jenkinsfile's policyRef may say 'workspace' or name a full ref: CHANGE_TARGET is the
# branch a change request's author picks, so it is only ever a branch name.
if [ -n "${DW_POLICY_REF:-}" ]; then
  ref=$DW_POLICY_REF
  case "$ref" in refs/*) source="$ref" target="$ref" ;; *) source="refs/heads/$ref" target="refs/remotes/origin/$ref" ;; esac
elif [ -n "${CHANGE_TARGET:-}" ]; then
  ref=$CHANGE_TARGET source="refs/heads/$CHANGE_TARGET" target="refs/remotes/origin/$CHANGE_TARGET"
else
  ref=
fi
if [ "${DW_POLICY_REF:-}" = workspace ]; then
  set -- "$@" --policy-ref=workspace
else
  # The policy is fetched from origin into a repository of this run's own, outside the
  # checkout: refs, hooks and settings that earlier steps of the build may have written into
  # the checkout's .git are never read (docs/jenkins.md, "The policy ref").
  # The Jenkinsfile's policyRepository (DW_POLICY_URL), else origin's URL in the checkout's
  # .git/config, which a step that ran the change's code before this one could have changed.
  if [ -n "${DW_POLICY_URL:-}" ]; then
    url=$DW_POLICY_URL
    case "$url" in /* | *:*) ;; *) fail "policyRepository '$url' is not a URL or an absolute path" ;; esac
  else
    # A pull request from a fork may be checked out with the fork as origin (Bitbucket Cloud's
    # branch source does so), and the fork's branches are its author's.
    [ -z "${CHANGE_FORK:-}" ] || fail "a pull request from a fork (CHANGE_FORK $CHANGE_FORK): name the policy repository as policyRepository: '<URL>', written out in the Jenkinsfile (origin may be the fork)"
    # Only the checkout's own repository names origin. git looks for a repository from the
    # working directory up, and inside dir('folder') it would find, before the checkout's .git,
    # a folder the change committed laid out as a bare repository (HEAD, objects/, refs/,
    # config), or a submodule the change added (.git/modules/folder, its URL the change's).
    # git cannot commit a folder named .git.
    dw_git_dir=$(git rev-parse --absolute-git-dir 2>/dev/null) || dw_git_dir=
    case "$dw_git_dir" in
      '') url= ;;
      */.git) url=$(git --git-dir="$dw_git_dir" config --get remote.origin.url 2>/dev/null) || url= ;;
      *) fail "the git repository of the working directory ($dw_git_dir) is not the checkout's .git; run deployWindow where the checkout is, or name the policy repository as policyRepository:" ;;
    esac
    [ -n "$url" ] || fail "no policy ref: the workspace has no git remote origin; set policyRef: to a branch of origin (or 'workspace', which lets the change decide its own gate)"
    # A relative path is relative to the checkout's top, where git itself reads it.
    case "$url" in /* | *:*) ;; *) url="$(git -c safe.bareRepository=explicit rev-parse --show-toplevel)/$url" ;; esac
  fi
  policy_git="$DW_RUN_DIR/policy.git"
  git init --quiet --bare "$policy_git" >/dev/null 2>&1 || fail "cannot create $policy_git"
  # git over the network ends within DW_GIT_TIMEOUT seconds (where `timeout` exists): a remote
  # that never answers fails the gate, closed.
  remote_git() {
    if command -v timeout >/dev/null 2>&1; then
      timeout "${DW_GIT_TIMEOUT:-120}" git --git-dir="$policy_git" -c core.hooksPath=/dev/null "$@"
    else
      git --git-dir="$policy_git" -c core.hooksPath=/dev/null "$@"
    fi
  }
  # GNU timeout exits 124 when time is up; busybox's is killed by the signal (143).
  no_answer() { case "$1" in 124 | 143) printf 'no answer within %s s; ' "${DW_GIT_TIMEOUT:-120}" ;; esac; }
  if [ -z "$ref" ]; then
    listed=0
    remote_git ls-remote --symref -- "$url" HEAD >"$DW_RUN_DIR/head.txt" 2>"$DW_RUN_DIR/fetch.log" || listed=$?
    ref=$(sed -n 's#^ref: refs/heads/\(.*\)[[:space:]]HEAD$#\1#p' "$DW_RUN_DIR/head.txt")
    [ -n "$ref" ] || fail "no policy ref: origin's default branch could not be read (git ls-remote origin HEAD: $(no_answer "$listed")$(head -c 300 "$DW_RUN_DIR/fetch.log")); the build needs read access to origin (withCredentials or sshagent around deployWindow), or set policyRef: to a branch of origin"
    source="refs/heads/$ref" target="refs/remotes/origin/$ref"
  fi
  git check-ref-format "$source" || fail "policyRef '$ref' is not a git branch or ref name"
  fetched=0
  remote_git fetch --quiet --no-tags -- "$url" "+$source:$target" 2>"$DW_RUN_DIR/fetch.log" || fetched=$?
  if [ "$fetched" -ne 0 ]; then
    fail "cannot fetch the policy ref $ref from origin ($(no_answer "$fetched")$(head -c 300 "$DW_RUN_DIR/fetch.log")); the build needs read access to origin (withCredentials or sshagent around deployWindow), or set policyRef"
  fi
  export GIT_DIR="$policy_git"
  set -- "$@" --policy-ref="$target"
fi
status=0
"$DW_NODE" "$DW_RUN_DIR/deploy-window.cjs" "$@" 2>"$DW_RUN_DIR/stderr.log" || status=$?
cat "$DW_RUN_DIR/stderr.log" >&2
exit "$status"
