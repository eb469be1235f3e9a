import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { FakeDoc } from '../ui/fake.js';
import { buildClientScript } from '../ui/bundle.js';
import { Router } from './server.js';
import { parseRequest } from './server.js';
import { UI_CSP, uiRoutes } from './ui.js';

const router = new Router(uiRoutes('1.2.3'));
const get = (path: string, headers: Record<string, string> = {}) => router.handle(parseRequest('GET', path, headers, ''));

describe('uiRoutes', () => {
  it('serves the page with a strict CSP and no inline script', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'content-security-policy': UI_CSP, 'x-content-type-options': 'nosniff' });
    const html = String(res.body);
    expect(html).toContain('<script defer src="/ui/app.js?v=1.2.3"></script>');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    expect(html).not.toMatch(/https?:\/\//); // no CDN, no external font
    for (const id of ['alerts-body', 'diagnoses-body', 'targets-body', 'rules-body', 'version', 'refreshed', 'refresh-now']) expect(html).toContain(`id="${id}"`);
  });

  it('serves the script and stylesheet with types, and 304 for a matching ETag', async () => {
    const js = await get('/ui/app.js?v=1.2.3');
    expect(js.status).toBe(200);
    expect(js.headers!['content-type']).toBe('text/javascript; charset=utf-8');
    const css = await get('/ui/style.css');
    expect(css.headers!['content-type']).toBe('text/css; charset=utf-8');
    expect(String(css.body)).toContain('.tone-bad');
    const again = await get('/ui/app.js', { 'if-none-match': js.headers!['etag']! });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect((await get('/ui/nope.js')).status).toBe(404);
  });

  it('keeps a hostile version string out of the markup', async () => {
    const html = String((await new Router(uiRoutes('1.0"><script>x</script>')).handle(parseRequest('GET', '/', {}, ''))).body);
    expect(html).not.toContain('<script>x');
  });
});

describe('client bundle', () => {
  it('runs in a bare script scope and renders the page from fetched APIs', async () => {
    // Running the shipped text (not the imported modules) proves every client function reaches the
    // others only through the bundle's shared scope or its Kit, whatever loader compiled it.
    const doc = FakeDoc.withSections();
    const timers: number[] = [];
    const window = {
      fetch: async (url: string) => {
        const body =
          url === '/api/v1/targets'
            ? { status: 'success', data: { activeTargets: [{ labels: { job: 'a' }, scrapeUrl: 'http://a/metrics', health: 'up', lastError: '', lastScrape: new Date().toISOString(), lastScrapeDuration: 0.02 }] } }
            : url === '/api/v1/status/buildinfo'
              ? { status: 'success', data: { version: '9.9.9' } }
              : { status: 'error', errorType: 'not_found', error: 'no route' };
        const status = 'data' in body ? 200 : 404;
        return { ok: status === 200, status, text: async () => JSON.stringify(body) };
      },
      setTimeout: (_fn: () => void, ms: number) => void timers.push(ms),
    };
    vm.runInNewContext(buildClientScript(), { document: doc, window, Date, JSON, Promise, Object, Array, Number, String, Math, Error });
    await new Promise((res) => setTimeout(res, 50));
    expect(doc.getElementById('version')!.textContent).toBe('v9.9.9');
    expect(doc.getElementById('targets-body')!.byClass('badge')[0]!.textContent).toBe('up');
    expect(doc.getElementById('targets-body')!.textContent).toContain('20ms');
    expect(doc.getElementById('alerts-body')!.textContent).toBe('Could not load /api/v1/alerts: HTTP 404 — no route');
    expect(doc.getElementById('diagnoses-body')!.textContent).toBe('No diagnoses yet.');
    expect(timers).toEqual([10_000]);
  });

  it('holds no module-loader references (a client function used an import instead of the Kit)', () => {
    // Under vitest an imported binding compiles to `__vite_ssr_import_N__.name`; tsc keeps the bare
    // name. Either way only the Kit route is safe, and this text check sees every branch at once.
    expect(buildClientScript()).not.toMatch(/__vite_ssr_|__vi_import|\bimport\(|\brequire\(/);
  });

  it('is small and names each function once', () => {
    const js = buildClientScript();
    expect(js.length).toBeLessThan(40_000);
    expect(js.match(/^function startPage\(/gm)).toHaveLength(1);
  });
});
