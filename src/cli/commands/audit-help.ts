// The help text of `deploy-window audit`, apart from the command so help.ts can show it without
// loading the GitHub client.

export const AUDIT_HELP = `Usage: deploy-window audit [options]

Lists the overrides recorded on GitHub (deployments of task deploy-window:override): who deployed
outside the windows, when, where and why. Newest first. Reads GITHUB_TOKEN (read access to
deployments) and GITHUB_API_URL (default https://api.github.com). Exit 0 listed (also when
there are none), 2 bad usage or the deployments could not be read.

Options:
  --repo OWNER/NAME     the repository (default: GITHUB_REPOSITORY)
  --since WHEN          a duration back from now (30d, 12h) or an instant (2026-01-01T00:00Z)
                        (default: 30d)
  --format FORMAT       text, json or csv (default: text)
  -h, --help            show this help
`;
