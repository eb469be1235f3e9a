import { describe, expect, it } from 'vitest';
import { parseExposition } from './parse.js';

const prom = (s: string) => parseExposition(s, 'prometheus');
const om = (s: string) => parseExposition(s, 'openmetrics');

describe('parseExposition, Prometheus text 0.0.4', () => {
  it('reads names, labels, values and integer-ms timestamps', () => {
    const r = prom('# HELP up Whether the target is up.\n# TYPE up gauge\nup{job="a",instance="b:1"} 1 1700000000123\nup 0\n');
    expect(r.samples).toEqual([
      { labels: { __name__: 'up', job: 'a', instance: 'b:1' }, value: 1, timestampMs: 1700000000123 },
      { labels: { __name__: 'up' }, value: 0 },
    ]);
    expect(r.families.get('up')).toEqual({ type: 'gauge', help: 'Whether the target is up.' });
  });

  it('accepts blanks wherever the Prometheus lexer does', () => {
    const r = prom(' a { x = "1" , y="2" , } 3 \t 17 \n\t\n  \nb{}4\nc{x="1"}5\n');
    expect(r.samples).toEqual([
      { labels: { __name__: 'a', x: '1', y: '2' }, value: 3, timestampMs: 17 },
      { labels: { __name__: 'b' }, value: 4 },
      { labels: { __name__: 'c', x: '1' }, value: 5 },
    ]);
  });

  it('accepts labels without commas between them, as Prometheus does', () => {
    expect(prom('a{x="1" y="2"} 1\n').samples[0]!.labels).toEqual({ __name__: 'a', x: '1', y: '2' });
  });

  it('unescapes label values and HELP text', () => {
    const r = prom('# HELP m a \\\\ b\\nc "q"\nm{p="C:\\\\new \\"x\\"\\nl2"} 1\n');
    expect(r.samples[0]!.labels['p']).toBe('C:\\new "x"\nl2');
    expect(r.families.get('m')!.help).toBe('a \\ b\nc "q"');
  });

  it('keeps NaN, +Inf, -Inf and Go float spellings', () => {
    const vals = prom('a NaN\na +Inf\na -Inf\na Inf\na inf\na -infinity\na 1.\na .5\na -0\na 1e3\na 1.5E-300\na +7\n').samples.map(
      (s) => s.value,
    );
    expect(vals).toEqual([NaN, Infinity, -Infinity, Infinity, Infinity, -Infinity, 1, 0.5, -0, 1000, 1.5e-300, 7]);
    expect(Object.is(vals[8], -0)).toBe(true);
  });

  it('needs no final newline and ignores free comments', () => {
    const r = prom('# just a comment\n#HELP not metadata\n# TYPE x  counter \nx_total 2');
    expect(r.samples).toEqual([{ labels: { __name__: 'x_total' }, value: 2 }]);
    expect(r.families.get('x')).toEqual({ type: 'counter' });
  });

  it('drops exactly one blank after the name in HELP, keeping the rest', () => {
    expect(prom('# HELP a   indented\n').families.get('a')!.help).toBe('  indented');
    expect(prom('# HELP a\n').families.get('a')).toEqual({ type: 'untyped', help: '' });
  });

  it('is no stricter than Prometheus about repeated or split families', () => {
    const r = prom('# TYPE a counter\na 1\n# TYPE b gauge\nb 1\n# TYPE a gauge\na 2\n');
    expect(r.samples.map((s) => s.value)).toEqual([1, 1, 2]);
    expect(r.families.get('a')!.type).toBe('gauge');
  });

  it('accepts negative and huge-but-valid timestamps', () => {
    expect(prom('a 1 -5\n').samples[0]!.timestampMs).toBe(-5);
    expect(prom('a 1 9007199254740993\n').samples[0]!.timestampMs).toBe(9007199254740992);
  });
});

describe('parseExposition, OpenMetrics 1.0', () => {
  it('reads float-second timestamps as ms, units and info/stateset types', () => {
    const r = om(
      '# TYPE req counter\n# UNIT req_seconds seconds\n# HELP req Requests \\"ok\\".\nreq_total{a="1"} 3 1700000000.123\nreq_created{a="1"} 1699999999.5\n# TYPE build info\nbuild_info{v="1"} 1\n# EOF\n',
    );
    expect(r.samples).toEqual([
      { labels: { __name__: 'req_total', a: '1' }, value: 3, timestampMs: 1700000000123 },
      { labels: { __name__: 'req_created', a: '1' }, value: 1699999999.5 },
      { labels: { __name__: 'build_info', v: '1' }, value: 1 },
    ]);
    expect(r.families.get('req')).toEqual({ type: 'counter', help: 'Requests "ok".' });
    expect(r.families.get('req_seconds')).toEqual({ type: 'unknown', unit: 'seconds' });
    expect(r.families.get('build')!.type).toBe('info');
  });

  it('parses and drops exemplars, with or without their timestamp', () => {
    const r = om(
      'a_bucket{le="1"} 2 # {trace_id="abc"} 0.5 1700000000.1\na_bucket{le="+Inf"} 3 1.5 # {} 7\n# EOF',
    );
    expect(r.samples).toEqual([
      { labels: { __name__: 'a_bucket', le: '1' }, value: 2 },
      { labels: { __name__: 'a_bucket', le: '+Inf' }, value: 3, timestampMs: 1500 },
    ]);
  });

  it('accepts an empty payload that is only # EOF', () => {
    expect(om('# EOF\n').samples).toEqual([]);
    expect(om('# EOF').samples).toEqual([]);
  });

  it('rounds timestamps to the nearest ms instead of truncating float noise', () => {
    expect(om('a 1 1.001\n# EOF\n').samples[0]!.timestampMs).toBe(1001);
    expect(om('a 1 -1.5\n# EOF\n').samples[0]!.timestampMs).toBe(-1500);
  });

  it('reads histograms and summaries as flat samples', () => {
    const r = om(
      '# TYPE h histogram\nh_bucket{le="0.1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 0.3\nh_count 2\nh_created 10\n# TYPE s summary\ns{quantile="0.5"} 4\ns_sum 9\ns_count 2\n# EOF\n',
    );
    expect(r.samples.map((s) => s.labels['__name__'])).toEqual(['h_bucket', 'h_bucket', 'h_sum', 'h_count', 'h_created', 's', 's_sum', 's_count']);
    expect(r.samples[1]!.labels['le']).toBe('+Inf');
  });
});
