// Deployments, deployment statuses and workflow dispatches for the fake GitHub API
// (test/support/fake-github.ts). Stateful like GitHub: statuses are listed newest first, lists
// are paginated with Link headers, a `success` status marks the environment's older deployments
// inactive unless `auto_inactive: false`, and a dispatch is refused the way GitHub refuses it
// (404 unknown workflow, 422 no workflow_dispatch trigger / unknown ref / unexpected inputs).
// What a token creates carries the login it acts as as `creator` (fake.state.users, else the
// workflow's GITHUB_TOKEN, github-actions[bot]). A workflow's file is put in the fake's tree
// at the default branch, where the contents API serves it.
import type { FakeGitHub, FakeRequest, FakeResponse } from './fake-github.js';

export interface FakeDeployment {
  id: number;
  repo: string;
  ref: string;
  sha: string;
  task: string;
  environment: string;
  payload: unknown;
  description: string | null;
  auto_merge: unknown;
  required_contexts: unknown;
  transient_environment: boolean;
  production_environment: boolean;
  created_at: string;
  /** Login of the identity whose token created it. */
  creator: string;
}

export interface FakeDeploymentStatus {
  id: number;
  state: string;
  description: string;
  log_url: string;
  auto_inactive: boolean;
  created_at: string;
  creator: string;
}

export interface FakeDispatch {
  repo: string;
  workflow: string;
  ref: string;
  inputs: Record<string, unknown>;
}

export interface FakeWorkflow {
  /** Numeric id (the dispatch API takes it in place of the file name). */
  id: number;
  /** Has an `on: workflow_dispatch` trigger. */
  dispatchable: boolean;
  /** Declared workflow_dispatch inputs; undefined: accept any. */
  inputs?: string[];
  /**
   * The file's text, put in the fake's tree (contents API). Default: a workflow written from
   * `dispatchable` and `inputs` whose one step uses acme/deploy-window@v1.
   */
  text?: string;
  /** Refs the file is put at; default the default branch. */
  refs?: string[];
}

export interface FakeDeployments {
  /** Every deployment, in creation order. */
  deployments: FakeDeployment[];
  dispatches: FakeDispatch[];
  /** Statuses of one deployment, newest first (GitHub's order). */
  statuses(deploymentId: number): FakeDeploymentStatus[];
  latestState(deploymentId: number): string | null;
  /** Make `.github/workflows/<file>` known in `owner/repo` (replacing it); returns it. */
  addWorkflow(repo: string, file: string, workflow?: Partial<FakeWorkflow>): FakeWorkflow;
  /** The workflow known as `.github/workflows/<file>` in `owner/repo`. */
  workflow(repo: string, file: string): FakeWorkflow | undefined;
  /** GitHub's clock, for created_at (default the real one). */
  now: () => number;
  /** Restrict the refs that exist in `owner/repo` (default: every ref exists). */
  setRefs(repo: string, refs: string[]): void;
  /** Adds a status directly (as another client would), newest first. */
  addStatus(deploymentId: number, state: string, description?: string): void;
  /** Called before a POSTed status is stored: lets a test slip in another client's writes. */
  beforeStatus: ((deploymentId: number, state: string) => void) | null;
  /** A deployment created directly, e.g. a real deploy of the user's. */
  seedDeployment(
    deployment: Partial<FakeDeployment> & { repo: string },
    states?: string[],
  ): FakeDeployment;
}

/** The workflow text a FakeWorkflow stands for when it gives none. */
export function workflowText(workflow: Pick<FakeWorkflow, 'dispatchable' | 'inputs'>): string {
  const dispatch = !workflow.dispatchable
    ? ''
    : workflow.inputs && workflow.inputs.length > 0
      ? `  workflow_dispatch:\n    inputs:\n${workflow.inputs.map((name) => `      ${name}: { type: string }\n`).join('')}`
      : '  workflow_dispatch:\n';
  return `name: Deploy\non:\n  push:\n    branches: [main]\n${dispatch}jobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/deploy-window@v1\n        with: { environment: production }\n      - run: ./deploy.sh\n`;
}

const STATES = new Set([
  'error',
  'failure',
  'inactive',
  'in_progress',
  'queued',
  'pending',
  'success',
]);
const SEGMENT = '([^/]+)';

function invalid(message: string): FakeResponse {
  return { status: 422, body: { message, documentation_url: 'https://docs.github.com/rest' } };
}

function notFound(): FakeResponse {
  return {
    status: 404,
    body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
  };
}

function page(request: FakeRequest, items: unknown[], baseUrl: string): FakeResponse {
  const perPage = Math.min(100, Math.max(1, Number(request.query.per_page ?? 30) || 30));
  const current = Math.max(1, Number(request.query.page ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const headers: Record<string, string> = {};
  if (current < last) {
    const link = (n: number) =>
      `${baseUrl}${request.path}?${new URLSearchParams({ ...request.query, per_page: String(perPage), page: String(n) })}`;
    headers.link = `<${link(current + 1)}>; rel="next", <${link(last)}>; rel="last"`;
  }
  return { status: 200, body: items.slice((current - 1) * perPage, current * perPage), headers };
}

export function addDeploymentRoutes(fake: FakeGitHub): FakeDeployments {
  const deployments: FakeDeployment[] = [];
  const statusesById = new Map<number, FakeDeploymentStatus[]>();
  const dispatches: FakeDispatch[] = [];
  const workflows = new Map<string, FakeWorkflow>();
  const refs = new Map<string, Set<string>>();
  const timestamp = () => new Date(api.now()).toISOString();
  /** The login the request's token (`token X` / `Bearer X`) acts as, as fake-github.ts has it. */
  const loginOf = (request: FakeRequest): string => {
    const header = String(request.headers.authorization ?? '');
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(header)?.[1] ?? '';
    return fake.state.users.get(token) ?? fake.state.commenter;
  };
  const apiUser = (login: string) => ({
    login,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
  });
  /** The workflow a dispatch names by file name or by numeric id. */
  const workflowNamed = (repo: string, idOrFile: string) => {
    if (/^\d+$/.test(idOrFile)) {
      for (const [key, workflow] of workflows) {
        if (key.startsWith(`${repo}/`) && workflow.id === Number(idOrFile)) return workflow;
      }
      return undefined;
    }
    return workflows.get(`${repo}/${idOrFile}`);
  };

  const refExists = (repo: string, ref: string) => refs.get(repo)?.has(ref) ?? true;
  const statusesOf = (id: number) => {
    let list = statusesById.get(id);
    if (!list) {
      list = [];
      statusesById.set(id, list);
    }
    return list;
  };
  const apiDeployment = (d: FakeDeployment) => ({
    id: d.id,
    node_id: `DE_${d.id}`,
    url: `${fake.url}/repos/${d.repo}/deployments/${d.id}`,
    statuses_url: `${fake.url}/repos/${d.repo}/deployments/${d.id}/statuses`,
    repository_url: `${fake.url}/repos/${d.repo}`,
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.environment,
    environment: d.environment,
    description: d.description,
    creator: apiUser(d.creator),
    created_at: d.created_at,
    updated_at: d.created_at,
    transient_environment: d.transient_environment,
    production_environment: d.production_environment,
  });
  const apiStatus = (d: FakeDeployment, s: FakeDeploymentStatus) => ({
    id: s.id,
    node_id: `DES_${s.id}`,
    url: `${fake.url}/repos/${d.repo}/deployments/${d.id}/statuses/${s.id}`,
    state: s.state,
    description: s.description,
    environment: d.environment,
    target_url: s.log_url,
    log_url: s.log_url,
    environment_url: '',
    deployment_url: `${fake.url}/repos/${d.repo}/deployments/${d.id}`,
    repository_url: `${fake.url}/repos/${d.repo}`,
    creator: apiUser(s.creator),
    created_at: s.created_at,
    updated_at: s.created_at,
  });
  const find = (o: string | undefined, r: string | undefined, id: string | undefined) =>
    deployments.find((d) => d.repo === `${o}/${r}` && d.id === Number(id));
  const addStatus = (
    d: FakeDeployment,
    state: string,
    description = '',
    logUrl = '',
    autoInactive = true,
    creator = fake.state.commenter,
  ) => {
    const status: FakeDeploymentStatus = {
      id: fake.newId(),
      state,
      description,
      log_url: logUrl,
      auto_inactive: autoInactive,
      created_at: timestamp(),
      creator,
    };
    statusesOf(d.id).unshift(status);
    if (state === 'success' && autoInactive) {
      // GitHub: prior non-transient, non-production deployments of the environment go inactive.
      for (const other of deployments) {
        if (other.id === d.id || other.repo !== d.repo || other.environment !== d.environment)
          continue;
        if (other.id > d.id || other.transient_environment || other.production_environment)
          continue;
        if (statusesOf(other.id)[0]?.state === 'inactive') continue;
        addStatus(other, 'inactive', '', '', false, creator);
      }
    }
    return status;
  };
  const create = (input: Partial<FakeDeployment> & { repo: string }): FakeDeployment => {
    const deployment: FakeDeployment = {
      id: fake.newId(),
      ref: 'main',
      sha: 'a'.repeat(40),
      task: 'deploy',
      environment: 'production',
      payload: {},
      description: null,
      auto_merge: true,
      required_contexts: undefined,
      transient_environment: false,
      production_environment: false,
      created_at: timestamp(),
      creator: fake.state.commenter,
      ...input,
    };
    deployments.push(deployment);
    return deployment;
  };

  fake.route(
    'POST',
    new RegExp(`^/repos/${SEGMENT}/${SEGMENT}/deployments$`),
    (request, [, o, r]) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const repo = `${o}/${r}`;
      if (typeof body.ref !== 'string' || body.ref === '')
        return invalid('Invalid request: "ref" wasn\'t supplied.');
      if (!refExists(repo, body.ref)) return invalid(`No ref found for: ${body.ref}`);
      if (body.auto_merge !== false) {
        return {
          status: 409,
          body: { message: 'Conflict merging main into the ref (auto_merge).' },
        };
      }
      let payload = body.payload ?? {};
      if (typeof payload === 'string') {
        try {
          payload = JSON.parse(payload);
        } catch {
          return invalid('Invalid request: payload is not valid JSON.');
        }
      }
      const deployment = create({
        repo,
        ref: body.ref,
        task: typeof body.task === 'string' ? body.task : 'deploy',
        environment: typeof body.environment === 'string' ? body.environment : 'production',
        payload,
        description: typeof body.description === 'string' ? body.description : null,
        auto_merge: body.auto_merge,
        required_contexts: body.required_contexts,
        transient_environment: body.transient_environment === true,
        production_environment: body.production_environment === true,
        creator: loginOf(request),
      });
      return { status: 201, body: apiDeployment(deployment) };
    },
  );

  fake.route(
    'GET',
    new RegExp(`^/repos/${SEGMENT}/${SEGMENT}/deployments$`),
    (request, [, o, r]) => {
      const q = request.query;
      const rows = deployments
        .filter((d) => d.repo === `${o}/${r}`)
        .filter((d) => !q.task || d.task === q.task)
        .filter((d) => !q.environment || d.environment === q.environment)
        .filter((d) => !q.ref || d.ref === q.ref)
        .filter((d) => !q.sha || d.sha === q.sha)
        .reverse()
        .map(apiDeployment);
      return page(request, rows, fake.url);
    },
  );

  fake.route(
    'GET',
    new RegExp(`^/repos/${SEGMENT}/${SEGMENT}/deployments/(\\d+)$`),
    (_request, [, o, r, id]) => {
      const d = find(o, r, id);
      return d ? { status: 200, body: apiDeployment(d) } : notFound();
    },
  );

  fake.route(
    'DELETE',
    new RegExp(`^/repos/${SEGMENT}/${SEGMENT}/deployments/(\\d+)$`),
    (_request, [, o, r, id]) => {
      const d = find(o, r, id);
      if (!d) return notFound();
      const inRepo = deployments.filter((other) => other.repo === d.repo);
      if (inRepo.length > 1 && statusesOf(d.id)[0]?.state !== 'inactive') {
        return invalid(
          'We cannot delete an active deployment unless it is the only deployment in a given environment.',
        );
      }
      deployments.splice(deployments.indexOf(d), 1);
      return { status: 204 };
    },
  );

  fake.route(
    'POST',
    new RegExp(`^/repos/${SEGMENT}/${SEGMENT}/deployments/(\\d+)/statuses$`),
    (request, [, o, r, id]) => {
      const d = find(o, r, id);
      if (!d) return notFound();
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (typeof body.state !== 'string' || !STATES.has(body.state)) {
        return invalid(
          `Validation Failed: state ${String(body.state)} is not included in the list`,
        );
      }
      const description = typeof body.description === 'string' ? body.description : '';
      if (description.length > 140)
        return invalid('Validation Failed: description is too long (maximum is 140 characters)');
      api.beforeStatus?.(d.id, body.state);
      const logUrl =
        typeof body.log_url === 'string'
          ? body.log_url
          : typeof body.target_url === 'string'
            ? body.target_url
            : '';
      const status = addStatus(
        d,
        body.state,
        description,
        logUrl,
        body.auto_inactive !== false,
        loginOf(request),
      );
      return { status: 201, body: apiStatus(d, status) };
    },
  );

  fake.route(
    'GET',
    new RegExp(`^/repos/${SEGMENT}/${SEGMENT}/deployments/(\\d+)/statuses$`),
    (request, [, o, r, id]) => {
      const d = find(o, r, id);
      if (!d) return notFound();
      return page(
        request,
        statusesOf(d.id).map((s) => apiStatus(d, s)),
        fake.url,
      );
    },
  );

  fake.route(
    'POST',
    new RegExp(`^/repos/${SEGMENT}/${SEGMENT}/actions/workflows/${SEGMENT}/dispatches$`),
    (request, [, o, r, file]) => {
      const repo = `${o}/${r}`;
      const workflow = workflowNamed(repo, file ?? '');
      if (!workflow) return notFound();
      if (!workflow.dispatchable)
        return invalid("Workflow does not have 'workflow_dispatch' trigger");
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (typeof body.ref !== 'string' || !body.ref)
        return invalid('Invalid request: "ref" wasn\'t supplied.');
      if (!refExists(repo, body.ref)) return invalid(`No ref found for: ${body.ref}`);
      const inputs = (body.inputs ?? {}) as Record<string, unknown>;
      if (workflow.inputs) {
        const unexpected = Object.keys(inputs).filter((name) => !workflow.inputs?.includes(name));
        if (unexpected.length > 0)
          return invalid(`Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
      }
      dispatches.push({ repo, workflow: file ?? '', ref: body.ref, inputs });
      return { status: 204 };
    },
  );

  const api: FakeDeployments = {
    deployments,
    dispatches,
    beforeStatus: null,
    now: () => Date.now(),
    addStatus(deploymentId, state, description = '') {
      const d = deployments.find((candidate) => candidate.id === deploymentId);
      if (d) addStatus(d, state, description, '', false);
    },
    statuses: (id) => [...statusesOf(id)],
    latestState: (id) => statusesOf(id)[0]?.state ?? null,
    addWorkflow(repo, file, workflow = {}) {
      const known = workflows.get(`${repo}/${file}`);
      const added: FakeWorkflow = {
        id: known?.id ?? fake.newId(),
        dispatchable: true,
        ...workflow,
      };
      workflows.set(`${repo}/${file}`, added);
      const text = added.text ?? workflowText(added);
      for (const ref of added.refs ?? [fake.state.defaultBranch]) {
        fake.setFiles({ [`.github/workflows/${file}`]: text }, ref);
      }
      return added;
    },
    workflow: (repo, file) => workflows.get(`${repo}/${file}`),
    setRefs(repo, list) {
      refs.set(repo, new Set(list));
    },
    seedDeployment(input, states = []) {
      const deployment = create(input);
      for (const state of states) addStatus(deployment, state, '', '', false);
      return deployment;
    },
  };
  return api;
}
