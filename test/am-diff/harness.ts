/**
 * harness: plays the same alert stream into real Alertmanager (POST /api/v2/alerts, the body our
 * forwarder builds) and into leaksleuth's notify pipeline (createNotifier on the system clock),
 * with one combined routing config: every scenario owns the subtree under `scenario="<name>"`,
 * its own receivers (webhooks to a loopback sink, `/am/…` for Alertmanager, `/ls/…` for us), its
 * inhibit rules and silences. All scenarios run at once, so the whole run takes one scenario's time.
 */
import { Registry } from 'prom-client';
import { dump } from 'js-yaml';
import { systemClock } from '../../src/core/clock.js';
import { nopLogger } from '../../src/core/log.js';
import type { Alert } from '../../src/model/alert.js';
import type { RawInhibitRule, RawNotifyConfig, RawReceiver, RawRoute } from '../../src/notify/config.js';
import { createNotifier, type Notifier } from '../../src/notify/index.js';
import { toPostable } from '../../src/notify/receivers/alertmanager.js';
import { goTime } from '../../src/notify/receivers/webhook.js';
import { postJson, startAlertmanager, type Received, type RunningAlertmanager } from './alertmanager.js';

/** AlertSpec is one alert of a step; `scenario` and a default alertname are added. */
export interface AlertSpec {
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
  /** resolved sends the alert as resolved (endsAt = now). */
  readonly resolved?: boolean;
  /** startsAt is an offset from the scenario start; default: when the alert (re)starts firing. */
  readonly startsAt?: number;
  /** validFor sets endsAt = now + validFor while firing (default 1h). */
  readonly validFor?: number;
}

/** Scenario is one independent case of the run. */
export interface Scenario {
  readonly name: string;
  readonly why: string;
  /** route is the scenario's subtree; receivers are named without the scenario prefix. */
  readonly route: RawRoute;
  readonly receivers: ReadonlyArray<{ readonly name: string; readonly send_resolved?: boolean; readonly max_alerts?: number }>;
  readonly inhibit?: readonly RawInhibitRule[];
  readonly silences?: ReadonlyArray<{ readonly matchers: Record<string, string>; readonly from: number; readonly to: number }>;
  readonly steps: ReadonlyArray<{ readonly at: number; readonly alerts: readonly AlertSpec[] }>;
}

/**
 * TIMERS are the defaults of every scenario route. repeat_interval is long by default so that not
 * every group of the run repeats at the same instant (scenarios about repeats set 5s, which puts the
 * repeat on the 7s tick, clear of the 6s boundary).
 */
export const TIMERS = { group_wait: '1s', group_interval: '2s', repeat_interval: '1h' } as const;

/** STAGGER_MS shifts scenario i by (i mod 4) × STAGGER_MS, so their ticks do not all coincide. */
export const STAGGER_MS = 250;

/** scenarioStart is when scenario `i` begins, given the run's start. */
export function scenarioStart(start: number, i: number): number {
  return start + (i % 4) * STAGGER_MS;
}

function prefixRoute(s: Scenario, r: RawRoute): RawRoute {
  return {
    ...r,
    ...(r.receiver ? { receiver: `${s.name}-${r.receiver}` } : {}),
    ...(r.routes ? { routes: r.routes.map((c) => prefixRoute(s, c)) } : {}),
  };
}

/** buildConfigs returns the Alertmanager YAML and our raw config for the same scenarios. */
export function buildConfigs(scenarios: readonly Scenario[], sinkPort: number): { am: string; ours: RawNotifyConfig } {
  const routes: RawRoute[] = scenarios.map((s) => ({ ...TIMERS, ...prefixRoute(s, s.route), matchers: [`scenario="${s.name}"`, ...(s.route.matchers ?? [])] }));
  const receivers = (side: 'am' | 'ls'): RawReceiver[] => [
    { name: 'blackhole' },
    ...scenarios.flatMap((s) =>
      s.receivers.map((r) => ({
        name: `${s.name}-${r.name}`,
        webhook_configs: [
          { url: `http://127.0.0.1:${sinkPort}/${side}/${s.name}/${r.name}`, send_resolved: r.send_resolved ?? true, ...(r.max_alerts ? { max_alerts: r.max_alerts } : {}) },
        ],
      })),
    ),
  ];
  const inhibit: RawInhibitRule[] = scenarios.flatMap((s) =>
    (s.inhibit ?? []).map((i) => ({
      ...i,
      source_matchers: [`scenario="${s.name}"`, ...(i.source_matchers ?? [])],
      target_matchers: [`scenario="${s.name}"`, ...(i.target_matchers ?? [])],
    })),
  );
  const route: RawRoute = { receiver: 'blackhole', group_by: ['alertname'], ...TIMERS, routes };
  const amCfg = { route, receivers: receivers('am'), inhibit_rules: inhibit };
  return { am: dump(amCfg, { lineWidth: -1 }), ours: { route, receivers: receivers('ls'), inhibit_rules: inhibit } };
}

/** Delivery is one webhook message, reduced to what both sides must agree on. */
export interface Delivery {
  readonly side: 'am' | 'ls';
  readonly receiver: string;
  /** t is ms after the scenario start. */
  readonly t: number;
  readonly content: string;
}

/** canonical sorts object keys, so JSON field order (Go sorts map keys, JS keeps insertion order) never matters. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  return v;
}

/** normalize keeps the fields both must agree on (externalURL differs by design). */
export function normalize(r: Received, start: number): Delivery {
  const [, side, , receiver] = r.path.split('/');
  const b = r.body as { alerts: Array<Record<string, unknown>> } & Record<string, unknown>;
  const content = JSON.stringify(canonical({
    receiver: b['receiver'],
    status: b['status'],
    groupKey: b['groupKey'],
    groupLabels: b['groupLabels'],
    commonLabels: b['commonLabels'],
    commonAnnotations: b['commonAnnotations'],
    truncatedAlerts: b['truncatedAlerts'],
    version: b['version'],
    alerts: b.alerts.map((a) => ({ status: a['status'], labels: a['labels'], annotations: a['annotations'], startsAt: a['startsAt'], endsAt: a['endsAt'], fingerprint: a['fingerprint'] })),
  }));
  return { side: side as 'am' | 'ls', receiver: receiver ?? '', t: r.at - start, content };
}

/** runAll plays every scenario into both systems at once and resolves after `durationMs`. */
export async function runAll(
  scenarios: readonly Scenario[],
  am: RunningAlertmanager,
  notifier: Notifier,
  start: number,
  durationMs: number,
): Promise<void> {
  const errors: unknown[] = [];
  const run0 = start;
  const tasks = scenarios.map(async (s, i) => {
    const start = scenarioStart(run0, i);
    for (const sil of s.silences ?? []) {
      const matchers = Object.entries({ scenario: s.name, ...sil.matchers }).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
      const body = { matchers, startsAt: goTime(start + sil.from), endsAt: goTime(start + sil.to), createdBy: 'am-diff', comment: s.name };
      await postJson(`${am.url}/api/v2/silences`, body);
      notifier.silences.create(body, Date.now());
    }
    const firstFired = new Map<string, number>();
    for (const step of s.steps) {
      const wait = start + step.at - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const now = Date.now();
      const alerts: Alert[] = step.alerts.map((spec) => {
        const labels = { alertname: 'A', ...spec.labels, scenario: s.name };
        const key = JSON.stringify(Object.entries(labels).sort());
        const startsAt = spec.startsAt !== undefined ? start + spec.startsAt : (firstFired.get(key) ?? now);
        if (spec.resolved) firstFired.delete(key);
        else firstFired.set(key, startsAt);
        return {
          labels,
          annotations: spec.annotations ?? {},
          state: spec.resolved ? 'inactive' : 'firing',
          value: 1,
          activeAt: startsAt,
          firedAt: startsAt,
          resolvedAt: spec.resolved ? now : 0,
          lastSentAt: now,
          keepFiringSince: 0,
          validUntil: spec.resolved ? 0 : now + (spec.validFor ?? 3600_000),
        };
      });
      await Promise.all([postJson(`${am.url}/api/v2/alerts`, alerts.map((a) => toPostable(a, now, 60_000))), notifier.send(alerts, now)]);
    }
  });
  for (const r of await Promise.allSettled(tasks)) if (r.status === 'rejected') errors.push(r.reason);
  if (errors.length > 0) throw new AggregateError(errors, 'scenario driver failed');
  const rest = scenarioStart(run0, 3) + durationMs - Date.now();
  if (rest > 0) await new Promise((r) => setTimeout(r, rest));
}

/** startBoth starts Alertmanager and our notifier over the same scenarios. */
export async function startBoth(dir: string, scenarios: readonly Scenario[], sinkPort: number): Promise<{ am: RunningAlertmanager; notifier: Notifier }> {
  const { am: amYaml, ours } = buildConfigs(scenarios, sinkPort);
  const am = await startAlertmanager(dir, amYaml);
  const notifier = createNotifier(ours, { dataDir: `${dir}/ls-data`, clock: systemClock, log: nopLogger, registry: new Registry() });
  return { am, notifier };
}

/**
 * matchDeliveries pairs each Alertmanager delivery with one of ours that has the same content and
 * arrived within `tolMs`, per receiver; returns what stays unpaired on either side.
 */
export function matchDeliveries(all: readonly Delivery[], tolMs: number): { onlyAm: Delivery[]; onlyOurs: Delivery[]; paired: number } {
  const am = all.filter((d) => d.side === 'am').sort((a, b) => a.t - b.t);
  const ours = all.filter((d) => d.side === 'ls').sort((a, b) => a.t - b.t);
  const used = new Set<Delivery>();
  const onlyAm: Delivery[] = [];
  for (const a of am) {
    const m = ours.find((o) => !used.has(o) && o.receiver === a.receiver && o.content === a.content && Math.abs(o.t - a.t) <= tolMs);
    if (m) used.add(m);
    else onlyAm.push(a);
  }
  return { onlyAm, onlyOurs: ours.filter((o) => !used.has(o)), paired: used.size };
}
