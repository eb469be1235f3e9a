/**
 * targets: GET /api/v1/targets in Prometheus' shape, plus a `cgroup` object per target (an
 * extension consumers that expect Prometheus' fields simply ignore).
 */
import { formatDuration } from '../model/duration.js';
import type { Labels } from '../model/labels.js';
import type { TargetState } from '../scrape/scrape.js';
import type { Target } from '../scrape/target.js';
import { ok, type Route } from './types.js';

/** CgroupStatus reports the cgroup read for a target. */
export interface CgroupStatus {
  readonly path: string;
  readonly version: 1 | 2 | null;
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
}

/** TargetView is one active target as the scrape manager sees it. */
export interface TargetView {
  readonly target: Target;
  readonly state: TargetState;
  readonly cgroup?: CgroupStatus;
}

/** TargetsSource exposes the current targets read-only. */
export interface TargetsSource {
  active(): readonly TargetView[];
  /** discoveredCgroups lists cgroups found by discovery that belong to no scrape target. */
  discoveredCgroups(): ReadonlyArray<{ readonly labels: Labels; readonly cgroup: CgroupStatus }>;
}

/** targetJSON renders one target like Prometheus does. */
export function targetJSON(v: TargetView): Record<string, unknown> {
  const s = v.state;
  return {
    discoveredLabels: v.target.discoveredLabels,
    labels: v.target.labels,
    scrapePool: v.target.job,
    scrapeUrl: v.target.url,
    globalUrl: v.target.url,
    lastError: s.lastError,
    lastScrape: s.lastScrape ? new Date(s.lastScrape).toISOString() : '0001-01-01T00:00:00Z',
    lastScrapeDuration: s.lastScrapeDurationMs / 1000,
    health: s.health,
    scrapeInterval: formatDuration(v.target.intervalMs),
    scrapeTimeout: formatDuration(v.target.timeoutMs),
    ...(v.cgroup ? { cgroup: v.cgroup } : {}),
  };
}

/** DatasourceView is datasource mode's side of the targets: the API and the Go targets it knows. */
export interface DatasourceView {
  readonly url: string;
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastSync: number;
  readonly lastSyncDurationMs: number;
  readonly lastError: string;
  readonly targets: ReadonlyArray<{ readonly job: string; readonly instance: string; readonly match: Labels }>;
}

/** redactUrl hides a password written into the URL itself, as secrets print everywhere else. */
export function redactUrl(u: string): string {
  try {
    const url = new URL(u);
    if (!url.password) return u;
    url.password = '<secret>';
    return url.href.replace('%3Csecret%3E', '<secret>');
  } catch {
    return u;
  }
}

function datasourceJSON(d: DatasourceView): Record<string, unknown> {
  return {
    url: redactUrl(d.url),
    health: d.health,
    lastSync: d.lastSync ? new Date(d.lastSync).toISOString() : '0001-01-01T00:00:00Z',
    lastSyncDuration: d.lastSyncDurationMs / 1000,
    lastError: d.lastError,
    targets: d.targets.map((t) => ({ labels: { job: t.job, instance: t.instance, ...t.match } })),
  };
}

/**
 * targetsRoutes serves /api/v1/targets with the `state` filter (active, dropped, any). In
 * datasource mode a `datasource` object (another extension) tells where the Go targets come from;
 * with Go discovery on, `goServices` lists each Go process found on this host and how it was found.
 */
export function targetsRoutes(
  src: TargetsSource,
  datasource: () => DatasourceView | undefined = () => undefined,
  goServices: () => readonly unknown[] | undefined = () => undefined,
): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/targets',
      handler: (req) => {
        const state = req.params.get('state') ?? 'any';
        const active = state === 'dropped' ? [] : src.active().map(targetJSON);
        return ok({
          activeTargets: active,
          droppedTargets: [],
          ...(state === 'dropped' ? {} : { cgroups: src.discoveredCgroups() }),
          ...(() => {
            const g = state === 'dropped' ? undefined : goServices();
            return g ? { goServices: g } : {};
          })(),
          ...(() => {
            const d = state === 'dropped' ? undefined : datasource();
            return d ? { datasource: datasourceJSON(d) } : {};
          })(),
        });
      },
    },
  ];
}
