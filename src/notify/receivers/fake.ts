/**
 * fake: test doubles for the notify stage — a recording fetch with scripted answers and an alert
 * builder — kept beside the port they fake (excluded from the build).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Alert } from '../../model/alert.js';
import type { Labels } from '../../model/labels.js';

/** RecordedRequest is one call the fake fetch saw. */
export interface RecordedRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** fakeFetch records requests and answers from `script` (default 200), one entry per call. */
export function fakeFetch(script: Array<{ status: number; body?: string; headers?: Record<string, string> } | Error> = []) {
  const requests: RecordedRequest[] = [];
  const fn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const raw = typeof init?.body === 'string' ? init.body : '';
    requests.push({ url: String(input), headers, body: raw ? (JSON.parse(raw) as unknown) : undefined });
    const next = script.shift();
    if (next instanceof Error) throw next;
    const r = next ?? { status: 200 };
    return new Response(r.body ?? 'ok', { status: r.status, headers: r.headers ?? {} });
  };
  return { fetch: fn as typeof fetch, requests };
}

/** makeAlert builds a firing (or resolved, with resolvedAt) rule alert. */
export function makeAlert(labels: Labels, o: Partial<Alert> = {}): Alert {
  const resolved = (o.resolvedAt ?? 0) > 0;
  return {
    labels,
    annotations: {},
    state: resolved ? 'inactive' : 'firing',
    value: 1,
    activeAt: 0,
    firedAt: 0,
    resolvedAt: 0,
    lastSentAt: 0,
    keepFiringSince: 0,
    validUntil: 0,
    ...o,
  };
}


/** SlackCall is one Web API request the loopback server received. */
export interface SlackCall {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly auth: string;
  readonly at: number;
}

/** SlackAnswer scripts one answer: an HTTP status (429 with Retry-After seconds) or an ok:false error. */
export type SlackAnswer = { status: number; retryAfter?: number } | { error: string } | { hold: true };

/** FakeSlack is a loopback Slack Web API that the real @slack/web-api client talks to via slackApiUrl. */
export interface FakeSlack {
  readonly url: string;
  readonly apiUrl: string;
  readonly calls: SlackCall[];
  readonly uploads: Buffer[];
  /** script queues answers for a method; unscripted calls succeed. */
  script(method: string, ...answers: SlackAnswer[]): void;
  /** onCall lets a test await the n-th call of a method. */
  waitFor(method: string, count: number, timeoutMs?: number): Promise<SlackCall[]>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function parseParams(body: Buffer, type: string): Record<string, unknown> {
  const text = body.toString('utf8');
  if (type.includes('application/json')) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    // The client form-encodes nested values as JSON strings; decode them back for assertions.
    out[k] = (k === 'blocks' || k === 'attachments' || k === 'files') && v.startsWith('[') ? JSON.parse(v) : v;
  }
  return out;
}

/** startFakeSlack listens on 127.0.0.1 on a random port. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const uploads: Buffer[] = [];
  const scripts = new Map<string, SlackAnswer[]>();
  const waiters: Array<() => void> = [];
  let seq = 0;
  let base = '';
  const held: Array<() => void> = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = (req.url ?? '').split('?')[0]!;
    if (path.startsWith('/upload/')) {
      uploads.push(body);
      res.writeHead(200).end('OK');
      return;
    }
    const method = path.replace(/^\/api\//, '');
    calls.push({ method, params: parseParams(body, req.headers['content-type'] ?? ''), auth: req.headers.authorization ?? '', at: Date.now() });
    for (const w of waiters.splice(0)) w();
    const answer = scripts.get(method)?.shift();
    if (answer && 'hold' in answer) {
      held.push(() => res.destroy());
      return;
    }
    if (answer && 'status' in answer) {
      res.writeHead(answer.status, answer.retryAfter !== undefined ? { 'retry-after': String(answer.retryAfter) } : {}).end('{"ok":false}');
      return;
    }
    res.setHeader('content-type', 'application/json');
    if (answer && 'error' in answer) {
      res.end(JSON.stringify({ ok: false, error: answer.error }));
      return;
    }
    const id = ++seq;
    switch (method) {
      case 'chat.postMessage':
        res.end(JSON.stringify({ ok: true, channel: 'C0LEAK', ts: `1700000000.${String(id).padStart(6, '0')}` }));
        return;
      case 'files.getUploadURLExternal':
        res.end(JSON.stringify({ ok: true, upload_url: `${base}/upload/F${id}`, file_id: `F${id}` }));
        return;
      case 'files.completeUploadExternal':
        res.end(JSON.stringify({ ok: true, files: [{ id: 'F', title: 'chart' }] }));
        return;
      default:
        res.end(JSON.stringify({ ok: true, ts: calls.at(-1)?.params.ts ?? '' }));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    apiUrl: `${base}/api/`,
    calls,
    uploads,
    script: (method, ...answers) => scripts.set(method, [...(scripts.get(method) ?? []), ...answers]),
    waitFor: async (method, count, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const got = calls.filter((c) => c.method === method);
        if (got.length >= count) return got;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} ${method} calls (got ${got.length})`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
    },
    close: async () => {
      for (const h of held) h();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
