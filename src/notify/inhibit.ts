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
  private readonly sources: Array<Map<string, NotifyAlert>>;

  constructor(private readonly rules: readonly InhibitRule[]) {
    this.sources = rules.map(() => new Map());
  }

  /** observe records an alert as a potential source (resolved alerts stop inhibiting). */
  observe(a: NotifyAlert): void {
    this.rules.forEach((r, i) => {
      const cache = this.sources[i]!;
      if (a.status === 'firing' && matchesAll(a.labels, r.source)) cache.set(a.fingerprint, a);
      else cache.delete(a.fingerprint);
    });
  }

  /** mutes tells whether any rule inhibits this label set now. */
  mutes(labels: Labels): boolean {
    return this.inhibitedBy(labels) !== undefined;
  }

  /** inhibitedBy returns the fingerprint of the inhibiting alert, for logs and traces. */
  inhibitedBy(labels: Labels): string | undefined {
    for (let i = 0; i < this.rules.length; i++) {
      const r = this.rules[i]!;
      if (!matchesAll(labels, r.target)) continue;
      const twoSided = matchesAll(labels, r.source);
      outer: for (const src of this.sources[i]!.values()) {
        for (const n of r.equal) if ((src.labels[n] ?? '') !== (labels[n] ?? '')) continue outer;
        if (twoSided && matchesAll(src.labels, r.target)) continue;
        return src.fingerprint;
      }
    }
    return undefined;
  }
}
