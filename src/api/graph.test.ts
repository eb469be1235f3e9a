import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/memory.js';
import { Router } from './server.js';
import { graphRoutes, renderGraphPage } from './graph.js';
import { parseRequest } from './server.js';

const NOW = 1_700_000_000_000;

function store(): MemoryStore {
  const s = new MemoryStore();
  for (let t = NOW - 2 * 3600_000; t <= NOW; t += 60_000) {
    s.append({ __name__: 'heap_bytes', job: 'api', instance: 'a:1' }, t, 1e6 + (NOW - t > 3600_000 ? 0 : 5e5));
    s.append({ __name__: 'heap_bytes', job: 'api', instance: 'b:1' }, t, 2e6);
  }
  return s;
}

const deps = { store: store(), now: () => NOW, engine: () => ({}) };

describe('graph page', () => {
  it('shows the expression, the current result as a table and a chart of the range', () => {
    const html = renderGraphPage(deps, 'heap_bytes{job="api"} > 1000', '1', '3h');
    expect(html).toContain('<pre class="query" id="expression">heap_bytes{job=&quot;api&quot;} &gt; 1000</pre>');
    expect(html).toMatch(/<td class="query">heap_bytes\{instance=&quot;a:1&quot;, job=&quot;api&quot;\}<\/td><td class="value">1500000<\/td>/);
    expect(html).toContain('<td class="value">2000000</td>');
    expect(html).toContain('<svg');
    // Two lines, one per series, and the jump an hour ago is inside the drawn range.
    expect(html.match(/<path d="M/g)).toHaveLength(2);
    // Table first for g0.tab=1, graph first for g0.tab=0, as Prometheus' tabs.
    expect(html.indexOf('result-table')).toBeLessThan(html.indexOf('<svg'));
    expect(renderGraphPage(deps, 'heap_bytes', '0', null).indexOf('<svg')).toBeLessThan(renderGraphPage(deps, 'heap_bytes', '0', null).indexOf('result-table'));
  });

  it('reports a bad expression and a bad range on the page instead of failing', () => {
    const html = renderGraphPage(deps, 'sum(', '1', 'yesterday');
    expect(html).toMatch(/notice-error" role="alert">range &quot;yesterday&quot; is not a duration/);
    expect(html.match(/notice-error/g)?.length).toBe(2);
    expect(html).not.toContain('<svg');
  });

  it('says so when nothing matches, and escapes what it echoes', () => {
    const html = renderGraphPage(deps, 'nothing_here{x="<b>"}', '1', null);
    expect(html).toContain('id="result-empty"');
    expect(html).toContain('id="graph-empty"');
    expect(html).not.toContain('<b>');
  });

  it('answers under the external URL path prefix as well as at the root', async () => {
    const r = new Router(graphRoutes(deps));
    r.setPathPrefix('/leaksleuth/');
    for (const path of ['/graph', '/leaksleuth/graph']) {
      const res = await r.handle(parseRequest('GET', `${path}?g0.expr=heap_bytes&g0.tab=1`, {}, ''));
      expect(res.status, path).toBe(200);
      expect(String(res.body)).toContain('result-table');
    }
    expect((await r.handle(parseRequest('GET', '/leaksleuthgraph', {}, ''))).status).toBe(404);
  });
});
