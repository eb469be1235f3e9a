import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DaemonError, ErrorCode } from '../core/errors.js';
import { sprintf } from './format.js';
import { compileTemplate, expandAlertTemplate, type QuerySample } from './template.js';

interface GoCase {
  t: string;
  d: Record<string, unknown>;
  out?: string;
  err?: boolean;
}

// Expected outputs were produced by real Go 1.19 text/template (see test/fixtures/template/README.md).
const goCases = JSON.parse(readFileSync(join(import.meta.dirname, '../../test/fixtures/template/go-cases.json'), 'utf8')) as GoCase[];

function run(t: string, data: unknown = {}): string {
  return compileTemplate('t', t).execute(data);
}

describe('matches Go text/template', () => {
  it.each(goCases.map((c, i) => [i, c] as const))('case %i', (_i, c) => {
    if (c.err) {
      expect(() => run(c.t, c.d)).toThrow(DaemonError);
    } else {
      expect(run(c.t, c.d)).toBe(c.out);
    }
  });
});

describe('errors carry positions', () => {
  it('parse errors are TEMPLATE_INVALID with line:col', () => {
    try {
      compileTemplate('ann', 'line one\n  {{ if }}x{{ end }}');
      expect.unreachable();
    } catch (err) {
      expect(DaemonError.is(err) && err.code).toBe(ErrorCode.TEMPLATE_INVALID);
      expect((err as DaemonError).located()).toBe('ann:2:9: missing value for if');
    }
    expect(() => compileTemplate('t', '{{ nosuchfunc 1 }}')).toThrow(/function "nosuchfunc" not defined/);
    expect(() => compileTemplate('t', '{{ $x }}')).toThrow(/undefined variable "\$x"/);
  });

  it('execution errors name the failing command', () => {
    expect(() => run('{{ index .xs 5 }}', { xs: [1] })).toThrow(/executing "t" at <index .xs 5>: error calling index: .*index out of range: 5/);
    expect(() => run('{{ eq .v 1 }}', { v: 1 })).toThrow(/incompatible types for comparison/);
  });
});

describe('printf', () => {
  it.each([
    ['%.2f', [2.675], '2.67'],
    ['%.1f', [0.25], '0.2'],
    ['%.1f', [0.35], '0.3'],
    ['%e', [123456.789], '1.234568e+05'],
    ['%g', [0.000012345], '1.2345e-05'],
    ['%5d|%-5d|%+d', [42n, 42n, 42n], '   42|42   |+42'],
    ['%x %X %#x', [255n, 'hi', 255n], 'ff 6869 0xff'],
    ['%v %s', [new Map([['b', 1], ['a', 2]]), ['x', 1n]], 'map[a:2 b:1] [x 1]'],
    ['%%|%c', [65n], '%|A'],
  ] as const)('%s', (f, args, want) => {
    expect(sprintf(f, args)).toBe(want);
  });
});

describe('Prometheus functions', () => {
  it.each([
    ['{{ humanize 1234567 }}', '1.235M'],
    ['{{ humanize 1234567.0 }}', '1.235M'],
    ['{{ humanize 0.0012345 }}', '1.234m'],
    ['{{ humanize 0 }}', '0'],
    ['{{ humanize "1e3" }}', '1k'],
    ['{{ humanize 999.5 }}', '999.5'],
    ['{{ humanize1024 1048576 }}', '1Mi'],
    ['{{ humanize1024 1536.0 }}', '1.5ki'],
    ['{{ humanize1024 0.5 }}', '0.5'],
    ['{{ humanizeDuration 3661 }}', '1h 1m 1s'],
    ['{{ humanizeDuration 90061 }}', '1d 1h 1m 1s'],
    ['{{ humanizeDuration 61.5 }}', '1m 1s'],
    ['{{ humanizeDuration 1.5 }}', '1.5s'],
    ['{{ humanizeDuration 0.25 }}', '250ms'],
    ['{{ humanizeDuration 0 }}', '0s'],
    ['{{ humanizeDuration -3661 }}', '-1h 1m 1s'],
    ['{{ humanizePercentage 0.1234 }}', '12.34%'],
    ['{{ humanizePercentage 1 }}', '100%'],
    ['{{ humanizeTimestamp 1435065584.128 }}', '2015-06-23 13:19:44.128 +0000 UTC'],
    ['{{ humanizeTimestamp 0 }}', '1970-01-01 00:00:00 +0000 UTC'],
    ['{{ toTime 1435065584 }}', '2015-06-23 13:19:44 +0000 UTC'],
    ['{{ toDuration 3661.5 }}', '1h1m1.5s'],
    ['{{ toDuration 0.002 }}', '2ms'],
    ['{{ parseDuration "1h30m" }}', '5400'],
    ['{{ "hello world-foo" | title }} {{ toUpper "a" }}{{ toLower "B" }}', 'Hello World-Foo Ab'],
    ['{{ match "^a.c$" "abc" }} {{ match "b" "abc" }} {{ match "^b" "abc" }}', 'true true false'],
    ['{{ reReplaceAll "(a)(b)" "${2}$1-$$" "xaby" }}', 'xba-$y'],
    ['{{ reReplaceAll "a*" "X" "baaac" }} {{ match "(?i)^PRO" "production" }} {{ match "(a+)+$" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab" }}', 'XbXcX true false'],
    ['{{ reReplaceAll "(?P<h>[^:]+):(\\\\d+)" "$h" "web:80" }}', 'web'],
    ['{{ stripPort "host.example.com:9090" }} {{ stripPort "[::1]:80" }} {{ stripPort "nohost" }}', 'host.example.com ::1 nohost'],
    ['{{ stripDomain "host.example.com:9090" }} {{ stripDomain "10.0.0.1:80" }} {{ stripDomain "a.b" }}', 'host:9090 10.0.0.1:80 a'],
    ['{{ urlQueryEscape "a b&c" }}', 'a+b%26c'],
    ['{{ with args 1 "x" }}{{ .arg0 }}{{ .arg1 }}{{ end }}', '1x'],
    ['{{ safeHtml "<b>" }}', '<b>'],
  ])('%s', (t, want) => {
    expect(run(t)).toBe(want);
  });

  const samples: QuerySample[] = [
    { Labels: { __name__: 'up', instance: 'b:1', job: 'x' }, Value: 0 },
    { Labels: { __name__: 'up', instance: 'a:1', job: 'x', __value__: 'zero' }, Value: 1 },
  ];
  const queries: string[] = [];
  const query = (q: string): QuerySample[] => {
    queries.push(q);
    return q === 'none' ? [] : samples;
  };

  it('query, first, label, value, strvalue and sortByLabel use the injected query function', () => {
    const t = compileTemplate(
      't',
      '{{ range query "up" | sortByLabel "instance" }}{{ .Labels.instance }}={{ .Value }} {{ end }}' +
        '{{ with query "up" }}{{ . | first | label "instance" }} {{ . | first | value | humanize }}{{ end }}' +
        '{{ with query "none" }}x{{ else }} empty{{ end }} {{ query "up" | sortByLabel "instance" | first | strvalue }}',
      { query },
    );
    expect(t.execute({})).toBe('a:1=1 b:1=0 b:1 0 empty zero');
    expect(queries).toEqual(['up', 'up', 'none', 'up']);
    expect(() => compileTemplate('t', '{{ query "none" | first }}', { query }).execute({})).toThrow(/first\(\) called on vector with no elements/);
  });
});

describe('expandAlertTemplate', () => {
  const data = { labels: { instance: 'web-1:9100', job: 'api' }, externalLabels: { cluster: 'eu' }, externalURL: 'http://ls:9817', value: 1572864000 };

  it('defines $labels, $externalLabels, $externalURL and $value like Prometheus', () => {
    expect(
      expandAlertTemplate('{{ $labels.instance | stripPort }} in {{ $externalLabels.cluster }} uses {{ $value | humanize1024 }}B ({{ printf "%.0f" $value }}) see {{ $externalURL }}', data),
    ).toBe('web-1 in eu uses 1.465GiB (1572864000) see http://ls:9817');
  });

  it('a missing label is empty, as with missingkey=zero', () => {
    expect(expandAlertTemplate('[{{ $labels.nope }}]', data)).toBe('[]');
  });

  it('failures become <error expanding template: …>', () => {
    expect(expandAlertTemplate('{{ if }}', data, undefined, 'HeapGrowth')).toMatch(/^<error expanding template: __alert_HeapGrowth:1:\d+: missing value for if>$/);
    expect(expandAlertTemplate('{{ humanize "abc" }}', data)).toMatch(/^<error expanding template: .*error calling humanize: strconv\.ParseFloat: parsing "abc": invalid syntax>$/);
  });

  it('{{ define }} blocks and trimming work inside notification-style templates', () => {
    const t = compileTemplate(
      'slack',
      '{{ define "title" }}[{{ .Status | toUpper }}] {{ .Alerts | len }} alert(s){{ end }}\n{{- template "title" . }}\n{{ range .Alerts -}}\n- {{ .Labels.alertname }}: {{ .Annotations.summary }}\n{{ end -}}',
    );
    const out = t.execute({
      Status: 'firing',
      Alerts: [
        { Labels: { alertname: 'HeapLeak' }, Annotations: { summary: 'heap floor rising' } },
        { Labels: { alertname: 'PageCache' }, Annotations: { summary: 'not a leak' } },
      ],
    });
    expect(out).toBe('[FIRING] 2 alert(s)\n- HeapLeak: heap floor rising\n- PageCache: not a leak\n');
    expect(t.names).toEqual(['title', 'slack']);
    expect(t.execute({ Status: 'ok', Alerts: [] }, { template: 'title' })).toBe('[OK] 0 alert(s)');
  });
});
