/**
 * pairing: which container's series belong to which Go target. One rule set, used by `diagnose`
 * on a recording, by `replay` on a recording and by the daemon's datasource mirror, so the same
 * data pairs the same way everywhere.
 *
 * Container series come in two kinds. Our own cgroup reader (and the recorder) writes them with the
 * service's job and instance. cAdvisor's carry the kubelet's job and instance (the node), and name
 * the container with `namespace`, `pod`, `container`, `id` and `name` labels instead; the Go target's
 * series carry some of those too when the scrape config adds them (Kubernetes service discovery does).
 */
import type { Labels } from '../model/labels.js';

/** CONTAINER_LABELS identify a container on its series (cAdvisor's names). */
export const CONTAINER_LABELS: readonly string[] = ['namespace', 'pod', 'container', 'id', 'name'];
// labels that name one container (or pod); namespace alone names many
const NAMING = new Set(['pod', 'container', 'id', 'name']);

/** GoTarget is a Go service and the labels its go_* series carry. */
export interface GoTarget {
  readonly job: string;
  readonly instance: string;
  readonly labels: Labels;
}

/** targetKey is how pairings are keyed. */
export function targetKey(t: { job: string; instance: string }): string {
  return `${t.job}\u0000${t.instance}`;
}

/** isContainerSeries tells the container/cgroup families apart from the Go target's own. */
export function isContainerSeries(name: string): boolean {
  return name.startsWith('container_') || name.startsWith('cgroup_');
}

/**
 * containerIdentity is what tells one container's series from another's: its container labels
 * plus the job and instance they were scraped with. Labels such as `failure_type` or `field` that
 * split one container's metrics into several series are not part of it.
 */
export function containerIdentity(l: Labels): Labels {
  const out: Record<string, string> = {};
  for (const k of ['job', 'instance', ...CONTAINER_LABELS]) if (l[k]) out[k] = l[k]!;
  return out;
}

function key(l: Labels): string {
  return Object.keys(l)
    .sort()
    .map((k) => `${k}=${l[k]}`)
    .join(',');
}

/** sameIdentity tells whether a series' labels belong to the container `id`. */
export function sameIdentity(l: Labels, id: Labels): boolean {
  return key(containerIdentity(l)) === key(id);
}

/**
 * pairContainers pairs each Go target with at most one container identity, by the first rule that
 * decides:
 * 1. own: a container whose series carry the target's own job and instance (the naming contract);
 * 2. labels: with `match` (the datasource's `container_match`), every listed label must be set and
 *    equal on both; without it, every CONTAINER_LABELS label both carry must be equal and at least one
 *    naming label (pod, container, id, name) must be shared. Of several candidates, those naming a
 *    concrete container (not cAdvisor's pod-level `container=""` or the `POD` sandbox) are kept;
 * 3. the only one: one Go target and one container in the whole input pair with each other.
 * A target with several candidates left stays unpaired: guessing would diagnose the wrong container.
 */
export function pairContainers(targets: readonly GoTarget[], containers: readonly Labels[], match?: readonly string[]): Map<string, Labels> {
  const ids = new Map<string, Labels>();
  for (const c of containers) {
    const id = containerIdentity(c);
    ids.set(key(id), id);
  }
  const all = [...ids.values()];
  const out = new Map<string, Labels>();
  for (const t of targets) {
    const own = all.filter((c) => c['job'] === t.job && c['instance'] === t.instance);
    if (own.length >= 1) {
      if (own.length === 1) out.set(targetKey(t), own[0]!);
      continue;
    }
    let cands = all.filter((c) => byLabels(t.labels, c, match));
    if (cands.length > 1) cands = cands.filter((c) => c['container'] !== undefined && c['container'] !== 'POD');
    if (cands.length === 1) out.set(targetKey(t), cands[0]!);
  }
  if (targets.length === 1 && all.length === 1 && !out.has(targetKey(targets[0]!))) out.set(targetKey(targets[0]!), all[0]!);
  return out;
}

function byLabels(target: Labels, c: Labels, match: readonly string[] | undefined): boolean {
  if (match && match.length > 0) return match.every((l) => target[l] && c[l] === target[l]);
  let naming = false;
  for (const l of CONTAINER_LABELS) {
    if (!target[l] || !c[l]) continue;
    if (target[l] !== c[l]) return false;
    if (NAMING.has(l)) naming = true;
  }
  return naming;
}

/** RecordedSeries is one series of a recording (labels with __name__, parallel samples). */
export interface RecordedSeries {
  readonly labels: Labels;
  readonly t: number[];
  readonly v: number[];
}

/** Labelled is anything with labels (a recorded series, a stored one). */
export interface Labelled {
  readonly labels: Labels;
}

/** goTargetsOf lists the Go targets of a set of series (job/instance of go_* series, with their labels). */
export function goTargetsOf(series: readonly Labelled[]): GoTarget[] {
  const out = new Map<string, GoTarget>();
  for (const s of series) {
    if (!s.labels['__name__']?.startsWith('go_')) continue;
    const job = s.labels['job'] ?? '';
    const instance = s.labels['instance'] ?? '';
    const k = targetKey({ job, instance });
    if (!out.has(k)) out.set(k, { job, instance, labels: s.labels });
  }
  return [...out.values()];
}

/**
 * relabelPairedContainers gives each paired container's series its Go target's job and instance (what
 * the detectors select by) and leaves every other series as it is.
 */
export function relabelPairedContainers<S extends Labelled>(series: readonly S[], match?: readonly string[], targets: readonly GoTarget[] = goTargetsOf(series)): S[] {
  const containers = series.filter((s) => isContainerSeries(s.labels['__name__'] ?? '')).map((s) => s.labels);
  const pairs = pairContainers(targets, containers, match);
  const byId = new Map<string, GoTarget>();
  for (const t of targets) {
    const id = pairs.get(targetKey(t));
    if (id) byId.set(key(id), t);
  }
  if (byId.size === 0) return [...series];
  return series.map((s) => {
    if (!isContainerSeries(s.labels['__name__'] ?? '')) return s;
    const t = byId.get(key(containerIdentity(s.labels)));
    return t ? { ...s, labels: { ...s.labels, job: t.job, instance: t.instance } } : s;
  });
}
