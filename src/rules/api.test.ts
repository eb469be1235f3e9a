import { describe, expect, it } from 'vitest';
import { RuleGroup } from './group.js';
import { buildAlertsResponse, buildRulesResponse, goFloatE, rfc3339 } from './api.js';
import type { GroupDef } from './types.js';

const def: GroupDef = {
  name: 'mem',
  file: 'rules/mem.yaml',
  intervalMs: 30_000,
  queryOffsetMs: 0,
  limit: 0,
  labels: { team: 'sre' },
  rules: [
    { kind: 'recording', name: 'job:x:sum', expr: 'sum(x)', labels: {} },
    { kind: 'alerting', name: 'High', expr: 'x > 1', forMs: 300_000, keepFiringForMs: 0, labels: { severity: 'page' }, annotations: { summary: 's' } },
  ],
};

describe('api builders', () => {
  it('formats like Go', () => {
    expect(goFloatE(1)).toBe('1e+00');
    expect(goFloatE(1500)).toBe('1.5e+03');
    expect(goFloatE(0.00012)).toBe('1.2e-04');
    expect(goFloatE(NaN)).toBe('NaN');
    expect(rfc3339(0)).toBe('0001-01-01T00:00:00Z');
    expect(rfc3339(Date.UTC(2026, 0, 2, 3, 4, 5, 120))).toBe('2026-01-02T03:04:05.12Z');
  });

  it('renders /api/v1/rules and /api/v1/alerts in Prometheus shape', async () => {
    const at = Date.UTC(2026, 0, 1);
    const g = new RuleGroup(def, { query: async (e) => (e === 'x > 1' ? [{ labels: { __name__: 'x', job: 'a' }, v: 3 }] : []) });
    await g.evaluate(at);
    const rules = buildRulesResponse([g]);
    expect(rules.data.groups[0]).toMatchObject({ name: 'mem', file: 'rules/mem.yaml', interval: 30, limit: 0, lastEvaluation: '2026-01-01T00:00:00Z' });
    const [rec, alert] = rules.data.groups[0]!.rules;
    expect(rec).toMatchObject({ type: 'recording', name: 'job:x:sum', query: 'sum(x)', health: 'ok', labels: { team: 'sre' } });
    expect(alert).toMatchObject({
      type: 'alerting',
      name: 'High',
      state: 'pending',
      duration: 300,
      keepFiringFor: 0,
      annotations: { summary: 's' },
      alerts: [{ state: 'pending', value: '3e+00', activeAt: '2026-01-01T00:00:00Z', labels: { job: 'a', team: 'sre', severity: 'page', alertname: 'High' } }],
    });
    expect(buildRulesResponse([g], { type: 'record' }).data.groups[0]!.rules.map((r) => r.name)).toEqual(['job:x:sum']);
    expect(buildRulesResponse([g], { ruleNames: ['nope'] }).data.groups).toEqual([]);
    expect(buildAlertsResponse([g])).toEqual({
      status: 'success',
      data: { alerts: [{ labels: { job: 'a', team: 'sre', severity: 'page', alertname: 'High' }, annotations: { summary: 's' }, state: 'pending', activeAt: '2026-01-01T00:00:00Z', value: '3e+00' }] },
    });
  });

  it('shows keepFiringSince while keep_firing_for holds an alert', async () => {
    let on = true;
    const kf: GroupDef = {
      ...def,
      rules: [{ kind: 'alerting', name: 'K', expr: 'x', forMs: 0, keepFiringForMs: 600_000, labels: {}, annotations: {} }],
    };
    const g = new RuleGroup(kf, { query: async () => (on ? [{ labels: { job: 'a' }, v: 1 }] : []) });
    const t0 = Date.UTC(2026, 0, 1);
    await g.evaluate(t0);
    on = false;
    await g.evaluate(t0 + 60_000);
    const [a] = buildAlertsResponse([g]).data.alerts;
    expect(a).toMatchObject({ state: 'firing', keepFiringSince: '2026-01-01T00:01:00Z' });
    expect(buildRulesResponse([g]).data.groups[0]!.rules[0]).toMatchObject({ state: 'firing', keepFiringFor: 600 });
  });
});
