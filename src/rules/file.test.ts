import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DaemonError, ErrorCode } from '../core/errors.js';
import { loadRuleFiles, parseRuleFile, readRuleFile } from './file.js';

const dir = 'test/fixtures/rules';

/** fakeParse stands in for the PromQL parser: it rejects unbalanced parentheses at the right column. */
function fakeParse(expr: string): void {
  let depth = 0;
  for (let i = 0; i < expr.length; i++) {
    if (expr[i] === '(') depth++;
    if (expr[i] === ')') depth--;
  }
  if (depth !== 0) {
    throw new DaemonError(ErrorCode.PROMQL_PARSE, 'unclosed left parenthesis', { position: { line: 1, col: expr.indexOf('(') + 1 } });
  }
}

describe('parseRuleFile', () => {
  it('loads a good file with defaults, block exprs and the diagnose hook', () => {
    const r = readRuleFile(`${dir}/go-memory-good.yaml`, { parseExpr: fakeParse, checkTemplate: () => null });
    expect(r.errors).toEqual([]);
    expect(r.groups.map((g) => [g.name, g.intervalMs, g.limit])).toEqual([
      ['go-memory', 30_000, 10],
      ['second', 60_000, 0],
    ]);
    const alert = r.groups[0]!.rules[1]!;
    expect(alert.kind).toBe('alerting');
    if (alert.kind !== 'alerting') return;
    expect(alert.forMs).toBe(15 * 60_000);
    expect(alert.keepFiringForMs).toBe(5 * 60_000);
    expect(alert.expr.trim()).toBe('deriv(job:go_memstats_heap_inuse_bytes:sum[30m]) > 0');
    expect(alert.diagnose).toEqual({ window: '30m' });
    expect(r.groups[0]!.rules[0]).toMatchObject({ kind: 'recording', labels: { source: 'rules' } });
  });

  it('reports every error at once with file:line:col', () => {
    const file = `${dir}/many-bad.yaml`;
    const r = readRuleFile(file, { parseExpr: fakeParse });
    expect(r.groups).toEqual([]);
    const want = [
      `${file}:3:15: interval: not a valid duration string: "1.5m"`,
      `${file}:5:17: group "broken", rule 1, "bad{name}": invalid field 'annotations' in recording rule`,
      `${file}:5:17: group "broken", rule 1, "bad{name}": invalid field 'for' in recording rule`,
      `${file}:5:17: group "broken", rule 1, "bad{name}": invalid recording rule name: bad{name}`,
      `${file}:11:17: group "broken", rule 2, "Both": only one of 'record' and 'alert' must be set`,
      `${file}:13:9: group "broken", rule 3, "NoExpr": field 'expr' must be set in rule`,
      `${file}:15:11: group "broken", rule 3, "NoExpr": invalid label name: __name__`,
      `${file}:16:11: group "broken", rule 3, "NoExpr": invalid label name: bad-label`,
      `${file}:19:9: field foo not found in type rulefmt.Rule`,
      `${file}:18:18: group "broken", rule 4, "BadParse": could not parse expression: unclosed left parenthesis`,
      `${file}:22:14: group "broken", rule 5, "BadFor": for: not a valid duration string: "30m1h"`,
      `${file}:23:19: group "broken", rule 5, "BadFor": diagnose: must be true, false or a mapping`,
      `${file}:24:5: groupname: "broken" is repeated in the same file`,
    ];
    expect(r.errors).toEqual(want);
  });

  it('points into block scalars', () => {
    const text = 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: |\n      up and\n      sum(x\n';
    const r = parseRuleFile(text, 'x.yaml', {
      parseExpr: () => {
        throw new DaemonError(ErrorCode.PROMQL_PARSE, 'boom', { position: { line: 2, col: 4 } });
      },
    });
    expect(r.errors).toEqual(['x.yaml:7:10: group "g", rule 1, "A": could not parse expression: boom']);
  });

  it('reports template errors and YAML syntax errors', () => {
    const text = 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    annotations:\n      s: "{{ $labels.x"\n';
    const r = parseRuleFile(text, 'x.yaml', { checkTemplate: (t) => (t.includes('{{') && !t.includes('}}') ? 'unclosed action' : null) });
    expect(r.errors).toEqual(['x.yaml:7:10: group "g", rule 1, "A": annotation "s": unclosed action']);
    const y = parseRuleFile('groups: [\n', 'y.yaml');
    expect(y.errors).toHaveLength(1);
    expect(y.errors[0]).toMatch(/^y\.yaml:\d+:\d+: /);
  });

  it('accepts an empty file and rejects unknown top-level fields', () => {
    expect(parseRuleFile('', 'e.yaml').errors).toEqual([]);
    expect(parseRuleFile('groupz: []\n', 'e.yaml').errors).toEqual(['e.yaml:1:1: field groupz not found in type rulefmt.RuleGroups']);
    expect(parseRuleFile('groupz: []\n', 'e.yaml', { ignoreUnknownFields: true }).errors).toEqual([]);
  });

  it('loadRuleFiles throws one RULE_INVALID error with all lines, including unreadable files', () => {
    try {
      loadRuleFiles([`${dir}/many-bad.yaml`, `${dir}/missing.yaml`]);
      expect.unreachable();
    } catch (err) {
      expect(DaemonError.is(err) && err.code).toBe('RULE_INVALID');
      const lines = (err as Error).message.split('\n');
      expect(lines.length).toBeGreaterThan(5);
      expect(lines.at(-1)).toMatch(/missing\.yaml: ENOENT/);
    }
    expect(readFileSync(`${dir}/many-bad.yaml`, 'utf8')).toContain('BadParse');
  });
});

describe('diagnose extension', () => {
  const rule = (d: string): string => `groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        diagnose: ${d}\n`;
  it('accepts true as the short form and false as off', () => {
    const t = parseRuleFile(rule('true'), 'r.yaml', { parseExpr: fakeParse });
    expect(t.errors).toEqual([]);
    expect((t.groups[0]!.rules[0] as { diagnose?: unknown }).diagnose).toEqual({});
    const f = parseRuleFile(rule('false'), 'r.yaml', { parseExpr: fakeParse });
    expect((f.groups[0]!.rules[0] as { diagnose?: unknown }).diagnose).toBeUndefined();
  });
  it('rejects unknown fields and bad windows at the diagnose line', () => {
    const r = parseRuleFile(rule('{ window: 1x, target: a }'), 'r.yaml', { parseExpr: fakeParse });
    expect(r.errors).toEqual([
      'r.yaml:6:19: group "g", rule 1, "A": diagnose: unknown field "target" (supported: window)',
      'r.yaml:6:19: group "g", rule 1, "A": diagnose: window: not a valid duration string: "1x"',
    ]);
  });
});
