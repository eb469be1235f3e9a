import { describe, expect, it } from 'vitest';
import { normalizeNotifyConfig } from './config.js';
import { fingerprint } from './fingerprint.js';
import { Inhibitor } from './inhibit.js';
import type { NotifyAlert } from './types.js';

const alert = (labels: Record<string, string>, status: 'firing' | 'resolved' = 'firing'): NotifyAlert => ({
  status,
  labels,
  annotations: {},
  startsAt: 0,
  endsAt: status === 'resolved' ? 1 : 0,
  generatorURL: '',
  fingerprint: fingerprint(labels),
});

describe('Inhibitor', () => {
  const cfg = normalizeNotifyConfig({
    inhibit_rules: [
      { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['instance'] },
      // A leak verdict makes a generic "memory high" page redundant on the same target.
      { source_match_re: { diagnosis: '.*_leak' }, target_match: { alertname: 'MemoryHigh' }, equal: ['instance', 'cluster'] },
      { source_matchers: ['alertname="Flap"'], target_matchers: ['alertname="Flap"'] },
    ],
  });

  it('mutes a target while a matching source fires with equal labels', () => {
    const ih = new Inhibitor(cfg.inhibitRules);
    ih.observe(alert({ alertname: 'Down', severity: 'critical', instance: 'a' }));
    expect(ih.mutes({ alertname: 'Slow', severity: 'warning', instance: 'a' })).toBe(true);
    expect(ih.mutes({ alertname: 'Slow', severity: 'warning', instance: 'b' })).toBe(false);
    expect(ih.mutes({ alertname: 'Slow', severity: 'info', instance: 'a' })).toBe(false);
  });

  it('treats a label absent on both sides as equal', () => {
    const ih = new Inhibitor(cfg.inhibitRules);
    ih.observe(alert({ diagnosis: 'heap_leak', instance: 'a' }));
    expect(ih.mutes({ alertname: 'MemoryHigh', instance: 'a' })).toBe(true);
    expect(ih.mutes({ alertname: 'MemoryHigh', instance: 'a', cluster: 'eu' })).toBe(false);
  });

  it('stops inhibiting once the source resolves', () => {
    const ih = new Inhibitor(cfg.inhibitRules);
    const src = { alertname: 'Down', severity: 'critical', instance: 'a' };
    ih.observe(alert(src));
    ih.observe(alert(src, 'resolved'));
    expect(ih.mutes({ severity: 'warning', instance: 'a' })).toBe(false);
  });

  it('stops inhibiting when a source is not re-sent before it expires', () => {
    const ih = new Inhibitor(cfg.inhibitRules);
    ih.observe(alert({ alertname: 'Down', severity: 'critical', instance: 'a' }), 1000);
    expect(ih.mutes({ severity: 'warning', instance: 'a' }, 999)).toBe(true);
    expect(ih.mutes({ severity: 'warning', instance: 'a' }, 1000)).toBe(false);
    ih.observe(alert({ alertname: 'Down', severity: 'critical', instance: 'b' }), 2000);
    expect(ih.size).toBe(1);
    ih.prune(2000);
    expect(ih.size).toBe(0);
  });

  it('never lets alerts matching both sides inhibit each other', () => {
    const ih = new Inhibitor(cfg.inhibitRules);
    ih.observe(alert({ alertname: 'Flap', instance: 'a' }));
    ih.observe(alert({ alertname: 'Flap', instance: 'b' }));
    expect(ih.mutes({ alertname: 'Flap', instance: 'a' })).toBe(false);
  });

  it('reports which alert inhibits', () => {
    const ih = new Inhibitor(cfg.inhibitRules);
    const src = { alertname: 'Down', severity: 'critical', instance: 'a' };
    ih.observe(alert(src));
    expect(ih.inhibitedBy({ severity: 'warning', instance: 'a' })).toBe(fingerprint(src));
  });
});
