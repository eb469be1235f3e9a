import { describe, expect, it } from 'vitest';
import { AlertStore, RESOLVED_KEEP_MS } from './alert-store.js';
import type { NotifyAlert } from './types.js';

const a = (fp: string, status: 'firing' | 'resolved', startsAt: number, endsAt = 0): NotifyAlert => ({ status, labels: { fp }, annotations: {}, startsAt, endsAt, generatorURL: '', fingerprint: fp });

describe('AlertStore', () => {
  it('lists firing alerts until they expire or resolve, oldest first, and forgets old resolved ones', () => {
    const s = new AlertStore();
    s.put(a('b', 'firing', 20), 1000, 20);
    s.put(a('a', 'firing', 10), 500, 10);
    expect(s.active(100).map((x) => x.alert.fingerprint)).toEqual(['a', 'b']);
    // Not re-sent by its expiry: no longer active.
    expect(s.active(600).map((x) => x.alert.fingerprint)).toEqual(['b']);
    s.put(a('b', 'resolved', 20, 700), 700, 700);
    expect(s.isActive('b', 650)).toBe(true);
    expect(s.active(800)).toEqual([]);
    expect(AlertStore.endsAt({ alert: a('b', 'resolved', 20, 700), expiresAt: 9999, updatedAt: 0 })).toBe(700);
    s.active(700 + RESOLVED_KEEP_MS);
    expect(s.isActive('b', 0)).toBe(false);
  });
});
