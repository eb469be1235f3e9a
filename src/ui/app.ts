/**
 * app: the page's refresh loop. It fetches every API on its own, so one failing endpoint shows its
 * HTTP status inline in its own section while the others keep rendering, then schedules the next
 * refresh. Browser globals come in through `PageEnv`, which is what lets tests drive it in Node.
 * Bundle rule: reach other files only through the `k` and `r` parameters (see kit.ts).
 */
import type { Doc, El } from './dom.js';
import type { ApiResult, Kit } from './kit.js';

/** Renderers are the section renderers, handed in like the Kit. */
export interface Renderers {
  renderAlerts(k: Kit, doc: Doc, body: unknown, now: number): El[];
  renderDiagnoses(k: Kit, doc: Doc, body: unknown, now: number): El[];
  renderTargets(k: Kit, doc: Doc, body: unknown, now: number): El[];
  renderRules(k: Kit, doc: Doc, body: unknown): El[];
}

/** FetchLike is the slice of `fetch` the page uses. */
export type FetchLike = (url: string, init?: { headers?: Record<string, string> }) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

/** PageEnv is what the page needs from the browser. */
export interface PageEnv {
  readonly doc: Doc;
  readonly fetch: FetchLike;
  readonly now: () => number;
  readonly schedule: (fn: () => void, ms: number) => void;
  readonly intervalMs: number;
}

/** fetchApi GETs one endpoint and never throws: failures come back with their HTTP status and message. */
export async function fetchApi(fetch: FetchLike, path: string): Promise<ApiResult> {
  try {
    const res = await fetch(path, { headers: { accept: 'application/json' } });
    const raw = await res.text();
    let body: unknown = undefined;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined; // A non-JSON body (a proxy's HTML error page) is reported by status below.
    }
    if (res.ok && body !== undefined) return { ok: true, status: res.status, body };
    const env = typeof body === 'object' && body !== null ? (body as { error?: unknown }) : {};
    const detail = typeof env.error === 'string' ? env.error : res.ok ? 'response is not JSON' : raw.trim().slice(0, 200);
    return { ok: false, status: res.status, error: detail };
  } catch (err) {
    return { ok: false, status: 0, error: err instanceof Error ? err.message : String(err) };
  }
}

/** failureText words a failed request for its section, with the HTTP status when there was one. */
export function failureText(path: string, res: { status: number; error: string }): string {
  const status = res.status === 0 ? 'network error' : `HTTP ${res.status}`;
  return `Could not load ${path}: ${status}${res.error ? ` — ${res.error}` : ''}`;
}

/** fillSection replaces a section body with what `render` builds, or an inline error when it fails. */
export function fillSection(k: Kit, env: PageEnv, id: string, path: string, res: ApiResult, render: (body: unknown) => El[]): void {
  const target = env.doc.getElementById(id);
  if (!target) return;
  let nodes: El[];
  if (!res.ok) nodes = [k.notice(env.doc, failureText(path, res), 'error')];
  else {
    try {
      nodes = render(res.body);
    } catch (err) {
      nodes = [k.notice(env.doc, `Could not render ${path}: ${err instanceof Error ? err.message : String(err)}`, 'error')];
    }
  }
  target.replaceChildren(...nodes);
  target.setAttribute('aria-busy', 'false');
}

/** refreshOnce fetches every endpoint in parallel and fills each section as its answer arrives. */
export async function refreshOnce(k: Kit, r: Renderers, env: PageEnv): Promise<void> {
  const doc = env.doc;
  const at = (): number => env.now();
  await Promise.all([
    fetchApi(env.fetch, '/api/v1/status/buildinfo').then((res) => {
      const v = env.doc.getElementById('version');
      if (!v) return;
      const version = res.ok ? k.pick(res.body, 'data', 'version') : undefined;
      v.textContent = typeof version === 'string' ? `v${version}` : `version unknown (${res.ok ? 'bad response' : failureText('buildinfo', res)})`;
    }),
    fetchApi(env.fetch, '/api/v1/alerts').then((res) => fillSection(k, env, 'alerts-body', '/api/v1/alerts', res, (b) => r.renderAlerts(k, doc, b, at()))),
    fetchApi(env.fetch, '/api/v1/diagnoses').then((res) => {
      // The diagnoses API arrives later than the rest; until then a 404 simply means "nothing yet".
      const res2: ApiResult = !res.ok && res.status === 404 ? { ok: true, status: 404, body: {} } : res;
      fillSection(k, env, 'diagnoses-body', '/api/v1/diagnoses', res2, (b) => r.renderDiagnoses(k, doc, b, at()));
    }),
    fetchApi(env.fetch, '/api/v1/targets').then((res) => fillSection(k, env, 'targets-body', '/api/v1/targets', res, (b) => r.renderTargets(k, doc, b, at()))),
    fetchApi(env.fetch, '/api/v1/rules').then((res) => fillSection(k, env, 'rules-body', '/api/v1/rules', res, (b) => r.renderRules(k, doc, b))),
  ]);
  const stamp = doc.getElementById('refreshed');
  if (stamp) {
    const d = new Date(env.now());
    stamp.textContent = `Last refresh ${d.toLocaleTimeString()}`;
    stamp.setAttribute('datetime', d.toISOString());
  }
}

/** startPage runs the first refresh now, then one every `intervalMs`, never two at once. */
export function startPage(k: Kit, r: Renderers, env: PageEnv): void {
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      await refreshOnce(k, r, env);
    } finally {
      running = false;
    }
  };
  const loop = (): void => {
    void tick().finally(() => env.schedule(loop, env.intervalMs));
  };
  const button = env.doc.getElementById('refresh-now');
  if (button) button.addEventListener('click', () => void tick());
  loop();
}
