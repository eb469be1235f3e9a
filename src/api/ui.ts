/**
 * ui: serves the status page at `/` and its two assets under `/ui/`. Everything is built in memory
 * once from TS modules (no files read at runtime), so it works the same from src/, dist/ and the
 * npm package. The CSP allows only same-origin script, style and fetches, so even a bug that put
 * data into markup could not run injected script.
 */
import { createHash } from 'node:crypto';
import { buildClientScript } from '../ui/bundle.js';
import { renderPage } from '../ui/page.js';
import { STYLE_CSS } from '../ui/style.js';
import { VERSION } from '../version.js';
import type { ApiRequest, ApiResponse, Route } from './types.js';

/** UI_CSP is the Content-Security-Policy sent with the page. */
export const UI_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

interface Asset {
  readonly body: string;
  readonly type: string;
  readonly etag: string;
}

/** asset precomputes a body with its strong ETag, so refreshing browsers get a cheap 304. */
function asset(body: string, type: string): Asset {
  return { body, type, etag: '"' + createHash('sha256').update(body).digest('base64url').slice(0, 22) + '"' };
}

/** serve answers with the asset, or 304 when the browser already holds this exact version. */
function serve(a: Asset, req: ApiRequest): ApiResponse {
  const headers = {
    'content-type': a.type,
    'cache-control': 'no-cache',
    etag: a.etag,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': UI_CSP,
  };
  if (req.headers['if-none-match'] === a.etag) return { status: 304, headers, body: '' };
  return { status: 200, headers, body: a.body };
}

/** uiRoutes serves GET / (the page), /ui/app.js and /ui/style.css; other /ui/ paths are 404. */
export function uiRoutes(version: string = VERSION): Route[] {
  const page = asset(renderPage(version), 'text/html; charset=utf-8');
  const script = asset(buildClientScript(), 'text/javascript; charset=utf-8');
  const style = asset(STYLE_CSS, 'text/css; charset=utf-8');
  return [
    { method: 'GET', path: '/', handler: (req) => serve(page, req) },
    { method: 'GET', path: '/ui/app.js', handler: (req) => serve(script, req) },
    { method: 'GET', path: '/ui/style.css', handler: (req) => serve(style, req) },
    {
      method: 'GET',
      path: '/ui/*',
      handler: (req) => ({ status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `no such asset: ${req.path}\n` }),
    },
  ];
}
