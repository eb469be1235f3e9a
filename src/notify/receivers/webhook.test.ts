import { describe, expect, it } from 'vitest';
import { buildNotification, toNotifyAlert } from '../data.js';
import { fingerprint } from '../fingerprint.js';
import { makeAlert } from './fake.js';
import { goTime, webhookPayload } from './webhook.js';

describe('Alertmanager v4 webhook payload', () => {
  const t = Date.parse('2026-11-22T01:02:03.456Z');
  const firing = toNotifyAlert(makeAlert({ alertname: 'A', instance: 'x', severity: 'warning' }, { firedAt: t, annotations: { summary: 's' }, generatorURL: 'http://g' }))!;
  const resolved = toNotifyAlert(makeAlert({ alertname: 'A', instance: 'y', severity: 'warning' }, { firedAt: t, resolvedAt: t + 1000 }))!;
  const n = buildNotification('team', '{}:{alertname="A"}', { alertname: 'A' }, [resolved, firing], 'http://leaksleuth:9099');

  it('has exactly the Alertmanager fields, in Alertmanager types', () => {
    const p = webhookPayload(n, 0);
    expect(Object.keys(p).sort()).toEqual(
      ['alerts', 'commonAnnotations', 'commonLabels', 'externalURL', 'groupKey', 'groupLabels', 'receiver', 'status', 'truncatedAlerts', 'version'].sort(),
    );
    expect(p).toMatchObject({
      version: '4',
      receiver: 'team',
      status: 'firing',
      groupKey: '{}:{alertname="A"}',
      groupLabels: { alertname: 'A' },
      commonLabels: { alertname: 'A', severity: 'warning' },
      commonAnnotations: {},
      externalURL: 'http://leaksleuth:9099',
      truncatedAlerts: 0,
    });
    expect(p.alerts[0]).toEqual({
      status: 'firing',
      labels: { alertname: 'A', instance: 'x', severity: 'warning' },
      annotations: { summary: 's' },
      startsAt: '2026-11-22T01:02:03.456Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://g',
      fingerprint: fingerprint({ alertname: 'A', instance: 'x', severity: 'warning' }),
    });
    expect(p.alerts[1]!.status).toBe('resolved');
    expect(p.alerts[1]!.endsAt).toBe('2026-11-22T01:02:04.456Z');
  });

  it('truncates to max_alerts and says how many were dropped', () => {
    const p = webhookPayload(n, 1);
    expect(p.alerts).toHaveLength(1);
    expect(p.truncatedAlerts).toBe(1);
  });

  it('computes fingerprints as 16 hex digits, stable across label order, like prometheus/common', () => {
    expect(fingerprint({ b: '2', a: '1' })).toBe(fingerprint({ a: '1', b: '2' }));
    expect(fingerprint({})).toBe('cbf29ce484222325');
    expect(fingerprint({ a: '1' })).toMatch(/^[0-9a-f]{16}$/);
    expect(goTime(Date.parse('2026-01-01T00:00:00Z'))).toBe('2026-01-01T00:00:00Z');
    // Go's RFC 3339 nano drops trailing zeros of the fraction.
    expect(goTime(Date.parse('2026-01-01T00:00:10.270Z'))).toBe('2026-01-01T00:00:10.27Z');
    expect(goTime(Date.parse('2026-01-01T00:00:10.100Z'))).toBe('2026-01-01T00:00:10.1Z');
  });
});
