// Help texts: what `deploy-window --help` and `deploy-window <command> --help` print.
import { AUDIT_HELP } from './commands/audit-help.js';
import { VERSION } from './version.js';

export const COMMANDS = [
  'check',
  'validate',
  'windows',
  'gate',
  'diff',
  'calendar',
  'preview',
  'audit',
] as const;
export type CommandName = (typeof COMMANDS)[number];

const CONFIG_LINE =
  '  --config PATH         window config (default: .github/deploy-windows.yml, .gitlab/deploy-windows.yml, deploy-windows.yml or .deploy-windows.yml; .yaml too)';

const POLICY_REF_LINES = `  --policy-ref REF      read the config (and the files it names) as committed at this git ref
                        (git show REF:PATH in the current repository), not from the working
                        tree; 'workspace' = the working tree (default: the working tree)`;

export const TOP_HELP = `deploy-window ${VERSION}: keep deployments inside their allowed time windows

Usage: deploy-window <command> [options]

Commands:
  check      is a deploy allowed now (or --at)? exit 0 allowed, 1 blocked, 2 bad usage/config
  validate   check the config file; exit 0 valid, 2 invalid
  windows    list upcoming open periods and deny occurrences (text, json or ics)
  gate       the CI gate: decide, apply platform exemptions, comment, wait, reschedule
  diff       what a policy change does to the open time (text, markdown or json)
  calendar   a week grid of open periods and deny windows (html or svg)
  preview    a GitLab merge request's "Deploy window changes" note (the template's preview job)
  audit      list the overrides recorded on GitHub (text, json or csv)

Options:
  -h, --help      show help (also: deploy-window <command> --help)
  -V, --version   print the version

Exit status: 0 allowed/valid, 1 blocked, 2 bad usage or invalid config.
`;

export const COMMAND_HELP: Record<CommandName, string> = {
  check: `Usage: deploy-window check [options]

Is a deployment allowed at an instant? Exit 0 allowed (or exempt), 1 blocked, 2 bad usage or
invalid config.

Options:
${CONFIG_LINE}
${POLICY_REF_LINES}
  --environment NAME    environment matched against the windows' globs (default: none, every window applies)
  --at ISO8601          instant to judge, with Z or an offset (default: now)
  --min-duration DUR    required open runway from --at on, e.g. 30m (default: none)
  --horizon DUR         how far to look for the next opening or closing (default: 366d)
  --actor LOGIN         judge exemption for this login by exempt.users (teams and CODEOWNERS
                        are checked by 'deploy-window gate' on a platform)
  --reason TEXT         why the exempt --actor deploys outside the windows (required where
                        exempt.require-reason is set); the decision then shows the override
  --format FORMAT       text, json or markdown (default: text)
  -h, --help            show this help
`,
  validate: `Usage: deploy-window validate [options]

Checks the config file: every error with file:line:column and key path. Exit 0 valid (warnings
are printed on stderr), 2 invalid.

Options:
${CONFIG_LINE}
  -h, --help            show this help
`,
  windows: `Usage: deploy-window windows [options]

Lists the upcoming open periods and deny occurrences.

Options:
${CONFIG_LINE}
  --environment NAME    environment matched against the windows' globs (default: every window applies)
  --from ISO8601        start of the listing, with Z or an offset (default: now)
  --days N              how many days to list, 1 to 3660 (default: 14)
  --format FORMAT       text, json or ics (default: text)
  -h, --help            show this help
`,
  gate: `Usage: deploy-window gate [options]

The CI gate shared by GitHub, GitLab and Jenkins: decides like 'check', applies the platform's
exemptions (exempt.users, teams, CODEOWNERS), posts or updates the "Deployment is blocked"
note, waits (--mode wait), records a re-run (--reschedule). Exit 0 allowed, exempt or warn;
1 blocked (also when a wait is cancelled by SIGINT/SIGTERM); 2 invalid config or usage.

Options:
  --platform NAME       github, gitlab, jenkins or local (default: detected: GITHUB_ACTIONS,
                        GITLAB_CI, JENKINS_URL/BUILD_TAG; else local)
${CONFIG_LINE}
  --policy-ref REF      read the config (and the files it names) at this ref, not from the
                        working tree; 'workspace' = the working tree (default: github and
                        gitlab, the default branch by API; jenkins and local, the working tree)
  --environment NAME    environment matched against the windows' globs
  --at ISO8601          instant to judge, with Z or an offset (default: now)
  --mode MODE           fail, wait or warn (default: fail)
  --max-wait DUR        longest wait in --mode wait (default: 1h)
  --defer-wait          --mode wait without sleeping here: when the opening is within
                        --max-wait, exit 1 with outcome "wait" and waitSeconds in --output; the
                        caller sleeps, then runs gate again with --waited (the Jenkins step)
  --waited SECONDS      time the caller already waited: counts against --max-wait, and a
                        fixed --at moves on by it (default: 0)
  --min-duration DUR    required open runway (default: none)
  --horizon DUR         how far to look for the next opening (default: 366d)
  --comment             post or update the blocked note (default)
  --no-comment          do not post or update a note
  --reschedule          when blocked, record a re-run at the opening (github, gitlab)
  --actor LOGIN         the actor judged for exemption (default: the platform's; local: none)
  --reason TEXT         why an exempt actor deploys outside the windows: recorded with the
                        override (required where exempt.require-reason is set)
  --policy-token-env NAME
                        gitlab: the variable holding a token that reads the policy projects
                        the config extends (default: the job token)
  --output FILE         write the decision JSON to FILE, with exitCode, outcome (allowed, warn,
                        blocked, wait, invalid), waitSeconds and summary (GitLab: also
                        deploy-window.env beside it)
  -h, --help            show this help

Tokens come from the environment only: DEPLOY_WINDOW_TOKEN (never an argument).
`,
  diff: `Usage: deploy-window diff (--base PATH | --base-ref REF) [options]

What a policy change does: for each environment, the open periods before and after over the
span, the periods gained and lost (in the config's zone and UTC), and findings about the new
policy (a window that never occurs within a year, an allow window always hidden by deny
windows, an environment left with no open time, a window that spans a DST change).
Exit 0 nothing changed, 1 open time changed, 2 bad usage or an invalid config.

Options:
  --base PATH           the old policy, a file
  --base-ref REF        the old policy, the same config path at this git ref (e.g. origin/main)
${CONFIG_LINE}
  --environment NAME    environment to compare (repeatable; default: the names the globs mention)
  --from ISO8601        start of the span (default: now)
  --days N              length of the span in days (default: 14)
  --format FORMAT       text, markdown (with a Mermaid gantt chart) or json (default: text)
  -h, --help            show this help
`,
  calendar: `Usage: deploy-window calendar [options]

A week grid per environment with the open periods and the deny windows, as one self-contained
HTML page (no network, no external script or font; dark mode; keyboard navigation) or an SVG.

Options:
${CONFIG_LINE}
  --environment NAME    environment to show (repeatable; default: the names the globs mention)
  --from ISO8601        first day shown (default: now; whole weeks from its Monday)
  --days N              days to cover (default: 28)
  --format FORMAT       html or svg (default: html)
  --output FILE         write the page to FILE (default: stdout)
  -h, --help            show this help
`,
  preview: `Usage: deploy-window preview [options]

In a GitLab merge request pipeline: compares the policy at the merge request's diff base
(CI_MERGE_REQUEST_DIFF_BASE_SHA) with the pipeline's commit (CI_COMMIT_SHA), both read through
the GitLab API, and when the merge request changes it, posts or updates one "Deploy window
changes" note (DEPLOY_WINDOW_TOKEN). Exit 0 done (changed or not), 2 the new policy is invalid,
bad usage, or not a merge request pipeline. On GitHub: the action's command: preview.

Options:
  --platform gitlab     the only platform this command previews for (default: gitlab)
${CONFIG_LINE}
  --environment NAME    environment to compare (repeatable; default: the names the globs mention)
  --from ISO8601        start of the span (default: now)
  --days N              length of the span in days (default: 14)
  --policy-token-env NAME
                        the variable holding a token that reads the policy projects the
                        config extends (default: the token that reads this project)
  --preview-repositories LIST
                        projects the merge request's extends may make the preview read
                        although the policy at the base does not (gitlab>group/project,
                        separated by spaces or commas; default: none)
  -h, --help            show this help
`,
  audit: AUDIT_HELP,
};
