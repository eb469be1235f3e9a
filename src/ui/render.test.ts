import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../model/finding.js';
import { fetchApi, refreshOnce, startPage, type FetchLike, type PageEnv } from './app.js';
import * as diagnoses from './diagnoses.js';
import * as dom from './dom.js';
import { FakeDoc, FakeEl } from './fake.js';
import * as format from './format.js';
import type { Kit } from './kit.js';
import * as sections from './sections.js';

const k: Kit = { ...format, ...dom };
const r = { ...sections, ...diagnoses };
const NOW = Date.parse('2026-01-01T12:00:00Z');
const EVIL = '<script>alert(1)</script>';

function wrap(nodes: unknown[]): FakeEl {
  const root = new FakeEl('div');
  for (const n of nodes) root.appendChild(n as FakeEl);
  return root;
}

/** fakeFetch answers from a table of path → [status, body]; unknown paths get a 404 envelope. */
function fakeFetch(table: Record<string, [number, unknown]>, seen: string[] = []): FetchLike {
  return async (url) => {
    seen.push(url);
    const hit = table[url];
    if (hit && hit[1] instanceof Error) throw hit[1];
    const [status, body] = hit ?? [404, { status: 'error', errorType: 'not_found', error: `no route for ${url}` }];
    return { ok: status >= 200 && status < 300, status, text: async () => (typeof body === 'string' ? body : JSON.stringify(body)) };
  };
}

const targetsBody = {
  status: 'success',
  data: {
    activeTargets: [
      { labels: { job: 'api', instance: 'a:1', team: EVIL }, scrapeUrl: 'http://a:1/metrics', health: 'up', lastError: '', lastScrape: '2026-01-01T11:59:58Z', lastScrapeDuration: 0.012, cgroup: { path: '/sys/fs/cgroup/memory/api', version: 1, health: 'down', lastError: 'memory.stat: ENOENT' } },
      { labels: { job: 'gone', instance: 'b:2' }, scrapeUrl: 'http://b:2/metrics', health: 'down', lastError: 'connect ECONNREFUSED', lastScrape: '0001-01-01T00:00:00Z', lastScrapeDuration: 0 },
    ],
    droppedTargets: [],
    cgroups: [{ labels: { id: '/system.slice/worker.service' }, cgroup: { path: '/sys/fs/cgroup/system.slice/worker.service', version: 2, health: 'up', lastError: '' } }],
  },
};

describe('section renderers', () => {
  it('shows alert values in their unit, silenced and inhibited alerts as such, and a chart per alert', () => {
    const doc = new FakeDoc();
    const body = {
      status: 'success',
      data: {
        alerts: [
          { labels: { alertname: 'GoMemoryLeak', job: 'api', instance: '127.0.0.1:8080', verdict: 'heap_leak' }, state: 'firing', value: '9.423268188373365e-01', activeAt: '2026-01-01T11:00:00Z', suppressed: { silencedBy: ['s-1'], inhibited: false } },
          { labels: { alertname: 'GoMemoryLeakNearLimit', job: 'api', instance: '127.0.0.1:8080' }, state: 'firing', value: '3.6e+03', activeAt: '2026-01-01T11:00:00Z', suppressed: { silencedBy: [], inhibited: true } },
        ],
      },
    };
    const root = wrap(r.renderAlerts(k, doc, body, NOW));
    const text = root.textContent;
    expect(text).toContain('94.2 %');
    expect(text).toContain('1h');
    expect(text).not.toContain('e-01');
    expect(text).toContain('silenced');
    expect(text).toContain('inhibited');
    const imgs = root.byTag('img');
    expect(imgs.map((i) => i.attrs.get('src'))).toEqual([
      '/api/v1/chart.svg?job=api&instance=127.0.0.1%3A8080',
      '/api/v1/chart.svg?job=api&instance=127.0.0.1%3A8080',
    ]);
  });

  it('gives no confidence to insufficient data and folds targets without Go metrics away', () => {
    const doc = new FakeDoc();
    const finding = (verdict: string, missing: string[]) => ({ verdict, confidence: 0.9, evidence: [], explanation: 'x', recommendations: [], missing });
    const body = {
      status: 'success',
      data: {
        diagnoses: [
          { target: 'api/127.0.0.1:8080', at: NOW, verdict: 'heap_leak', confidence: 0.93, findings: [finding('heap_leak', [])] },
          { target: 'web/127.0.0.1:9090', at: NOW, verdict: 'insufficient_data', confidence: 0.9, findings: [finding('insufficient_data', ['only 3 samples in the analysed range; need 10'])] },
          { target: 'node/127.0.0.1:9100', at: NOW, verdict: 'insufficient_data', confidence: 0.9, findings: [finding('insufficient_data', ['no Go runtime series and no cgroup series for this target', 'go_memstats_heap_alloc_bytes'])] },
        ],
      },
    };
    const out = r.renderDiagnoses(k, doc, body, NOW);
    expect(out).toHaveLength(3);
    const [leak, young, folded] = out.map((e) => e as unknown as FakeEl);
    expect(leak!.textContent).toContain('confidence 93 %');
    expect(young!.textContent).toContain('no verdict yet');
    expect(young!.textContent).not.toContain('confidence');
    expect(folded!.tag).toBe('details');
    expect(folded!.textContent).toContain('1 target without Go metrics');
    expect(folded!.textContent).toContain('node/127.0.0.1:9100');
    expect(leak!.byTag('img')[0]!.attrs.get('src')).toBe('/api/v1/chart.svg?job=api&instance=127.0.0.1%3A8080');
  });

  it('lists the Go services found on this host with how each was found', () => {
    const doc = new FakeDoc();
    const body = {
      status: 'success',
      data: {
        activeTargets: [],
        droppedTargets: [],
        goServices: [
          { pid: 42, name: 'api', goVersion: 'go1.22.1', unit: 'api.service', container: '', labels: { job: 'api', instance: '127.0.0.1:8080' }, scraped: true, pprof: true, foundBy: 'Go build info in /usr/bin/api; /metrics answered on 127.0.0.1:8080' },
          { pid: 43, name: 'worker', goVersion: '', unit: '', container: '', labels: { job: 'worker', instance: 'pid:43' }, scraped: false, pprof: false, foundBy: `cgroup and /proc only ${EVIL}` },
        ],
      },
    };
    const root = wrap(r.renderTargets(k, doc, body, NOW));
    const text = root.textContent;
    expect(root.byTag('script')).toHaveLength(0);
    expect(text).toContain('Go services on this host (2)');
    expect(text).toContain('pid 42 · go1.22.1 · api.service');
    expect(text).toContain('/metrics answered on 127.0.0.1:8080');
    expect(text).toContain('cgroup + /proc');
    expect(text).toContain(EVIL);
    expect(text).not.toContain('No scrape targets configured.');
  });

  it('renders the datasource, its Go targets and its error in datasource mode', () => {
    const doc = new FakeDoc();
    const body = {
      status: 'success',
      data: {
        activeTargets: [],
        droppedTargets: [],
        cgroups: [],
        datasource: {
          url: 'https://u:<secret>@mimir.example/prometheus/',
          health: 'down',
          lastSync: new Date(NOW - 30_000).toISOString(),
          lastSyncDuration: 0.25,
          lastError: `copying api/10.0.0.1:8080 from the datasource failed: ${EVIL}`,
          targets: [{ labels: { job: 'api', instance: '10.0.0.1:8080', pod: EVIL } }],
        },
      },
    };
    const root = wrap(r.renderTargets(k, doc, body, NOW));
    const rows = root.byTag('tbody')[0]!.byTag('tr');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.textContent).toContain('https://u:<secret>@mimir.example/prometheus/');
    expect(rows[0]!.byClass('badge')[0]!.className).toBe('badge tone-bad');
    expect(rows[0]!.textContent).toContain(`pod=${EVIL}`);
    expect(rows[0]!.textContent).toContain('30s ago');
    expect(rows[0]!.byClass('error-text')[0]!.textContent).toContain(EVIL);
    expect(root.byTag('script')).toHaveLength(0);
    // No "no scrape targets" notice: the targets are on the datasource.
    expect(root.textContent).not.toContain('No scrape targets configured.');
  });

  it('renders targets with health, cgroup and errors, keeping label values as text', () => {
    const doc = new FakeDoc();
    const root = wrap(r.renderTargets(k, doc, targetsBody, NOW));
    const rows = root.byTag('tbody')[0]!.byTag('tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.byClass('badge').map((b) => [b.textContent, b.className])).toEqual([
      ['up', 'badge tone-good'],
      ['down', 'badge tone-bad'],
    ]);
    expect(rows[0]!.textContent).toContain(`team=${EVIL}`);
    expect(root.byTag('script')).toHaveLength(0);
    expect(rows[0]!.byClass('error-text')[0]!.textContent).toBe('cgroup: memory.stat: ENOENT');
    expect(rows[1]!.byClass('error-text')[0]!.textContent).toBe('connect ECONNREFUSED');
    expect(rows[1]!.textContent).toContain('never');
    expect(rows[0]!.textContent).toContain('2s ago');
    expect(root.byTag('h3')[0]!.textContent).toBe('Discovered cgroups (1)');
    expect(root.byTag('th').every((th) => th.attrs.get('scope') === 'col')).toBe(true);
  });

  it('renders alerts sorted firing first, with the diagnosis badge', () => {
    const body = {
      status: 'success',
      data: {
        alerts: [
          { labels: { alertname: 'Slow', severity: 'info' }, annotations: {}, state: 'pending', activeAt: '2026-01-01T11:59:00Z', value: '1' },
          { labels: { alertname: 'GoHeapGrowing', diagnosis: 'page_cache', pod: EVIL }, annotations: { summary: 'heap grows' }, state: 'firing', activeAt: '2026-01-01T10:00:00Z', value: '3.2e+09' },
        ],
      },
    };
    const root = wrap(r.renderAlerts(k, new FakeDoc(), body, NOW));
    const rows = root.byTag('tbody')[0]!.byTag('tr');
    expect(rows[0]!.textContent).toContain('GoHeapGrowing');
    const badges = rows[0]!.byClass('badge');
    expect(badges.map((b) => b.className)).toEqual(['badge tone-bad', 'badge tone-warn']);
    expect(badges[1]!.attrs.get('title')).toBe('page_cache');
    expect(rows[0]!.textContent).toContain(`pod=${EVIL}`);
    expect(rows[0]!.textContent).toContain('2h ago');
    expect(rows[1]!.byClass('badge')[0]!.className).toBe('badge tone-warn');
  });

  it('shows empty states for empty or odd payloads', () => {
    const doc = new FakeDoc();
    expect(wrap(r.renderAlerts(k, doc, { data: { alerts: [] } }, NOW)).textContent).toBe('No active alerts.');
    expect(wrap(r.renderDiagnoses(k, doc, { data: { diagnoses: 'nope' } }, NOW)).textContent).toBe('No diagnoses yet.');
    expect(wrap(r.renderRules(k, doc, { data: {} })).textContent).toBe('No rule groups loaded.');
    expect(wrap(r.renderTargets(k, doc, 'garbage', NOW)).textContent).toBe('No scrape targets configured.');
  });

  it('renders rule groups with health, state, query and errors', () => {
    const body = {
      data: {
        groups: [
          {
            name: 'go-memory',
            file: 'rules/go.yaml',
            rules: [
              { name: 'GoHeapLeak', type: 'alerting', health: 'ok', state: 'firing', query: 'deriv(go_memstats_heap_inuse_bytes[1h]) > 0', evaluationTime: 0.0042, lastError: '' },
              { name: 'job:heap:sum', type: 'recording', health: 'err', query: 'sum(x)', evaluationTime: 0.001, lastError: 'many-to-many matching' },
            ],
          },
        ],
      },
    };
    const root = wrap(r.renderRules(k, new FakeDoc(), body));
    expect(root.byTag('h3')[0]!.textContent).toBe('go-memory — rules/go.yaml');
    const rows = root.byTag('tr').slice(1);
    expect(rows[0]!.byClass('badge').map((b) => `${b.textContent}:${b.className}`)).toEqual(['ok:badge tone-good', 'firing:badge tone-bad']);
    expect(rows[0]!.textContent).toContain('4.2ms');
    expect(rows[1]!.byClass('error-text')[0]!.textContent).toBe('many-to-many matching');
    expect(rows[0]!.byTag('a')[0]!.attrs.get('href')).toBe('graph?g0.expr=deriv(go_memstats_heap_inuse_bytes%5B1h%5D)%20%3E%200&g0.tab=1');
  });

  it('renders a model Diagnosis with humanised evidence, projection and advice, leaks first', () => {
    const leak: Diagnosis = {
      target: 'api',
      at: NOW - 60_000,
      verdict: 'goroutine_leak',
      confidence: 0.8,
      findings: [
        {
          verdict: 'goroutine_leak',
          confidence: 0.8,
          window: { start: NOW - 3_600_000, end: NOW },
          evidence: [
            { name: 'goroutine growth', value: 1200, unit: 'count/h', source: 'go_goroutines' },
            { name: 'stack growth', value: 8 * 1024 * 1024, unit: 'bytes/h', source: 'go_memstats_stack_inuse_bytes' },
          ],
          explanation: 'Goroutines rose by 1,200 per hour.',
          recommendations: ['Fetch /debug/pprof/goroutine?debug=1 twice and compare the largest stacks.'],
          projection: { limitBytes: 512 * 1024 * 1024, secondsToLimit: null },
          missing: ['cgroup memory.stat'],
        },
      ],
    };
    const healthy: Diagnosis = { target: 'db', at: NOW, verdict: 'healthy', confidence: 0.7, findings: [] };
    const root = wrap(r.renderDiagnoses(k, new FakeDoc(), JSON.parse(JSON.stringify({ data: { diagnoses: [healthy, leak] } })), NOW));
    const cards = root.byTag('article');
    expect(cards.map((c) => c.byTag('h3')[0]!.textContent)).toEqual(['api', 'db']);
    expect(cards[0]!.className).toBe('card tone-border-bad');
    expect(cards[0]!.byClass('num').map((n) => n.textContent)).toEqual(['1,200/h', '8.00 MiB/h']);
    expect(cards[0]!.byClass('projection')[0]!.textContent).toBe('Memory limit 512 MiB: not on course to reach it');
    expect(cards[0]!.textContent).toContain('Missing inputs: cgroup memory.stat');
    expect(cards[0]!.textContent).toContain('diagnosed 1m ago');
    expect(cards[0]!.byTag('li')[0]!.textContent).toContain('debug/pprof/goroutine');
    expect(cards[1]!.textContent).toContain('No findings recorded.');
  });
});

describe('refresh loop', () => {
  const env = (f: FetchLike, doc: FakeDoc, scheduled: number[] = []): PageEnv => ({ doc, fetch: f, now: () => NOW, schedule: (_fn, ms) => void scheduled.push(ms), intervalMs: 10_000 });

  it('fills every section on its own: failures inline with status, 404 diagnoses as empty', async () => {
    const doc = FakeDoc.withSections();
    const f = fakeFetch({
      '/api/v1/status/buildinfo': [200, { status: 'success', data: { version: '0.1.0' } }],
      '/api/v1/targets': [200, targetsBody],
      '/api/v1/alerts': [500, { status: 'error', errorType: 'internal', error: 'boom' }],
      '/api/v1/rules': [502, '<html>bad gateway</html>'],
    });
    await refreshOnce(k, r, env(f, doc));
    expect(doc.getElementById('version')!.textContent).toBe('v0.1.0');
    expect(doc.getElementById('alerts-body')!.textContent).toBe('Could not load /api/v1/alerts: HTTP 500 — boom');
    expect(doc.getElementById('alerts-body')!.byClass('notice')[0]!.attrs.get('role')).toBe('alert');
    expect(doc.getElementById('rules-body')!.textContent).toBe('Could not load /api/v1/rules: HTTP 502 — <html>bad gateway</html>');
    expect(doc.getElementById('diagnoses-body')!.textContent).toBe('No diagnoses yet.');
    expect(doc.getElementById('targets-body')!.byTag('tbody')[0]!.byTag('tr')).toHaveLength(2);
    expect(doc.getElementById('refreshed')!.attrs.get('datetime')).toBe('2026-01-01T12:00:00.000Z');
  });

  it('reports network errors and non-JSON success bodies', async () => {
    expect(await fetchApi(fakeFetch({ '/x': [200, new Error('socket hang up')] }), '/x')).toEqual({ ok: false, status: 0, error: 'socket hang up' });
    expect(await fetchApi(fakeFetch({ '/x': [200, 'not json'] }), '/x')).toEqual({ ok: false, status: 200, error: 'response is not JSON' });
    const doc = FakeDoc.withSections();
    await refreshOnce(k, r, env(fakeFetch({ '/api/v1/status/buildinfo': [200, new Error('offline')] }), doc));
    expect(doc.getElementById('version')!.textContent).toBe('version unknown (Could not load buildinfo: network error — offline)');
  });

  it('schedules the next refresh after each one and refreshes on the button', async () => {
    const doc = FakeDoc.withSections();
    const seen: string[] = [];
    const scheduled: number[] = [];
    startPage(k, r, env(fakeFetch({}, seen), doc, scheduled));
    await new Promise((res) => setTimeout(res, 20));
    expect(scheduled).toEqual([10_000]);
    expect(seen.filter((u) => u === '/api/v1/targets')).toHaveLength(1);
    for (const fn of doc.getElementById('refresh-now')!.listeners.get('click') ?? []) fn();
    await new Promise((res) => setTimeout(res, 20));
    expect(seen.filter((u) => u === '/api/v1/targets')).toHaveLength(2);
  });
});

describe('chart images', () => {
  it('hide themselves when the target has nothing to draw yet', () => {
    const doc = new FakeDoc();
    const img = dom.chartImage(doc as unknown as Parameters<typeof dom.chartImage>[0], '/api/v1/chart.svg?job=a&instance=b', 'chart', 'chart') as unknown as FakeEl;
    for (const fn of img.listeners.get('error') ?? []) fn();
    expect(img.className).toBe('chart chart-missing');
  });
});
