import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { ManualClock } from '../core/clock.js';
import { isStaleNaN } from '../model/sample.js';
import type { Labels } from '../model/labels.js';
import type { Alert } from '../model/alert.js';
import { evalTimestamp, RuleGroup } from './group.js';
import { createRuleMetrics } from './metrics.js';
import type { GroupDef, QueryFn, VectorSample } from './types.js';

/** MiniStore records appends; its query answers a bare metric name with the samples written at exactly `at`. */
class MiniStore {
  rows: Array<{ labels: Labels; t: number; v: number }> = [];
  append(labels: Labels, t: number, v: number): void {
    this.rows.push({ labels, t, v });
  }
  query: QueryFn = async (expr, at) => {
    if (expr === 'boom') throw new Error('many-to-many matching not allowed');
    const m = /^(\w+)(?: > (\d+))?$/.exec(expr.trim());
    if (!m) throw new Error('unsupported in test: ' + expr);
    const out: VectorSample[] = [];
    for (const r of this.rows) {
      if (r.labels['__name__'] === m[1] && r.t === at && !isStaleNaN(r.v) && (m[2] === undefined || r.v > Number(m[2]))) {
        out.push({ labels: r.labels, v: r.v });
      }
    }
    return out;
  };
}

const M = 60_000;

function group(over: Partial<GroupDef> = {}): GroupDef {
  return {
    name: 'g',
    file: 'f.yaml',
    intervalMs: M,
    queryOffsetMs: 0,
    limit: 0,
    labels: {},
    rules: [
      { kind: 'recording', name: 'doubled', expr: 'input', labels: { rec: 'yes' } },
      { kind: 'alerting', name: 'High', expr: 'doubled > 5', forMs: M, keepFiringForMs: 0, labels: { severity: 'page' }, annotations: { s: 'v={{ $value }}' } },
      { kind: 'alerting', name: 'Broken', expr: 'boom', forMs: 0, keepFiringForMs: 0, labels: {}, annotations: {} },
    ],
    ...over,
  };
}

describe('RuleGroup.evaluate', () => {
  it('later rules see recording output of the same cycle; a failing rule does not stop the group', async () => {
    const st = new MiniStore();
    const sent: Alert[][] = [];
    const reg = new Registry();
    const g = new RuleGroup(group(), {
      query: st.query,
      appender: st,
      notify: (_e, a) => void sent.push([...a]),
      expand: (t, d) => t.replace('{{ $value }}', String(d.value)),
      metrics: createRuleMetrics(reg),
      externalURL: 'http://x:9090/',
    });
    for (let i = 0; i < 3; i++) {
      st.append({ __name__: 'input', job: 'a' }, i * M, 10 + i);
      await g.evaluate(i * M);
    }
    const [rec, high, broken] = g.rules;
    expect(rec!.health).toBe('ok');
    expect(broken!.health).toBe('err');
    expect(broken!.lastError).toBe('many-to-many matching not allowed');
    const alerts = [...high!.active.values()];
    expect(alerts.map((a) => [a.state, a.labels, a.annotations])).toEqual([
      ['firing', { job: 'a', rec: 'yes', severity: 'page', alertname: 'High' }, { s: 'v=12' }],
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]![0]!.generatorURL).toBe('http://x:9090/graph?g0.expr=doubled%20%3E%205&g0.tab=1');
    const alertsRows = st.rows.filter((r) => r.labels['__name__'] === 'ALERTS' && !isStaleNaN(r.v));
    expect(alertsRows.map((r) => [r.t, r.labels['alertstate']])).toEqual([
      [0, 'pending'],
      [M, 'firing'],
      [2 * M, 'firing'],
    ]);
    const text = await reg.metrics();
    expect(text).toContain('leaksleuth_rule_evaluations_total{rule_group="f.yaml;g"} 9');
    expect(text).toContain('leaksleuth_rule_evaluation_failures_total{rule_group="f.yaml;g"} 3');
  });

  it('marks vanished series stale and honours query_offset and limit', async () => {
    const st = new MiniStore();
    const g = new RuleGroup(group({ queryOffsetMs: 30_000, limit: 1, rules: [group().rules[0]!] }), { query: st.query, appender: st });
    st.append({ __name__: 'input', job: 'a' }, 30_000, 1);
    st.append({ __name__: 'input', job: 'b' }, 30_000, 1);
    await g.evaluate(M);
    expect(g.rules[0]!.health).toBe('err');
    expect(g.rules[0]!.lastError).toBe('exceeded limit of 1 with 2 series');
    const g2 = new RuleGroup(group({ queryOffsetMs: 30_000, rules: [group().rules[0]!] }), { query: st.query, appender: st });
    await g2.evaluate(M);
    expect(st.rows.filter((r) => r.labels['__name__'] === 'doubled').map((r) => r.t)).toEqual([30_000, 30_000]);
    await g2.evaluate(2 * M);
    const stale = st.rows.filter((r) => r.labels['__name__'] === 'doubled' && isStaleNaN(r.v));
    expect(stale.map((r) => [r.t, r.labels['job']])).toEqual([
      [90_000, 'a'],
      [90_000, 'b'],
    ]);
  });

  it('adoptState keeps for-timers of unchanged rules across a reload', async () => {
    const st = new MiniStore();
    const g1 = new RuleGroup(group(), { query: st.query, appender: st });
    st.append({ __name__: 'input', job: 'a' }, 0, 10);
    await g1.evaluate(0);
    expect([...g1.rules[1]!.active.values()][0]!.state).toBe('pending');
    const changed = group();
    const g2 = new RuleGroup({ ...changed, rules: [...changed.rules, { kind: 'recording', name: 'new_one', expr: 'input', labels: {} }] }, { query: st.query, appender: st });
    g2.adoptState(g1);
    st.append({ __name__: 'input', job: 'a' }, M, 10);
    await g2.evaluate(M);
    expect([...g2.rules[1]!.active.values()][0]!.state).toBe('firing');
  });
});

describe('RuleGroup loop', () => {
  it('evaluates at aligned slots and counts missed iterations', async () => {
    const clock = new ManualClock(1_000_000);
    const reg = new Registry();
    const seen: number[] = [];
    let slow = false;
    const def = group({ rules: [group().rules[0]!] });
    const g = new RuleGroup(def, {
      clock,
      metrics: createRuleMetrics(reg),
      query: async (_e, at) => {
        seen.push(at);
        // Advance after the current timer callback returned: ManualClock does not nest advances.
        if (slow) await Promise.resolve().then(() => clock.advance(3 * M + 1));
        return [];
      },
    });
    const flush = async (): Promise<void> => {
      for (let i = 0; i < 20; i++) await Promise.resolve();
    };
    g.start();
    for (let i = 0; i < 3; i++) {
      clock.advance(M);
      await flush();
    }
    expect(seen).toHaveLength(3);
    const off = evalTimestamp(def, 0);
    for (const t of seen) expect((t - off) % M).toBe(0);
    expect(seen[1]! - seen[0]!).toBe(M);
    slow = true;
    clock.advance(M);
    await flush();
    slow = false;
    clock.advance(M);
    await flush();
    await g.stop();
    const text = await reg.metrics();
    expect(seen.map((t) => (t - seen[0]!) / M)).toEqual([0, 1, 2, 3, 6]);
    expect(text).toMatch(/leaksleuth_rule_group_iterations_missed_total\{rule_group="f.yaml;g"\} 2\n/);
    const n = seen.length;
    clock.advance(5 * M);
    await flush();
    expect(seen.length).toBe(n);
  });
});
