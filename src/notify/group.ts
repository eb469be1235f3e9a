/**
 * group: Alertmanager's aggregation groups. Each (route, group labels) pair collects its alerts;
 * the first flush waits group_wait (or happens at once if the alert is older than that), later
 * flushes come every group_interval. Timers run on the injected Clock, so tests drive them with a
 * ManualClock. After a flush, resolved alerts that did not change are dropped. As in Alertmanager,
 * a group keeps its tick cadence (each tick due group_interval after the previous one, however long
 * the flush took) while it exists, and an empty group lives on until the next sweep (every 30 s):
 * an alert that returns to it meanwhile goes out at the group's next tick, not after group_wait.
 * The sweep keeps memory following the number of live alerts, not history.
 */
import type { Clock, TimerHandle } from '../core/clock.js';
import type { Labels } from '../model/labels.js';
import { groupId, groupKey, groupLabels, legacyGroupKey, matchRoutes } from './route.js';
import type { NotifyAlert, Route } from './types.js';

/** DEFAULT_RESOLVE_TIMEOUT resolves an alert nobody re-sent, as Alertmanager's resolve_timeout (5m). */
export const DEFAULT_RESOLVE_TIMEOUT = 5 * 60_000;

/** GROUP_SWEEP_MS is how often empty groups are removed (Alertmanager's dispatcher cleanup ticker). */
export const GROUP_SWEEP_MS = 30_000;

/** GroupedAlert is an alert plus when it stops being considered firing without a re-send. */
interface Slot {
  alert: NotifyAlert;
  expiresAt: number;
}

/** FlushFn receives a group's alerts at flush time; it resolves once they are safely queued. */
export type FlushFn = (g: { key: string; legacyKey: string; route: Route; labels: Labels; alerts: NotifyAlert[] }, at: number) => Promise<void>;

interface AggrGroup {
  /** id is the map key (route node + labels); key is Alertmanager's group key, shared by equal siblings. */
  readonly id: string;
  readonly key: string;
  readonly legacyKey: string;
  readonly route: Route;
  readonly labels: Labels;
  readonly alerts: Map<string, Slot>;
  timer: TimerHandle | undefined;
  /** dueAt is when the pending timer fires, to avoid re-arming it for every inserted alert. */
  dueAt: number;
  hasFlushed: boolean;
  flushing: Promise<void> | undefined;
}

/** GroupSnapshot describes one aggregation group for the API and tests. */
export interface GroupSnapshot {
  readonly key: string;
  /** routeId tells apart groups of sibling routes that share a key. */
  readonly routeId: string;
  readonly receiver: string;
  readonly labels: Labels;
  readonly alerts: readonly NotifyAlert[];
}

/** Dispatcher routes alerts into aggregation groups and flushes them on their timers. */
export class Dispatcher {
  private readonly groups = new Map<string, AggrGroup>();
  private readonly inflight = new Set<Promise<void>>();
  private stopped = false;
  private sweepTimer: TimerHandle | undefined;

  constructor(
    private readonly o: {
      readonly route: Route;
      readonly clock: Clock;
      readonly flush: FlushFn;
      readonly onError: (err: unknown, key: string) => void;
    },
  ) {
    this.armSweep();
  }

  /** sweep removes the groups that hold no alert (and are not flushing), stopping their ticks. */
  sweep(): void {
    for (const [id, g] of this.groups) {
      if (g.alerts.size > 0 || g.flushing) continue;
      if (g.timer !== undefined) this.o.clock.clearTimeout(g.timer);
      this.groups.delete(id);
    }
  }

  private armSweep(): void {
    if (this.stopped) return;
    this.sweepTimer = this.o.clock.setTimeout(() => {
      this.sweep();
      this.armSweep();
    }, GROUP_SWEEP_MS);
  }

  /** insert routes each alert; `expiresAt` is when a firing alert counts as resolved if not re-sent. */
  insert(alert: NotifyAlert, expiresAt: number, at: number): void {
    for (const route of matchRoutes(this.o.route, alert.labels)) {
      const gl = groupLabels(route.opts, alert.labels);
      const id = groupId(route, gl);
      let g = this.groups.get(id);
      if (!g) {
        const key = groupKey(route, gl);
        g = { id, key, legacyKey: legacyGroupKey(route, gl), route, labels: gl, alerts: new Map(), timer: undefined, dueAt: 0, hasFlushed: false, flushing: undefined };
        this.groups.set(id, g);
      }
      g.alerts.set(alert.fingerprint, { alert, expiresAt });
      if (g.timer === undefined && !g.flushing) {
        // An alert older than group_wait is overdue: flush now rather than add more delay.
        const wait = alert.startsAt + route.opts.groupWait <= at ? 0 : route.opts.groupWait;
        this.schedule(g, g.hasFlushed ? route.opts.groupInterval : wait);
      } else if (!g.hasFlushed && g.timer !== undefined && g.dueAt > at && alert.startsAt + route.opts.groupWait <= at) {
        this.schedule(g, 0);
      }
    }
  }

  /** flushNow flushes every group immediately (used at shutdown and by tests); resolves when queued. */
  async flushNow(): Promise<void> {
    const at = this.o.clock.now();
    await Promise.all([...this.groups.values()].map((g) => this.runFlush(g, at)));
    await this.idle();
  }

  /** idle resolves when no flush is running. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** snapshot lists the groups that hold alerts, and their current alerts. */
  snapshot(): GroupSnapshot[] {
    return [...this.groups.values()].filter((g) => g.alerts.size > 0).map((g) => ({
      key: g.key,
      routeId: g.route.id,
      receiver: g.route.opts.receiver,
      labels: g.labels,
      alerts: [...g.alerts.values()].map((s) => s.alert),
    }));
  }

  /** size is the number of aggregation groups, counting empty ones until the next sweep. */
  get size(): number {
    return this.groups.size;
  }

  /** stop cancels every timer. */
  stop(): void {
    this.stopped = true;
    if (this.sweepTimer !== undefined) this.o.clock.clearTimeout(this.sweepTimer);
    for (const g of this.groups.values()) if (g.timer !== undefined) this.o.clock.clearTimeout(g.timer);
  }

  private schedule(g: AggrGroup, ms: number): void {
    if (this.stopped) return;
    if (g.timer !== undefined) this.o.clock.clearTimeout(g.timer);
    g.dueAt = this.o.clock.now() + ms;
    g.timer = this.o.clock.setTimeout(() => {
      g.timer = undefined;
      void this.runFlush(g, this.o.clock.now());
    }, ms);
  }

  private runFlush(g: AggrGroup, at: number): Promise<void> {
    if (g.flushing) return g.flushing;
    if (g.timer !== undefined) {
      this.o.clock.clearTimeout(g.timer);
      g.timer = undefined;
    }
    // Like Alertmanager, a tick counts as the group's flush even when there is nothing to send.
    g.hasFlushed = true;
    const snapshot = new Map<string, NotifyAlert>();
    for (const [fp, s] of g.alerts) {
      let a = s.alert;
      if (a.status === 'firing' && s.expiresAt <= at) {
        a = { ...a, status: 'resolved', endsAt: s.expiresAt };
        s.alert = a;
      }
      snapshot.set(fp, a);
    }
    const p = (async () => {
      try {
        if (snapshot.size > 0) await this.o.flush({ key: g.key, legacyKey: g.legacyKey, route: g.route, labels: g.labels, alerts: [...snapshot.values()] }, at);
        // Resolved alerts have been handed on; drop them unless they changed while we flushed.
        for (const [fp, a] of snapshot) {
          if (a.status === 'resolved' && g.alerts.get(fp)?.alert === a) g.alerts.delete(fp);
        }
      } catch (err) {
        this.o.onError(err, g.key);
      } finally {
        g.flushing = undefined;
        // The next tick is due one group_interval after this one, not after the flush finished.
        if (this.groups.get(g.id) === g) this.schedule(g, Math.max(0, at + g.route.opts.groupInterval - this.o.clock.now()));
      }
    })();
    g.flushing = p;
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
    return p;
  }
}
