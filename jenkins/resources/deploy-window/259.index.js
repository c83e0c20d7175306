export const id = 259;
export const ids = [259];
export const modules = {

/***/ 4259:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createGitHubPlatform: () => (/* binding */ createGitHubPlatform),
  parseRepository: () => (/* binding */ parseRepository)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/core/config/format.ts
var format = __webpack_require__(9403);
// EXTERNAL MODULE: ./src/core/render/markdown.ts + 1 modules
var markdown = __webpack_require__(2219);
// EXTERNAL MODULE: ./src/gate/clock.ts
var clock = __webpack_require__(8553);
// EXTERNAL MODULE: ./src/node/config-file.ts + 9 modules
var config_file = __webpack_require__(6912);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(1758);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(9735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(6856);
;// CONCATENATED MODULE: ./src/github/client.ts
// The one way this action talks to GitHub: Octokit from @actions/github, with retries on
// 5xx and rate limits, the API base from GITHUB_API_URL (GHES and tests point it elsewhere),
// and errors that name the endpoint and the status.



/** Thrown for every failed API call: `GET /orgs/acme/teams/x/memberships/bob -> 403: ...`. */
class GitHubApiError extends Error {
    method;
    endpoint;
    status;
    detail;
    name = 'GitHubApiError';
    constructor(method, endpoint, status, detail) {
        super(`${method} ${endpoint} -> ${status ?? 'network error'}: ${detail}`);
        this.method = method;
        this.endpoint = endpoint;
        this.status = status;
        this.detail = detail;
    }
}
const RATE_LIMIT_RETRIES = 2;
/** Waiting longer than this for a rate limit is worse than failing the call. */
const RATE_LIMIT_MAX_WAIT_S = 60;
function usesProxy(env) {
    return Boolean(env.https_proxy || env.HTTPS_PROXY || env.http_proxy || env.HTTP_PROXY);
}
function endpointOf(url, baseUrl) {
    const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url;
    return path.split('?')[0] || path;
}
function createClient(token, options) {
    const { baseUrl, log } = options;
    const env = options.env ?? process.env;
    const octokit = (0,github/* getOctokit */.Q)(token, {
        baseUrl: baseUrl.replace(/\/+$/, ''),
        // Without a proxy, the platform's fetch (the proxy-aware one from @actions/github is
        // only needed behind a proxy on self-hosted runners).
        request: usesProxy(env) ? undefined : { fetch: globalThis.fetch },
        // Not request.retries: plugin-retry would then retry every failure, 404s included.
        retry: { retries: options.retries ?? 3, retryAfterBaseValue: options.retryBaseMs ?? 1000 },
        throttle: {
            retryAfterBaseValue: options.retryBaseMs ?? 1000,
            onRateLimit: (retryAfter, request, _octokit, retryCount) => {
                const again = retryCount < RATE_LIMIT_RETRIES && retryAfter <= RATE_LIMIT_MAX_WAIT_S;
                log.warning(`GitHub rate limit hit on ${request.method} ${request.url}${again ? `; retrying in ${retryAfter}s` : ''}.`);
                return again;
            },
            onSecondaryRateLimit: (retryAfter, request, _octokit, retryCount) => {
                const again = retryCount < RATE_LIMIT_RETRIES && retryAfter <= RATE_LIMIT_MAX_WAIT_S;
                log.warning(`GitHub secondary rate limit hit on ${request.method} ${request.url}${again ? `; retrying in ${retryAfter}s` : ''}.`);
                return again;
            },
        },
    }, dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A);
    octokit.hook.error('request', (error, request) => {
        if (error instanceof GitHubApiError)
            throw error;
        const failed = error;
        const status = typeof failed.status === 'number' && failed.status > 0 ? failed.status : null;
        const detail = failed.response?.data?.message ?? failed.message ?? String(error);
        // request.url is the route template (`/orgs/{org}/...`); name the real path.
        const expand = octokit.request.endpoint;
        const expanded = expand(request);
        const endpoint = endpointOf(expanded.url, String(request.baseUrl ?? baseUrl));
        throw new GitHubApiError(String(request.method ?? 'GET'), endpoint, status, detail);
    });
    return octokit;
}
/** The HTTP status of a failed call (null: it never got an answer). */
function statusOf(error) {
    if (error instanceof GitHubApiError)
        return error.status;
    const status = error?.status;
    return typeof status === 'number' && status > 0 ? status : null;
}
function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/github/codeowners.ts
// GitHub's CODEOWNERS: where the file lives, its gitignore-style patterns, and who owns a path
// (the last matching rule wins).


/** Where GitHub looks, in its order. */
const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];
function findCodeownersFile(workspace) {
    for (const path of CODEOWNERS_PATHS) {
        try {
            return { path, text: (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(workspace, path), 'utf8') };
        }
        catch {
            // Not there: try the next place.
        }
    }
    return null;
}
function escapeRegExp(text) {
    return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}
/** Translates one segment run of a pattern: `*` and `?` stay inside a path segment. */
function globToRegExp(glob) {
    let out = '';
    for (let i = 0; i < glob.length; i++) {
        const char = glob[i];
        if (char === '*') {
            if (glob[i + 1] === '*') {
                // `**/` any leading directories (or none); `/**` at the end: everything inside.
                if (glob[i + 2] === '/') {
                    out += '(?:.*/)?';
                    i += 2;
                }
                else {
                    out += '.*';
                    i += 1;
                }
            }
            else {
                out += '[^/]*';
            }
        }
        else if (char === '?') {
            out += '[^/]';
        }
        else if (char === '\\' && i + 1 < glob.length) {
            out += escapeRegExp(glob[i + 1]);
            i += 1;
        }
        else {
            out += escapeRegExp(char);
        }
    }
    return out;
}
/**
 * A CODEOWNERS pattern as a matcher of repository paths (no leading slash). Follows GitHub's
 * documented behaviour: a leading or inner `/` anchors at the root; `dir/` matches everything
 * under any such directory; `docs/*` matches files directly in docs only; a name without
 * wildcards also matches everything under it when it is a directory.
 */
function patternToRegExp(pattern) {
    let body = pattern;
    const directoryOnly = body.endsWith('/');
    if (directoryOnly)
        body = body.replace(/\/+$/, '');
    const anchored = body.startsWith('/') || body.includes('/');
    body = body.replace(/^\/+/, '');
    const lastSegment = body.split('/').pop() ?? '';
    const prefix = anchored || body.startsWith('**') ? '' : '(?:.*/)?';
    const suffix = directoryOnly
        ? '/.*'
        : /[*?]/.test(lastSegment) && lastSegment !== '**'
            ? ''
            : '(?:/.*)?';
    return new RegExp(`^${prefix}${globToRegExp(body)}${suffix}$`);
}
function parseCodeowners(text) {
    const rules = [];
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        // A pattern may contain escaped spaces (`my\ file`).
        const tokens = line.match(/(?:\\.|[^\s\\])+/g) ?? [];
        const [pattern, ...rest] = tokens;
        if (!pattern)
            return;
        const commentAt = rest.findIndex((token) => token.startsWith('#'));
        const owners = commentAt === -1 ? rest : rest.slice(0, commentAt);
        rules.push({ pattern, owners, line: index + 1, matcher: patternToRegExp(pattern) });
    });
    return rules;
}
/** The rule that decides who owns `path` (the last that matches), or null when none does. */
function ruleFor(rules, path) {
    const normalized = path.trim().replace(/^\.\//, '').replace(/^\/+/, '');
    for (let i = rules.length - 1; i >= 0; i--) {
        const rule = rules[i];
        if (rule.matcher.test(normalized))
            return rule;
    }
    return null;
}
function classifyOwner(owner) {
    if (owner.startsWith('@')) {
        const name = owner.slice(1);
        return name.includes('/') ? { kind: 'team', team: name } : { kind: 'user', login: name };
    }
    return { kind: 'email', email: owner };
}

;// CONCATENATED MODULE: ./src/github/comment.ts
// The one "Deployment is blocked" comment per pull request (or commit) and environment: where
// it goes, how a later run finds it (a hidden marker), and creating or updating it in place.


const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review']);
/** The hidden line that identifies this environment's note: `<!-- deploy-window:production -->`. */
function noteMarker(environment) {
    const name = (environment ?? '*').replace(/--+>?|>/g, '');
    return `<!-- deploy-window:${name} -->`;
}
function readEventPayload(path) {
    if (!path)
        return {};
    try {
        const parsed = JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
        return parsed && typeof parsed === 'object' ? parsed : {};
    }
    catch {
        return {};
    }
}
/** The pull request the event itself names (pull_request*, a PR comment, merge queue, workflow_run). */
function pullFromEvent(eventName, payload) {
    const number = (value) => (typeof value === 'number' && value > 0 ? value : null);
    if (eventName && PULL_REQUEST_EVENTS.has(eventName)) {
        const pull = payload.pull_request;
        return number(pull?.number) ?? number(payload.number);
    }
    if (eventName === 'issue_comment') {
        const issue = payload.issue;
        if (issue?.pull_request)
            return number(issue.number);
    }
    if (eventName === 'merge_group') {
        // The queue's branch names the pull request: gh-readonly-queue/main/pr-123-<sha>.
        const group = payload.merge_group;
        const match = typeof group?.head_ref === 'string' ? /\/pr-(\d+)-[0-9a-f]+$/.exec(group.head_ref) : null;
        return match?.[1] ? number(Number(match[1])) : null;
    }
    if (eventName === 'workflow_run') {
        const run = payload.workflow_run;
        return number(run?.pull_requests?.[0]?.number);
    }
    return null;
}
/**
 * Where the note goes: the event's pull request, else the first pull request GitHub associates
 * with the commit, else the commit itself.
 */
async function resolveNoteTarget(octokit, repo, facts, log) {
    const fromEvent = pullFromEvent(facts.eventName, facts.payload);
    if (fromEvent !== null)
        return { kind: 'pull', number: fromEvent };
    if (!facts.sha) {
        log.warning('No GITHUB_SHA: there is no pull request or commit to write the note on.');
        return null;
    }
    try {
        const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
            ...repo,
            commit_sha: facts.sha,
            per_page: 10,
        });
        const first = data[0];
        if (first)
            return { kind: 'pull', number: first.number };
    }
    catch (error) {
        log.warning(`Could not find the pull request of ${facts.sha} (${messageOf(error)}); the note goes on the commit.`);
    }
    return { kind: 'commit', sha: facts.sha };
}
async function findExisting(octokit, repo, target, marker) {
    const comments = target.kind === 'pull'
        ? await octokit.paginate(octokit.rest.issues.listComments, {
            ...repo,
            issue_number: target.number,
            per_page: 100,
        })
        : await octokit.paginate(octokit.rest.repos.listCommentsForCommit, {
            ...repo,
            commit_sha: target.sha,
            per_page: 100,
        });
    // The newest, should an older duplicate exist.
    return [...comments].reverse().find((comment) => comment.body?.includes(marker)) ?? null;
}
/**
 * Creates or updates the note. With `createIfMissing` false (an allowed run) only an existing
 * note is updated: nothing is posted just to say deploys are allowed.
 */
async function upsertNote(octokit, repo, target, marker, body, createIfMissing) {
    const text = body.includes(marker) ? body : `${marker}\n${body}`;
    const existing = await findExisting(octokit, repo, target, marker);
    if (existing) {
        if (existing.body === text)
            return { url: existing.html_url, action: 'unchanged' };
        const { data } = target.kind === 'pull'
            ? await octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body: text })
            : await octokit.rest.repos.updateCommitComment({
                ...repo,
                comment_id: existing.id,
                body: text,
            });
        return { url: data.html_url, action: 'updated' };
    }
    if (!createIfMissing)
        return { url: null, action: 'none' };
    const { data } = target.kind === 'pull'
        ? await octokit.rest.issues.createComment({
            ...repo,
            issue_number: target.number,
            body: text,
        })
        : await octokit.rest.repos.createCommitComment({
            ...repo,
            commit_sha: target.sha,
            body: text,
        });
    return { url: data.html_url, action: 'created' };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/core/render/json.ts
var json = __webpack_require__(3964);
;// CONCATENATED MODULE: ./src/github/outputs.ts
// The step outputs (names fixed by the spec), written to GITHUB_OUTPUT in the runner's
// multi-line format, the same one @actions/core uses.



function outputsOf(result) {
    const decision = result.decision;
    return {
        allowed: String(decision?.allowed ?? false),
        reason: decision?.reason ?? '',
        exempt: String(decision?.exempt ?? false),
        'next-open': decision?.nextOpen ?? '',
        'closes-at': decision?.closesAt ?? '',
        'active-windows': decision?.activeWindows.join(',') ?? '',
        decision: decision ? JSON.stringify((0,json/* orderedDecision */.K)(decision)) : '',
        'comment-url': result.noteUrl ?? '',
    };
}
function writeOutputs(file, outputs) {
    let text = '';
    for (const [name, value] of Object.entries(outputs)) {
        let delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`;
        while (value.includes(delimiter))
            delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`;
        text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    }
    (0,external_node_fs_.appendFileSync)(file, text, 'utf8');
}

;// CONCATENATED MODULE: ./src/github/rerun/run-facts.ts
// What the blocked run knows about itself: the ref to re-run and its dispatch inputs.

/**
 * The branch or tag a re-run is dispatched on: `refs/heads/main` -> `main`,
 * `refs/tags/v1` -> `v1`. A pull request's merge ref cannot be dispatched, so its head
 * branch (GITHUB_HEAD_REF) is used. null: nothing dispatchable.
 */
function rerunRefFromEnv(env) {
    const ref = env.GITHUB_REF ?? '';
    if (ref.startsWith('refs/heads/'))
        return ref.slice('refs/heads/'.length) || null;
    if (ref.startsWith('refs/tags/'))
        return ref.slice('refs/tags/'.length) || null;
    if (ref.startsWith('refs/pull/'))
        return env.GITHUB_HEAD_REF || null;
    if (ref && !ref.startsWith('refs/'))
        return ref;
    return env.GITHUB_HEAD_REF || null;
}
/**
 * The inputs of this run when it was itself a workflow_dispatch (so the re-run gets them
 * again); {} otherwise. Values are sent back as strings, as the dispatch API expects.
 */
async function dispatchInputsFromEvent(env) {
    if (env.GITHUB_EVENT_NAME !== 'workflow_dispatch' || !env.GITHUB_EVENT_PATH)
        return {};
    let event;
    try {
        event = JSON.parse(await (0,promises_.readFile)(env.GITHUB_EVENT_PATH, 'utf8'));
    }
    catch {
        return {};
    }
    const inputs = event?.inputs;
    if (!inputs || typeof inputs !== 'object' || Array.isArray(inputs))
        return {};
    const result = {};
    for (const [name, value] of Object.entries(inputs)) {
        if (value === null || value === undefined)
            continue;
        result[name] = typeof value === 'string' ? value : JSON.stringify(value);
    }
    return result;
}
/** Link to a run, for deployment statuses: `https://github.com/o/r/actions/runs/123`. */
function run_facts_runUrl(env, owner, repo) {
    if (!env.GITHUB_RUN_ID)
        return undefined;
    const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    return `${server}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}`;
}

;// CONCATENATED MODULE: ./src/github/rerun/dispatch.ts
// `command: dispatch`: the scheduler. Fires every pending re-run whose opening has come with
// workflow_dispatch; waits (cancellably) for those falling due within the lookahead.
// Dispatching only starts the workflow: the gate in it judges the window again.





const DEFAULT_LOOKAHEAD_MINUTES = 15;
/** A re-run not fired within this long after its opening is retired, not fired by surprise. */
const STALE_AFTER_MS = (/* unused pure expression or super */ null && (7 * 24 * 60 * 60 * 1000));
async function runDispatch(ctx) {
    const { log, clock } = ctx;
    const target = { octokit: ctx.octokit, owner: ctx.owner, repo: ctx.repo };
    const lookaheadMs = Math.max(0, ctx.lookaheadMinutes ?? DEFAULT_LOOKAHEAD_MINUTES) * 60_000;
    const schedulerRun = runUrl(ctx.env, ctx.owner, ctx.repo);
    const items = [];
    const summary = {
        pending: 0,
        dispatched: 0,
        notDue: 0,
        failed: 0,
        skipped: 0,
        cancelled: false,
        items,
    };
    const record = (item) => {
        items.push(item);
        if (item.outcome === 'dispatched')
            summary.dispatched++;
        else if (item.outcome === 'not-due' || item.outcome === 'cancelled')
            summary.notDue++;
        else if (item.outcome === 'failed' || item.outcome === 'invalid')
            summary.failed++;
        else
            summary.skipped++;
    };
    const pending = [];
    const finished = [];
    for (const deployment of await listRerunDeployments(target)) {
        const statuses = await listStatuses(target, deployment.id);
        if (statuses[0]?.state !== 'queued') {
            if (statuses[0]?.state !== 'in_progress')
                finished.push(deployment);
            continue;
        }
        summary.pending++;
        if (!deployment.payload) {
            const detail = 'Not a deploy-window re-run payload (workflow, ref, notBefore); not dispatched';
            await setStatusQuietly(ctx, target, deployment.id, 'error', detail, schedulerRun);
            record(itemOf(deployment, null, 'invalid', detail));
            continue;
        }
        pending.push({
            deployment,
            payload: deployment.payload,
            due: Date.parse(deployment.payload.notBefore),
        });
    }
    pending.sort((a, b) => a.due - b.due || a.deployment.id - b.deployment.id);
    log.info(`${pending.length} pending re-run(s) of task deploy-window:rerun.`);
    for (const entry of pending) {
        const { deployment, payload, due } = entry;
        const label = `#${deployment.id} (${payload.workflow} on ${payload.ref}, ${deployment.environment})`;
        if (summary.cancelled) {
            record(itemOf(deployment, payload, 'cancelled', 'scheduler cancelled before it fell due'));
            continue;
        }
        let now = clock.now();
        if (due > now + lookaheadMs) {
            log.info(`Re-run ${label} is due at ${payload.notBefore}; not yet.`);
            record(itemOf(deployment, payload, 'not-due', null));
            continue;
        }
        if (now - due > STALE_AFTER_MS) {
            const detail = `Expired: not dispatched within 7 days of ${payload.notBefore}`;
            await setStatusQuietly(ctx, target, deployment.id, 'inactive', detail, schedulerRun);
            log.warning(`Re-run ${label}: ${detail}.`);
            record(itemOf(deployment, payload, 'failed', detail));
            continue;
        }
        if (due > now) {
            log.info(`Re-run ${label} falls due at ${payload.notBefore}: waiting ${formatWait(due - now)}.`);
            const completed = await clock.sleep(due - now, ctx.signal);
            now = clock.now();
            if (!completed || ctx.signal?.aborted) {
                log.warning(`Cancelled while waiting for ${payload.notBefore}; re-run ${label} stays queued.`);
                summary.cancelled = true;
                record(itemOf(deployment, payload, 'cancelled', 'scheduler cancelled while waiting'));
                continue;
            }
        }
        record(await fire(ctx, target, deployment, payload, schedulerRun));
    }
    if (!summary.cancelled)
        await pruneFinished(ctx, target, finished);
    log.info(`Re-runs: ${summary.dispatched} dispatched, ${summary.notDue} not due yet, ${summary.failed} failed, ${summary.skipped} skipped.`);
    return summary;
}
/** Claim (in_progress), dispatch, then mark success or error. */
async function fire(ctx, target, deployment, payload, schedulerRun) {
    const { log } = ctx;
    const label = `#${deployment.id} (${payload.workflow} on ${payload.ref})`;
    try {
        if (!(await claim(ctx, target, deployment.id, schedulerRun))) {
            log.info(`Re-run ${label} was taken by another scheduler run or replaced; skipped.`);
            return itemOf(deployment, payload, 'claimed-elsewhere', 'no longer queued');
        }
    }
    catch (error) {
        const detail = `Could not claim: ${describeApiError(error).message}`;
        log.warning(`Re-run ${label}: ${detail}`);
        return itemOf(deployment, payload, 'failed', detail);
    }
    try {
        await ctx.octokit.rest.actions.createWorkflowDispatch({
            owner: ctx.owner,
            repo: ctx.repo,
            workflow_id: payload.workflow,
            ref: payload.ref,
            inputs: payload.inputs,
        });
    }
    catch (error) {
        const detail = dispatchFailure(error, payload);
        log.warning(`Re-run ${label} could not be dispatched: ${detail}`);
        await setStatusQuietly(ctx, target, deployment.id, 'error', detail, schedulerRun);
        return itemOf(deployment, payload, 'failed', detail);
    }
    const detail = `Dispatched ${payload.workflow} on ${payload.ref} at ${isoUtc(ctx.clock.now())}`;
    log.info(`Re-run ${label}: ${detail}.`);
    await setStatusQuietly(ctx, target, deployment.id, 'success', detail, schedulerRun);
    return itemOf(deployment, payload, 'dispatched', detail);
}
function dispatchFailure(error, payload) {
    const { status, message } = describeApiError(error);
    if (status === 404)
        return `Workflow ${payload.workflow} or ref ${payload.ref} not found (404): ${message}`;
    if (status === 422)
        return `GitHub refused the dispatch (422): ${message}`;
    if (status === 403)
        return `Forbidden (403): the token needs actions: write. ${message}`;
    return `Dispatch failed (${status ?? 'network'}): ${message}`;
}
async function setStatusQuietly(ctx, target, deploymentId, state, description, logUrl) {
    try {
        await setStatus(target, deploymentId, state, description, logUrl);
    }
    catch (error) {
        ctx.log.warning(`Could not set deployment #${deploymentId} to ${state}: ${describeApiError(error).message}`);
    }
}
function itemOf(deployment, payload, outcome, detail) {
    return {
        deploymentId: deployment.id,
        environment: deployment.environment,
        workflow: payload?.workflow ?? null,
        ref: payload?.ref ?? null,
        notBefore: payload?.notBefore ?? null,
        outcome,
        detail,
    };
}

;// CONCATENATED MODULE: ./src/github/rerun/types.ts
// The re-run scheduler's seams: what the action hands recordRerun / runDispatch, and what
// they give back. Both sides talk to GitHub only through the Octokit client passed in.
/** The deployment `task` that marks a pending re-run. */
const RERUN_TASK = 'deploy-window:rerun';
/** The deployment environment used when the gate judged no particular environment. */
const DEFAULT_RERUN_ENVIRONMENT = 'deploy-window';

;// CONCATENATED MODULE: ./src/github/rerun/deployments.ts
// The GitHub deployments a re-run lives in: list, read the latest status, write statuses.

/** GitHub rejects status descriptions longer than 140 characters. */
const MAX_DESCRIPTION = 140;
function clipDescription(text) {
    return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}
/** Every deployment of task deploy-window:rerun (newest first), optionally for one env/ref. */
async function deployments_listRerunDeployments({ octokit, owner, repo }, filter = {}) {
    const rows = await octokit.paginate(octokit.rest.repos.listDeployments, {
        owner,
        repo,
        task: RERUN_TASK,
        ...(filter.environment !== undefined ? { environment: filter.environment } : {}),
        ...(filter.ref !== undefined ? { ref: filter.ref } : {}),
        per_page: 100,
    });
    return rows
        .filter((row) => row.task === RERUN_TASK)
        .filter((row) => filter.environment === undefined || row.environment === filter.environment)
        .filter((row) => filter.ref === undefined || row.ref === filter.ref)
        .map((row) => ({
        id: row.id,
        environment: row.environment,
        ref: row.ref,
        createdAt: row.created_at,
        payload: parseRerunPayload(row.payload),
    }));
}
/** A deployment's statuses, newest first (GitHub's order). */
async function deployments_listStatuses({ octokit, owner, repo }, deploymentId) {
    const rows = await octokit.paginate(octokit.rest.repos.listDeploymentStatuses, {
        owner,
        repo,
        deployment_id: deploymentId,
        per_page: 100,
    });
    return rows
        .map((row) => ({ id: row.id, state: row.state, description: row.description ?? '' }))
        .sort((a, b) => b.id - a.id);
}
async function latestStatus(target, deploymentId) {
    const statuses = await deployments_listStatuses(target, deploymentId);
    return statuses[0] ?? null;
}
async function deployments_setStatus({ octokit, owner, repo }, deploymentId, state, description, logUrl) {
    const response = await octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: deploymentId,
        state,
        description: clipDescription(description),
        ...(logUrl ? { log_url: logUrl } : {}),
        // A bookkeeping record must never mark the environment's real deployments inactive.
        auto_inactive: false,
    });
    return {
        id: response.data.id,
        state: response.data.state,
        description: response.data.description ?? '',
    };
}
/** The payload as written by recordRerun; accepts the JSON-string form older APIs return. */
function parseRerunPayload(raw) {
    let value = raw;
    if (typeof value === 'string') {
        try {
            value = JSON.parse(value);
        }
        catch {
            return null;
        }
    }
    if (!value || typeof value !== 'object')
        return null;
    const p = value;
    if (typeof p.workflow !== 'string' || !p.workflow)
        return null;
    if (typeof p.ref !== 'string' || !p.ref)
        return null;
    if (typeof p.notBefore !== 'string' || Number.isNaN(Date.parse(p.notBefore)))
        return null;
    const inputs = {};
    if (p.inputs && typeof p.inputs === 'object' && !Array.isArray(p.inputs)) {
        for (const [name, input] of Object.entries(p.inputs)) {
            if (input !== null && input !== undefined)
                inputs[name] = String(input);
        }
    }
    return {
        workflow: p.workflow,
        ref: p.ref,
        notBefore: p.notBefore,
        runId: p.runId === undefined || p.runId === null ? null : String(p.runId),
        inputs,
        environment: typeof p.environment === 'string' ? p.environment : null,
        sha: typeof p.sha === 'string' ? p.sha : null,
    };
}
/** The HTTP status and API message of an Octokit error (or a network failure). */
function deployments_describeApiError(error) {
    const e = error;
    const data = e?.response?.data;
    const apiMessage = typeof data === 'object' && data?.message ? data.message : null;
    // The action's client (src/github/client.ts) rethrows as GitHubApiError { status, detail }.
    const detail = typeof e?.detail === 'string' && e.detail ? e.detail : null;
    return {
        status: typeof e?.status === 'number' && e.status > 0 ? e.status : null,
        message: apiMessage ?? detail ?? e?.message ?? String(error),
    };
}

;// CONCATENATED MODULE: ./src/github/rerun/format.ts
// How re-run instants are shown in statuses, logs and comments.
/** `2026-11-24 10:00 Europe/Berlin` (the wall time in the window's zone). */
function formatLocal(iso, timezone) {
    const date = new Date(iso);
    try {
        const parts = new Intl.DateTimeFormat('en-CA', {
            timeZone: timezone,
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23',
        }).formatToParts(date);
        const get = (type) => parts.find((part) => part.type === type)?.value ?? '';
        return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${timezone}`;
    }
    catch {
        return iso;
    }
}
/** ISO 8601 UTC without milliseconds: `2026-11-24T09:00:00Z`. */
function format_isoUtc(epochMs) {
    return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
/** `1h 5m`, `45s`: how long a scheduler waits. */
function format_formatWait(ms) {
    const seconds = Math.max(0, Math.round(ms / 1000));
    const minutes = Math.floor(seconds / 60);
    const hours = Math.floor(minutes / 60);
    if (hours > 0)
        return `${hours}h ${minutes % 60}m`;
    if (minutes > 0)
        return `${minutes}m ${seconds % 60}s`;
    return `${seconds}s`;
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/github/rerun/workflow-file.ts
// Which workflow a re-run dispatches, and whether that workflow can be dispatched at all.

/**
 * `owner/repo/.github/workflows/deploy.yml@refs/heads/main` -> `deploy.yml`.
 * The dispatch API takes the workflow's file name as its id.
 */
function workflowFileFromRef(workflowRef) {
    if (!workflowRef)
        return null;
    const marker = '.github/workflows/';
    const index = workflowRef.indexOf(marker);
    if (index === -1)
        return null;
    // The file name ends at the first `@`: what follows is the ref, which may contain `@` too.
    const file = workflowRef.slice(index + marker.length).split('@')[0] ?? '';
    if (!file || file.includes('/'))
        return null;
    return file;
}
const TRIGGER = 'workflow_dispatch';
/**
 * Does this workflow file have a `workflow_dispatch` trigger? Understands every form of `on:`:
 * `on: workflow_dispatch`, `on: [push, workflow_dispatch]`, a block list, and a map.
 */
function checkWorkflowDispatchTrigger(text, file = 'the workflow file') {
    const lineCounter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter, uniqueKeys: false });
    if (doc.errors.length > 0 || !(0,dist/* isMap */.jh)(doc.contents)) {
        const first = doc.errors[0];
        const where = first ? ` (${first.message.split('\n')[0]})` : '';
        return {
            ok: false,
            problem: 'unparsable',
            message: `${file} is not a readable workflow${where}`,
        };
    }
    const pair = doc.contents.items.find((item) => {
        const key = (0,dist/* isScalar */.jn)(item.key) ? item.key.value : item.key;
        return key === 'on' || key === true;
    });
    if (!pair) {
        return { ok: false, problem: 'unparsable', message: `${file} has no \`on:\` key` };
    }
    const keyNode = pair.key;
    const keyLine = (0,dist/* isScalar */.jn)(keyNode) && keyNode.range ? lineCounter.linePos(keyNode.range[0]).line : null;
    const value = pair.value;
    const missing = (fix, line) => ({
        ok: false,
        problem: 'no-trigger',
        fix,
        line,
        message: `${file} has no \`${TRIGGER}\` trigger, so a re-run cannot start it: ${line ? `at line ${line} ` : ''}${fix.startsWith('on:') ? 'change `on:` to' : 'add under `on:`'} \`${fix.trim()}\``,
    });
    if ((0,dist/* isScalar */.jn)(value)) {
        const event = String(value.value ?? '');
        if (event === TRIGGER)
            return { ok: true };
        return missing(`on: [${event}, ${TRIGGER}]`, keyLine);
    }
    if ((0,dist/* isSeq */.oP)(value)) {
        const events = value.items.map((item) => ((0,dist/* isScalar */.jn)(item) ? String(item.value) : ''));
        if (events.includes(TRIGGER))
            return { ok: true };
        if (value.flow)
            return missing(`on: [${[...events, TRIGGER].join(', ')}]`, keyLine);
        const indent = indentOf(text, value.items[0], lineCounter);
        return missing(`${indent}- ${TRIGGER}`, keyLine);
    }
    if ((0,dist/* isMap */.jh)(value)) {
        const events = value.items.map((item) => ((0,dist/* isScalar */.jn)(item.key) ? String(item.key.value) : ''));
        if (events.includes(TRIGGER))
            return { ok: true };
        if (value.flow) {
            return missing(`on: { ${[...events.map((e) => `${e}: {}`), `${TRIGGER}: {}`].join(', ')} }`, keyLine);
        }
        const indent = indentOf(text, value.items[0]?.key, lineCounter);
        return missing(`${indent}${TRIGGER}:`, keyLine);
    }
    return missing(`on: ${TRIGGER}`, keyLine);
}
function indentOf(text, node, lineCounter) {
    const range = node?.range;
    if (!range)
        return '  ';
    const { col } = lineCounter.linePos(range[0]);
    const lineStart = range[0] - (col - 1);
    const prefix = text.slice(lineStart, range[0]);
    // A block list item's column includes the dash: indent is what precedes it.
    const match = /^[ \t]*/.exec(prefix);
    return match ? match[0] : '  ';
}

;// CONCATENATED MODULE: ./src/github/rerun/record.ts
// `reschedule: true`: a blocked run records "re-run me when the window opens" as a GitHub
// deployment (task deploy-window:rerun) whose latest status is `queued`.







/**
 * Records a pending re-run of this workflow at decision.nextOpen. Returns null, after a
 * warning saying why, when nothing was recorded; never throws for an API failure.
 */
async function recordRerun(ctx, decision) {
    const { log, env } = ctx;
    if (decision.allowed)
        return null;
    if (!decision.nextOpen) {
        log.warning('No re-run recorded: the window does not open again within the horizon.');
        return null;
    }
    const workflow = workflowFileFromRef(env.GITHUB_WORKFLOW_REF);
    if (!workflow) {
        log.warning(`No re-run recorded: cannot tell the workflow file from GITHUB_WORKFLOW_REF (${env.GITHUB_WORKFLOW_REF || 'unset'}).`);
        return null;
    }
    const ref = rerunRefFromEnv(env);
    if (!ref) {
        log.warning(`No re-run recorded: ${env.GITHUB_REF || 'this run'} is not a branch or tag a workflow can be dispatched on.`);
        return null;
    }
    if (!(await workflowCanBeDispatched(ctx, workflow)))
        return null;
    if (ctx.signal?.aborted) {
        log.warning('No re-run recorded: the job was cancelled.');
        return null;
    }
    const environment = ctx.environment ?? DEFAULT_RERUN_ENVIRONMENT;
    const payload = {
        workflow,
        ref,
        notBefore: format_isoUtc(Date.parse(decision.nextOpen)),
        runId: env.GITHUB_RUN_ID ?? null,
        inputs: await dispatchInputsFromEvent(env),
        environment: ctx.environment,
        sha: env.GITHUB_SHA ?? null,
    };
    const target = { octokit: ctx.octokit, owner: ctx.owner, repo: ctx.repo };
    const opening = `${payload.notBefore} (${formatLocal(payload.notBefore, decision.timezone)})`;
    const deploymentId = await createDeployment(ctx, environment, payload);
    if (deploymentId === null)
        return null;
    try {
        await deployments_setStatus(target, deploymentId, 'queued', `Waiting for the deploy window: re-run of ${workflow} at ${opening}`, run_facts_runUrl(env, ctx.owner, ctx.repo));
    }
    catch (error) {
        log.warning(`No re-run recorded: could not mark deployment #${deploymentId} queued: ${deployments_describeApiError(error).message}`);
        await discard(target, deploymentId);
        return null;
    }
    const superseded = await supersedeOlder(ctx, target, environment, ref, deploymentId);
    const message = `A re-run of ${workflow} on ${ref} is scheduled for ${opening}, when the window opens (deployment #${deploymentId}).`;
    for (const id of superseded)
        log.info(`It replaces the pending re-run in deployment #${id}.`);
    return { deploymentId, environment, payload, superseded, message };
}
async function workflowCanBeDispatched(ctx, workflow) {
    const relative = `.github/workflows/${workflow}`;
    let text;
    try {
        text = await (0,promises_.readFile)((0,external_node_path_.join)(ctx.workspace, relative), 'utf8');
    }
    catch {
        ctx.log.info(`Could not read ${relative} to check for a workflow_dispatch trigger (is the repository checked out?); recording the re-run anyway.`);
        return true;
    }
    const check = checkWorkflowDispatchTrigger(text, relative);
    if (check.ok)
        return true;
    if (check.problem === 'unparsable') {
        ctx.log.info(`${check.message}; recording the re-run anyway.`);
        return true;
    }
    ctx.log.warning(`No re-run recorded: ${check.message}`);
    return false;
}
async function createDeployment(ctx, environment, payload) {
    try {
        const response = await ctx.octokit.rest.repos.createDeployment({
            owner: ctx.owner,
            repo: ctx.repo,
            ref: payload.ref,
            task: RERUN_TASK,
            environment,
            auto_merge: false,
            required_contexts: [],
            // biome-ignore lint/suspicious/noExplicitAny: Octokit types payload as a loose map.
            payload: payload,
            description: `deploy-window: re-run ${payload.workflow} at ${payload.notBefore}`,
            transient_environment: false,
        });
        const id = response.data.id;
        if (typeof id !== 'number') {
            ctx.log.warning(`No re-run recorded: GitHub did not create the deployment (${response.status}).`);
            return null;
        }
        return id;
    }
    catch (error) {
        const { status, message } = deployments_describeApiError(error);
        const scope = status === 403 || status === 404
            ? ' The token needs `deployments: write` (workflow `permissions:`).'
            : '';
        ctx.log.warning(`No re-run recorded: creating the deployment failed (${status ?? 'network'}): ${message}.${scope}`);
        return null;
    }
}
/** A deployment left without a status is invisible to the scheduler; remove it if we can. */
async function discard(target, deploymentId) {
    try {
        await deployments_setStatus(target, deploymentId, 'inactive', 'deploy-window: recording failed');
        await target.octokit.rest.repos.deleteDeployment({
            owner: target.owner,
            repo: target.repo,
            deployment_id: deploymentId,
        });
    }
    catch {
        // Best effort: a deployment with no queued status is never dispatched.
    }
}
/**
 * Sets the queued re-runs of this environment and ref that `pick` selects to `inactive`, with
 * `description`. Returns their ids. A failure is a warning naming `what` was being done.
 */
async function deactivateQueued(ctx, target, scope, pick, description, logUrl) {
    const deactivated = [];
    try {
        const listed = await deployments_listRerunDeployments(target, scope);
        for (const deployment of listed.filter((d) => pick(d.id))) {
            const status = await latestStatus(target, deployment.id);
            if (status?.state !== 'queued')
                continue;
            await deployments_setStatus(target, deployment.id, 'inactive', description, logUrl);
            deactivated.push(deployment.id);
        }
    }
    catch (error) {
        ctx.log.warning(`Could not ${scope.what} of ${scope.environment} on ${scope.ref}: ${deployments_describeApiError(error).message}`);
    }
    return deactivated;
}
function supersedeOlder(ctx, target, environment, ref, newId) {
    return deactivateQueued(ctx, target, { environment, ref, what: 'retire older pending re-runs' }, (id) => id < newId, `Superseded by the re-run in deployment #${newId}`);
}
/**
 * After a run of this environment and ref was allowed (inside the window, or exempt), the
 * pending re-run is no longer needed: retire it so the scheduler does not deploy again.
 * Returns the retired deployment ids; failures are warnings.
 */
async function retirePendingReruns(ctx) {
    const ref = rerunRefFromEnv(ctx.env);
    if (!ref)
        return [];
    const environment = ctx.environment ?? DEFAULT_RERUN_ENVIRONMENT;
    const target = { octokit: ctx.octokit, owner: ctx.owner, repo: ctx.repo };
    const retired = await deactivateQueued(ctx, target, { environment, ref, what: 'retire pending re-runs' }, () => true, `Not needed: run ${ctx.env.GITHUB_RUN_ID ?? ''} was allowed to deploy ${environment} from ${ref}`, run_facts_runUrl(ctx.env, ctx.owner, ctx.repo));
    for (const id of retired) {
        ctx.log.info(`The pending re-run in deployment #${id} is no longer needed: retired.`);
    }
    return retired;
}

;// CONCATENATED MODULE: ./src/github/rerun/summary.ts
const OUTCOME_TEXT = {
    dispatched: 'dispatched',
    'not-due': 'not due yet',
    failed: 'failed',
    invalid: 'invalid record',
    'claimed-elsewhere': 'taken by another scheduler run',
    cancelled: 'cancelled (stays queued)',
};
function cell(text) {
    return (text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
/** Markdown for GITHUB_STEP_SUMMARY. */
function dispatchSummaryMarkdown(summary) {
    const lines = [
        '## deploy-window re-runs',
        '',
        `${summary.dispatched} dispatched, ${summary.notDue} not due yet, ${summary.failed} failed, ${summary.skipped} skipped${summary.cancelled ? ' (cancelled while waiting)' : ''}.`,
    ];
    if (summary.items.length > 0) {
        lines.push('', '| deployment | environment | workflow | ref | not before | outcome | detail |', '| --- | --- | --- | --- | --- | --- | --- |', ...summary.items.map((item) => `| #${item.deploymentId} | ${cell(item.environment)} | ${cell(item.workflow)} | ${cell(item.ref)} | ${cell(item.notBefore)} | ${OUTCOME_TEXT[item.outcome]} | ${cell(item.detail)} |`));
    }
    return `${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/github/rerun/index.ts
// Re-run scheduling for the GitHub Action (`reschedule: true` and `command: dispatch`).








// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 13 modules
var core = __webpack_require__(6811);
// EXTERNAL MODULE: ./src/core/render/describe.ts
var describe = __webpack_require__(8755);
// EXTERNAL MODULE: ./src/core/render/zone-time.ts
var zone_time = __webpack_require__(7672);
;// CONCATENATED MODULE: ./src/github/summary.ts
// The job summary (GITHUB_STEP_SUMMARY): the decision and the next open periods, always.




function verdict(decision, result, mode) {
    if (result.cancelled)
        return '⏹️ Blocked: the wait was cancelled';
    if (decision.exempt)
        return `✅ Allowed: exempt${decision.exemptBy ? ` (${decision.exemptBy})` : ''}`;
    if (decision.allowed)
        return '✅ Allowed';
    return mode === 'warn' ? '⚠️ Blocked (mode warn: the job continues)' : '⛔ Deployment is blocked';
}
/** core.summary writes HTML (tables, headings), where Markdown escapes would show literally. */
function html(text) {
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;');
}
function instantCell(iso, zone) {
    return iso ? `${html((0,zone_time/* formatInZone */.FL)(iso, zone))}<br><code>${iso}</code>` : '-';
}
function names(list) {
    return list.length === 0 ? '-' : list.map(html).join(', ');
}
/** The summary as Markdown/HTML (built with core.summary, returned as text). */
function buildSummary(result, facts) {
    core/* summary */.z.emptyBuffer();
    const decision = result.decision;
    if (!decision) {
        core/* summary */.z
            .addHeading('deploy-window: invalid config', 2)
            .addRaw('<p>The window config is invalid, so the gate stays closed (in every mode).</p>', true)
            .addList(result.errors.map((issue) => html((0,format/* formatIssue */.H)(issue))));
        const text = core/* summary */.z.stringify();
        core/* summary */.z.emptyBuffer();
        return text;
    }
    const zone = decision.timezone;
    core/* summary */.z
        .addHeading(`deploy-window: ${html((0,describe/* environmentLabel */.WG)(decision.environment))}`, 2)
        .addRaw(`<p><strong>${html(verdict(decision, result, facts.mode))}</strong></p>`, true)
        .addTable([
        ['Why', html(`${(0,describe/* explainReason */.mU)(decision, (name) => `"${name}"`)}`)],
        ['Reason', `<code>${decision.reason}</code>`],
        ['Decided at', instantCell(decision.at, zone)],
        ['Active windows', names(decision.activeWindows)],
        ['Blocking windows', names(decision.blockingWindows)],
        ['Closes at', instantCell(decision.closesAt, zone)],
        ['Next open', instantCell(decision.nextOpen, zone)],
        ['Time zone', html(zone)],
        ...(decision.minDuration > 0 ? [['Runway', `${decision.minDuration} min`]] : []),
        ...(decision.exemptBy ? [['Exempt by', html(decision.exemptBy)]] : []),
    ]);
    if (decision.message)
        core/* summary */.z.addQuote(html(decision.message));
    if (decision.upcoming.length > 0) {
        core/* summary */.z.addHeading(`Next open periods (${html(zone)})`, 3).addTable([
            [
                { data: 'Opens', header: true },
                { data: 'Closes', header: true },
                { data: 'Opens (UTC)', header: true },
            ],
            ...decision.upcoming.map((period) => [
                html((0,zone_time/* formatLocal */.xg)(period.start, zone)),
                period.end ? html((0,zone_time/* formatLocal */.xg)(period.end, zone)) : 'beyond the horizon',
                `<code>${period.start}</code>`,
            ]),
        ]);
    }
    else {
        core/* summary */.z.addRaw(`<p>No open period within the horizon (${Math.round(decision.horizon / 1440)} days).</p>`, true);
    }
    if (facts.rerunAt) {
        core/* summary */.z.addRaw(`<p>A re-run is scheduled for <code>${facts.rerunAt}</code>.</p>`, true);
    }
    if (facts.noteUrl)
        core/* summary */.z.addLink('The deployment note', facts.noteUrl).addBreak();
    for (const warning of decision.warnings)
        core/* summary */.z.addRaw(`<p>⚠️ ${html(warning)}</p>`, true);
    const text = core/* summary */.z.stringify();
    core/* summary */.z.emptyBuffer();
    return text;
}

;// CONCATENATED MODULE: ./src/github/teams.ts
// Is a user an active member of a GitHub team? A look-up that cannot answer is a warning that
// names the scope it needs, and never a yes.

const SCOPE_HINT = 'Team exemptions need a token that can read the organization\'s teams (a classic token with the read:org scope, or a fine-grained token / GitHub App with "Members: read"); GITHUB_TOKEN cannot. Pass it as the exempt-token input.';
/** `acme/release-managers` or `@acme/release-managers` -> org and slug; null when malformed. */
function parseTeam(team) {
    const match = /^@?([^/\s]+)\/([^/\s]+)$/.exec(team.trim());
    return match?.[1] && match[2] ? { org: match[1], slug: match[2].toLowerCase() } : null;
}
async function checkTeamMembership(octokit, team, login) {
    const parsed = parseTeam(team);
    if (!parsed) {
        return {
            member: false,
            warning: `Team "${team}" is not of the form org/team-slug; it exempts nobody.`,
        };
    }
    if (!octokit) {
        return {
            member: false,
            warning: `Could not check whether ${login} is in ${parsed.org}/${parsed.slug}: no token. ${SCOPE_HINT}`,
        };
    }
    const { org, slug } = parsed;
    try {
        const { data } = await octokit.rest.teams.getMembershipForUserInOrg({
            org,
            team_slug: slug,
            username: login,
        });
        return { member: data.state === 'active', warning: null };
    }
    catch (error) {
        const status = statusOf(error);
        if (status === 404 && (await teamIsVisible(octokit, org, slug))) {
            // The token sees the team, so the 404 means what it says: not a member.
            return { member: false, warning: null };
        }
        const why = status === 404
            ? 'the team does not exist or the token cannot see it'
            : status === 401 || status === 403
                ? 'the token is not allowed to read team memberships'
                : 'the look-up failed';
        return {
            member: false,
            warning: `Could not check whether ${login} is in ${org}/${slug} (${why}: ${messageOf(error)}), so it does not exempt. ${SCOPE_HINT}`,
        };
    }
}
async function teamIsVisible(octokit, org, slug) {
    try {
        await octokit.rest.teams.getByName({ org, team_slug: slug });
        return true;
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/github/platform.ts
// GatePlatform for GitHub, shared by the action and `deploy-window gate --platform github`.
// Tokens come from the environment: DEPLOY_WINDOW_TOKEN (the action puts its github-token
// input there), else GITHUB_TOKEN; team look-ups use DEPLOY_WINDOW_EXEMPT_TOKEN if set.












const NO_EXEMPTIONS = { users: [], teams: [], codeowners: null };
function parseRepository(value) {
    const match = /^([^/\s]+)\/([^/\s]+)$/.exec(value?.trim() ?? '');
    return match?.[1] && match[2] ? { owner: match[1], repo: match[2] } : null;
}
async function createGitHubPlatform(ctx, platformOptions = {}) {
    const { env, log, options, workspace } = ctx;
    const repository = parseRepository(env.GITHUB_REPOSITORY);
    const baseUrl = env.GITHUB_API_URL || 'https://api.github.com';
    const token = env.DEPLOY_WINDOW_TOKEN || env.GITHUB_TOKEN || '';
    const exemptToken = env.DEPLOY_WINDOW_EXEMPT_TOKEN || token;
    const clients = new Map();
    const clientFor = (secret) => {
        if (!secret)
            return null;
        let client = clients.get(secret);
        if (!client) {
            client = createClient(secret, { baseUrl, log, env });
            clients.set(secret, client);
        }
        return client;
    };
    let config = null;
    let target;
    let rerunAt = null;
    let noteUrl = null;
    async function noteTarget(client) {
        if (target !== undefined || !repository)
            return target ?? null;
        target = await resolveNoteTarget(client, repository, {
            eventName: env.GITHUB_EVENT_NAME,
            payload: readEventPayload(env.GITHUB_EVENT_PATH),
            sha: env.GITHUB_SHA,
        }, log);
        return target;
    }
    async function teamMember(team, actor, warnings) {
        const result = await checkTeamMembership(clientFor(exemptToken), team, actor);
        if (result.warning)
            warnings.push(result.warning);
        return result.member;
    }
    async function codeownersExemption(path, actor, warnings) {
        const file = findCodeownersFile(workspace);
        if (!file) {
            warnings.push(`exempt.codeowners is set, but there is no CODEOWNERS file in the workspace (.github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS); check the repository out before this step.`);
            return null;
        }
        const rule = ruleFor(parseCodeowners(file.text), path);
        if (!rule || rule.owners.length === 0) {
            log.info(`${file.path} names no owner of ${path}.`);
            return null;
        }
        log.info(`${file.path}:${rule.line} (${rule.pattern}) owns ${path}: ${rule.owners.join(' ')}`);
        for (const owner of rule.owners.map(classifyOwner)) {
            if (owner.kind === 'user' && owner.login.toLowerCase() === actor.toLowerCase()) {
                return `codeowners:@${owner.login}`;
            }
            if (owner.kind === 'team' && (await teamMember(owner.team, actor, warnings))) {
                return `codeowners:@${owner.team}`;
            }
        }
        return null;
    }
    function rerunContext(decision) {
        const client = clientFor(token);
        if (!client || !repository)
            return null;
        return {
            octokit: client,
            ...repository,
            env,
            workspace,
            log,
            clock: clock/* systemClock */.m,
            signal: platformOptions.signal,
            environment: decision.environment,
        };
    }
    return {
        name: 'github',
        log,
        async loadConfig() {
            const result = await (0,config_file/* readConfigFile */.RG)(options.configPath, workspace);
            if (!result.ok)
                return { ok: false, errors: result.errors };
            for (const warning of result.warnings)
                log.warning((0,format/* formatIssue */.H)(warning));
            config = result.config;
            return { ok: true, config: result.config };
        },
        async extraDeny() {
            return [];
        },
        async checkExemption(exempt, actor) {
            const warnings = [];
            for (const team of exempt.teams) {
                log.info(`Checking whether ${actor} is an active member of ${team}.`);
                if (await teamMember(team, actor, warnings)) {
                    return { exempt: true, via: `team:${team.replace(/^@/, '')}`, warnings };
                }
            }
            if (exempt.codeowners) {
                const via = await codeownersExemption(exempt.codeowners, actor, warnings);
                if (via)
                    return { exempt: true, via, warnings };
            }
            return { exempt: false, via: null, warnings };
        },
        async publishNote(decision, event) {
            const client = clientFor(token);
            if (!client || !repository) {
                // Nothing to update without API access; only a block is worth a warning.
                if (event === 'allowed')
                    return { url: null };
                log.warning(`No comment written: ${!repository ? 'GITHUB_REPOSITORY is not set' : 'no token (github-token / DEPLOY_WINDOW_TOKEN)'}.`);
                return { url: null };
            }
            const where = await noteTarget(client);
            if (!where)
                return { url: null };
            const marker = noteMarker(decision.environment);
            const body = (0,markdown/* renderMarkdown */.G)(decision, {
                event,
                exemptions: config?.exempt ?? NO_EXEMPTIONS,
                rerunAt,
                marker,
            });
            const written = await upsertNote(client, repository, where, marker, body, event !== 'allowed');
            const place = where.kind === 'pull' ? `pull request #${where.number}` : `commit ${where.sha}`;
            if (written.action === 'none') {
                log.info(`No blocked note on ${place} to update.`);
            }
            else {
                log.info(`Note ${written.action} on ${place}: ${written.url}`);
            }
            noteUrl = written.url ?? noteUrl;
            return { url: written.url };
        },
        async reschedule(decision) {
            const rerun = rerunContext(decision);
            if (!rerun) {
                log.warning('No re-run recorded: no token or GITHUB_REPOSITORY.');
                return;
            }
            const record = await recordRerun(rerun, decision);
            if (record) {
                rerunAt = record.payload.notBefore;
                log.info(record.message);
            }
        },
        async retireReschedules(decision) {
            const rerun = rerunContext(decision);
            if (rerun)
                await retirePendingReruns(rerun);
        },
        // The CLI writes ctx.outputFile itself (`gate --output`); the action has none.
        async report(result) {
            if (env.GITHUB_OUTPUT)
                writeOutputs(env.GITHUB_OUTPUT, outputsOf(result));
            if (env.GITHUB_STEP_SUMMARY) {
                try {
                    const text = buildSummary(result, {
                        mode: options.mode,
                        noteUrl: result.noteUrl ?? noteUrl,
                        rerunAt,
                    });
                    await (0,promises_.appendFile)(env.GITHUB_STEP_SUMMARY, text, 'utf8');
                }
                catch (error) {
                    log.warning(`Could not write the job summary: ${messageOf(error)}`);
                }
            }
        },
    };
}


/***/ })

};
