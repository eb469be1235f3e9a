/**
 * alert-store: the alerts the notifier currently knows, by fingerprint, whether they came from the
 * daemon's own rules or were posted to `/api/v2/alerts` — what Alertmanager's alert provider is to
 * its API. It feeds `GET /api/v2/alerts`; routing and grouping stay in the dispatcher. Resolved
 * alerts are kept for a while (like Alertmanager's GC) but never listed as active.
 */
import type { NotifyAlert } from './types.js';

/** StoredAlert is one alert with when it stops counting as firing and when it was last updated. */
export interface StoredAlert {
  readonly alert: NotifyAlert;
  /** expiresAt: a firing alert not re-sent by then is resolved (its endsAt, or resolve_timeout). */
  readonly expiresAt: number;
  readonly updatedAt: number;
}

/** RESOLVED_KEEP_MS is how long a resolved alert stays known before it is forgotten. */
export const RESOLVED_KEEP_MS = 15 * 60_000;

/** AlertStore keeps the latest version of each alert. */
export class AlertStore {
  private readonly byFp = new Map<string, StoredAlert>();

  /** put records the newest state of an alert at `at`. */
  put(alert: NotifyAlert, expiresAt: number, at: number): void {
    this.byFp.set(alert.fingerprint, { alert, expiresAt, updatedAt: at });
  }

  /** endsAt is when the alert ends or ended: its resolve time, or its expiry while firing. */
  static endsAt(s: StoredAlert): number {
    return s.alert.status === 'resolved' ? s.alert.endsAt : s.expiresAt;
  }

  /** active lists the alerts still firing at `at` (not resolved, not expired), oldest first; it forgets old resolved ones. */
  active(at: number): StoredAlert[] {
    const out: StoredAlert[] = [];
    for (const [fp, s] of this.byFp) {
      const end = AlertStore.endsAt(s);
      if (end > at) out.push(s);
      else if (end + RESOLVED_KEEP_MS <= at) this.byFp.delete(fp);
    }
    return out.sort((a, b) => a.alert.startsAt - b.alert.startsAt || a.alert.fingerprint.localeCompare(b.alert.fingerprint));
  }

  /** isActive says whether the alert with this fingerprint fires at `at`. */
  isActive(fp: string, at: number): boolean {
    const s = this.byFp.get(fp);
    return s !== undefined && AlertStore.endsAt(s) > at;
  }
}
