// Help texts: what `deploy-window --help` and `deploy-window <command> --help` print.
import { VERSION } from './version.js';

export const COMMANDS = ['check', 'validate', 'windows', 'gate'] as const;
export type CommandName = (typeof COMMANDS)[number];

const CONFIG_LINE =
  '  --config PATH         window config (default: .github/deploy-windows.yml, .gitlab/deploy-windows.yml or deploy-windows.yml; .yaml too)';

export const TOP_HELP = `deploy-window ${VERSION}: keep deployments inside their allowed time windows

Usage: deploy-window <command> [options]

Commands:
  check      is a deploy allowed now (or --at)? exit 0 allowed, 1 blocked, 2 bad usage/config
  validate   check the config file; exit 0 valid, 2 invalid
  windows    list upcoming open periods and deny occurrences (text, json or ics)
  gate       the CI gate: decide, apply platform exemptions, comment, wait, reschedule

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
  --environment NAME    environment matched against the windows' globs (default: none, every window applies)
  --at ISO8601          instant to judge, with Z or an offset (default: now)
  --min-duration DUR    required open runway from --at on, e.g. 30m (default: none)
  --horizon DUR         how far to look for the next opening or closing (default: 366d)
  --actor LOGIN         judge exemption for this login by exempt.users (teams and CODEOWNERS
                        are checked by 'deploy-window gate' on a platform)
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
  --environment NAME    environment matched against the windows' globs
  --at ISO8601          instant to judge, with Z or an offset (default: now)
  --mode MODE           fail, wait or warn (default: fail)
  --max-wait DUR        longest wait in --mode wait (default: 1h)
  --min-duration DUR    required open runway (default: none)
  --horizon DUR         how far to look for the next opening (default: 366d)
  --comment             post or update the blocked note (default)
  --no-comment          do not post or update a note
  --reschedule          when blocked, record a re-run at the opening (github, gitlab)
  --actor LOGIN         the actor judged for exemption (default: the platform's; local: none)
  --output FILE         write the decision JSON to FILE (GitLab: also deploy-window.env beside it)
  -h, --help            show this help

Tokens come from the environment only: DEPLOY_WINDOW_TOKEN (never an argument).
`,
};
