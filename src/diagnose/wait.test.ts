import { describe, expect, it } from 'vitest';
import type { Alert } from '../model/alert.js';
import type { Diagnosis } from '../model/finding.js';
import { holdFirstSend, waitDeadline } from './wait.js';

const T = 1_700_000_000_000;
function alert(over: Partial<Alert> = {}): Alert {
  return { labels: { alertname: 'A', job: 'j', instance: 'i' }, annotations: {}, state: 'firing', value: 1, activeAt: T - 300_000, firedAt: T, resolvedAt: 0, lastSentAt: T, keepFiringSince: 0, validUntil: T + 240_000, ...over };
}
function diag(verdict: Diagnosis['verdict']): Diagnosis {
  return { target: 'j/i', at: T, verdict, confidence: 0.9, findings: [] };
}

describe('diagnosis_wait', () => {
  it('holds a firing first send while the verdict is insufficient_data, until firedAt + wait', () => {
    const a = alert();
    expect(waitDeadline(a, 120_000)).toBe(T + 120_000);
    expect(holdFirstSend(a, diag('insufficient_data'), T, 120_000)).toBe(true);
    expect(holdFirstSend(a, diag('insufficient_data'), T + 119_999, 120_000)).toBe(true);
    expect(holdFirstSend(a, diag('insufficient_data'), T + 120_000, 120_000)).toBe(false);
  });
  it('holds while the diagnosis says healthy: the growth the alert saw is not significant yet', () => {
    expect(holdFirstSend(alert(), diag('healthy'), T + 60_000, 120_000)).toBe(true);
    expect(holdFirstSend(alert(), diag('healthy'), T + 120_000, 120_000)).toBe(false);
  });
  it('sends at once when a verdict exists, the alert resolved, or the wait is 0', () => {
    expect(holdFirstSend(alert(), diag('page_cache'), T, 120_000)).toBe(false);
    expect(holdFirstSend(alert(), diag('heap_leak'), T, 120_000)).toBe(false);
    expect(holdFirstSend(alert({ state: 'inactive', resolvedAt: T }), diag('insufficient_data'), T, 120_000)).toBe(false);
    expect(holdFirstSend(alert(), diag('insufficient_data'), T, 0)).toBe(false);
  });
  it('counts from activeAt when the alert never was pending, so a restored old alert is not delayed', () => {
    const a = alert({ firedAt: 0, activeAt: T - 3_600_000 });
    expect(waitDeadline(a, 120_000)).toBe(T - 3_480_000);
    expect(holdFirstSend(a, diag('insufficient_data'), T, 120_000)).toBe(false);
  });
});
