/**
 * inhibit: Alertmanager's inhibition. A target alert is muted while some firing source alert
 * matches the rule's source matchers and agrees on every `equal` label (absent equals absent).
 * An alert that matches both sides cannot be inhibited by another alert that also matches both,
 * so a rule never lets a set of alerts silence itself.
 */
import type { Labels } from '../model/labels.js';
import { matchesAll } from '../model/matcher.js';
import type { Muter } from './stage.js';
import type { InhibitRule, NotifyAlert } from './types.js';

/** Inhibitor holds the current firing alerts and answers `mutes` for targets. */
export class Inhibitor implements Muter {
  private readonly sources: Array<Map<string, { alert: NotifyAlert; expiresAt: number }>>;

  constructor(private readonly rules: readonly InhibitRule[]) {
    this.sources = rules.map(() => new Map());
  }

  /**
   * observe records an alert as a potential source. Resolved alerts stop inhibiting at once; a firing
   * alert nobody re-sends stops at `expiresAt`, so a deleted rule cannot mute its targets forever.
   */
  observe(a: NotifyAlert, expiresAt = Infinity): void {
    this.rules.forEach((r, i) => {
      const cache = this.sources[i]!;
      if (a.status === 'firing' && matchesAll(a.labels, r.source)) cache.set(a.fingerprint, { alert: a, expiresAt });
      else cache.delete(a.fingerprint);
    });
  }

  /** prune forgets sources that expired without a resolution, so the caches follow live alerts only. */
  prune(at: number): void {
    for (const cache of this.sources) for (const [fp, s] of cache) if (s.expiresAt <= at) cache.delete(fp);
  }

  /** size counts cached sources across rules (for tests and debugging). */
  get size(): number {
    return this.sources.reduce((n, c) => n + c.size, 0);
  }

  /** mutes tells whether any rule inhibits this label set at `at`. */
  mutes(labels: Labels, at = -Infinity): boolean {
    return this.inhibitedBy(labels, at) !== undefined;
  }

  /** inhibitedBy returns the fingerprint of the inhibiting alert, for logs and traces. */
  inhibitedBy(labels: Labels, at = -Infinity): string | undefined {
    for (let i = 0; i < this.rules.length; i++) {
      const r = this.rules[i]!;
      if (!matchesAll(labels, r.target)) continue;
      const twoSided = matchesAll(labels, r.source);
      const cache = this.sources[i]!;
      outer: for (const [fp, { alert: src, expiresAt }] of cache) {
        if (expiresAt <= at) {
          cache.delete(fp);
          continue;
        }
        for (const n of r.equal) if ((src.labels[n] ?? '') !== (labels[n] ?? '')) continue outer;
        if (twoSided && matchesAll(src.labels, r.target)) continue;
        return src.fingerprint;
      }
    }
    return undefined;
  }
}
