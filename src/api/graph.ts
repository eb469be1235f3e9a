/**
 * graph: the page every alert's `generatorURL` and "source" link opens —
 * `/graph?g0.expr=…&g0.tab=…&g0.range_input=…`, Prometheus' URL shape, so links built for
 * Prometheus work too. It is rendered on the server: the expression, its current result as a
 * table and an SVG chart of the last hours drawn by the notification chart code. No script is
 * needed, so it also opens in a mail client's browser or a locked-down kiosk. Every link on the page
 * is relative, so it works at `/graph` and under the path of `server.external_url` alike.
 */
import { errorMessage } from '../core/errors.js';
import { formatLabels, withoutName, type Labels } from '../model/labels.js';
import { parseDuration } from '../model/duration.js';
import { renderSvg } from '../notify/chart/svg.js';
import type { ChartInput } from '../notify/chart/types.js';
import { instantQuery, rangeQuery, type EngineOptions, type QueryValue } from '../promql/index.js';
import type { SeriesStore } from '../store/store.js';
import { formatSampleValue } from './format.js';
import type { ApiRequest, ApiResponse, Route } from './types.js';

/** GraphDeps are what the page reads. */
export interface GraphDeps {
  readonly store: SeriesStore;
  readonly now: () => number;
  readonly engine: () => EngineOptions;
}

/** DEFAULT_RANGE_MS is the chart's span when the link names none: "the last hours". */
export const DEFAULT_RANGE_MS = 3 * 3600_000;
/** MAX_TABLE_ROWS and MAX_LINES bound the page for expressions with many series. */
const MAX_TABLE_ROWS = 200;
const MAX_LINES = 12;
/** STEPS is how many points each line gets across the range. */
const STEPS = 360;

/** GRAPH_CSP is the status page's policy plus GET forms to this page (the expression box). */
export const GRAPH_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** seriesName prints `name{a="b"}` as Prometheus' table does. */
function seriesName(l: Labels): string {
  const rest = formatLabels(withoutName(l));
  const name = l['__name__'] ?? '';
  return name && rest === '{}' ? name : name + rest;
}

/** rangeOf reads `g0.range_input` (a duration such as `1h` or `6h`); a bad one is reported, not fatal. */
function rangeOf(raw: string | null): { ms: number; problem?: string } {
  if (raw === null || raw === '') return { ms: DEFAULT_RANGE_MS };
  try {
    const ms = parseDuration(raw);
    if (ms > 0) return { ms };
  } catch {
    // fall through to the message below
  }
  return { ms: DEFAULT_RANGE_MS, problem: `range "${raw}" is not a duration such as 1h; showing 3h` };
}

/** tableRows turns an instant result into label/value rows. */
function tableRows(v: QueryValue): Array<[string, string]> {
  switch (v.type) {
    case 'vector':
      return v.samples.map((s) => [seriesName(s.labels), formatSampleValue(s.v)]);
    case 'scalar':
      return [['scalar', formatSampleValue(v.v)]];
    case 'string':
      return [['string', v.v]];
    case 'matrix':
      return v.series.map((s) => [seriesName(s.labels), s.v.map((x, i) => `${formatSampleValue(x)} @${s.t[i]! / 1000}`).join('\n')]);
  }
}

/** unitOf guesses the axis unit from the metric names in the expression, so byte series read as MiB. */
function unitOf(expr: string): ChartInput['unit'] {
  if (/_bytes\b/.test(expr)) return 'bytes';
  if (/_seconds\b/.test(expr) && !/rate\(|increase\(/.test(expr)) return 'seconds';
  return 'count';
}

/** renderGraphPage evaluates `expr` at `now` and over the range before it, and returns the HTML. */
export function renderGraphPage(d: GraphDeps, expr: string, tab: string, rangeRaw: string | null): string {
  const now = d.now();
  const range = rangeOf(rangeRaw);
  const problems: string[] = range.problem ? [range.problem] : [];
  let table = '';
  let chart = '';
  if (expr !== '') {
    try {
      const rows = tableRows(instantQuery(d.store, expr, now, d.engine()));
      const shown = rows.slice(0, MAX_TABLE_ROWS);
      table =
        rows.length === 0
          ? '<p class="notice notice-empty" id="result-empty">Empty query result: no series match at this time.</p>'
          : `<table id="result-table"><thead><tr><th>Series</th><th>Value</th></tr></thead><tbody>${shown
              .map(([l, v]) => `<tr><td class="query">${esc(l)}</td><td class="value">${esc(v)}</td></tr>`)
              .join('')}</tbody></table>${rows.length > shown.length ? `<p class="muted">${rows.length - shown.length} more series not shown.</p>` : ''}`;
    } catch (err) {
      problems.push(errorMessage(err));
    }
    try {
      const step = Math.max(1000, Math.ceil(range.ms / STEPS / 1000) * 1000);
      const m = rangeQuery(d.store, expr, now - range.ms, now, step, d.engine());
      const lines = m.slice(0, MAX_LINES).map((s) => ({ name: seriesName(s.labels), points: s.t.map((t, i) => ({ t, v: s.v[i]! })) }));
      chart =
        lines.length === 0
          ? '<p class="notice notice-empty" id="graph-empty">No data in this range.</p>'
          : `<figure id="graph" aria-label="graph of the expression over the last ${esc(rangeRaw || '3h')}">${renderSvg({ title: expr.length > 70 ? expr.slice(0, 67) + '…' : expr, unit: unitOf(expr), series: lines })}${
              m.length > lines.length ? `<figcaption class="muted">${m.length - lines.length} more series not drawn.</figcaption>` : ''
            }</figure>`;
    } catch (err) {
      // The instant query already reported a parse error; only report range-only failures.
      const msg = errorMessage(err);
      if (!problems.includes(msg)) problems.push(msg);
    }
  }
  const ranges = ['1h', '3h', '6h', '12h', '24h'];
  const at = new Date(now).toISOString();
  const tableSection = `<section aria-labelledby="table-title"><h2 id="table-title">Result at <time datetime="${at}">${at}</time></h2>${table}</section>`;
  const graphSection = `<section aria-labelledby="graph-title"><h2 id="graph-title">Graph, last ${esc(rangeRaw || '3h')}</h2>${chart}</section>`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${esc(expr || 'graph')} · leaksleuth</title>
  <link rel="stylesheet" href="ui/style.css">
</head>
<body>
  <header class="top">
    <div class="brand"><h1><a href="./">leaksleuth</a></h1><span class="muted">expression</span></div>
  </header>
  <main class="graph-page">
    <form method="get" action="graph" class="expr-form">
      <label for="expr">Expression</label>
      <textarea id="expr" name="g0.expr" rows="2" spellcheck="false">${esc(expr)}</textarea>
      <input type="hidden" name="g0.tab" value="${esc(tab)}">
      <label for="range">Range</label>
      <select id="range" name="g0.range_input">${ranges.map((r) => `<option${r === (rangeRaw || '3h') ? ' selected' : ''}>${r}</option>`).join('')}</select>
      <button type="submit">Execute</button>
    </form>
    <pre class="query" id="expression">${esc(expr)}</pre>
    ${problems.map((p) => `<p class="notice notice-error" role="alert">${esc(p)}</p>`).join('')}
    ${tab === '0' ? graphSection + tableSection : tableSection + graphSection}
  </main>
</body>
</html>
`;
}

/** graphRoutes serves GET /graph. */
export function graphRoutes(d: GraphDeps): Route[] {
  const handler = (req: ApiRequest): ApiResponse => ({
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': GRAPH_CSP,
    },
    body: renderGraphPage(d, (req.params.get('g0.expr') ?? '').trim(), req.params.get('g0.tab') ?? '1', req.params.get('g0.range_input')),
  });
  return [{ method: 'GET', path: '/graph', handler }];
}
