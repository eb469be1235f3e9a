/**
 * recording: diagnoses an OpenMetrics file with timestamps (what `scripts/record` writes and what
 * `promtool tsdb create-blocks-from openmetrics` reads). The Go target and its container are paired
 * by pairing.ts, as in `replay` and the daemon; selectors choose when the file is ambiguous.
 */
import { DaemonError, ErrorCode } from '../core/errors.js';
import type { Diagnosis } from '../model/finding.js';
import type { Labels } from '../model/labels.js';
import type { SeriesData } from '../store/store.js';
import { diagnose } from './diagnose.js';
import { readRecording } from '../scrape/exposition/recording.js';
import { parseTimestamped, type TimestampedSeries } from './openmetrics.js';
import type { DiagnoseOptions, SeriesWindow } from './types.js';
import { windowFromSeries } from './window.js';
import { containerIdentity, goTargetsOf, isContainerSeries, pairContainers, relabelPairedContainers, targetKey, type RecordedSeries } from './pairing.js';

/** RecordingSelectors pick the Go target (job, instance) and the container (cgroup id). */
export interface RecordingSelectors {
  readonly job?: string;
  readonly instance?: string;
  readonly cgroup?: string;
}

function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** containerNames are the values a --cgroup selector may name a container by. */
function containerNames(l: Labels): string[] {
  return ['id', 'name', 'container'].map((k) => l[k]).filter((x): x is string => !!x);
}

/**
 * windowFromRecording parses the file and builds the paired window. The container is paired with the
 * Go target by pairing.ts (the same rules `replay` and the daemon's datasource mirror use) unless a
 * selector names it; its series are relabelled with the target's job/instance, so detectors see one
 * target regardless of how the container was named.
 */
export function windowFromRecording(text: string, sel: RecordingSelectors = {}): SeriesWindow {
  const all = parseAny(text);
  // a raw scrape saved without target labels still counts as one target (job and instance empty)
  const goTargets = goTargetsOf(all);
  const targets = goTargets.filter((t) => (sel.job === undefined || t.job === sel.job) && (sel.instance === undefined || t.instance === sel.instance));
  if (targets.length !== 1) {
    throw new DaemonError(
      ErrorCode.DIAGNOSE_INPUT,
      targets.length === 0
        ? 'recording holds no Go target matching the selectors (need go_* series with job and instance labels)'
        : `recording holds ${targets.length} Go targets (${targets.map((t) => `${t.job}/${t.instance}`).join(', ')}); choose one with --job/--instance`,
    );
  }
  const { job, instance } = targets[0]!;
  const containers = all.filter((s) => isContainerSeries(s.labels['__name__']!));
  const names = distinct(containers.flatMap((s) => containerNames(s.labels).slice(0, 1)));
  let series: RecordedSeries[];
  if (sel.cgroup !== undefined) {
    const wanted = sel.cgroup;
    if (!containers.some((s) => containerNames(s.labels).includes(wanted))) {
      throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, `cgroup ${wanted} is not in the recording (have: ${names.join(', ') || 'none'})`);
    }
    series = all.map((s) => (isContainerSeries(s.labels['__name__']!) && containerNames(s.labels).includes(wanted) ? { ...s, labels: { ...s.labels, job, instance } } : s));
  } else {
    const paired = pairContainers(goTargets, containers.map((s) => s.labels));
    if (!paired.has(targetKey({ job, instance })) && new Set(containers.map((s) => JSON.stringify(containerIdentity(s.labels)))).size > 1) {
      throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, `recording holds ${names.length} cgroups (${names.join(', ')}); choose one with --cgroup`);
    }
    series = relabelPairedContainers(all, undefined, goTargets);
  }
  const picked: SeriesData[] = [];
  let start = Infinity;
  let end = -Infinity;
  for (const s of series) {
    if ((s.labels['job'] ?? '') !== job || (s.labels['instance'] ?? '') !== instance) continue;
    picked.push({ labels: s.labels, t: s.t, v: s.v });
    if (s.t.length) {
      start = Math.min(start, s.t[0]!);
      end = Math.max(end, s.t[s.t.length - 1]!);
    }
  }
  if (!Number.isFinite(start)) throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, 'recording holds no samples with timestamps');
  return windowFromSeries(picked, { job, instance }, start, end);
}

/**
 * parseAny reads strict OpenMetrics with the shared exposition reader; files it rejects (Prometheus
 * text with millisecond timestamps, no `# EOF`) get a second chance with the lenient reader here. When
 * both fail, the strict reader's positioned error is the one reported.
 */
function parseAny(text: string): TimestampedSeries[] {
  try {
    return readRecording(text);
  } catch (strict) {
    try {
      return parseTimestamped(text);
    } catch {
      throw strict;
    }
  }
}

/** runDiagnoseRecording diagnoses a whole recording at its last timestamp. */
export function runDiagnoseRecording(text: string, sel: RecordingSelectors = {}, opts: DiagnoseOptions = {}): Diagnosis {
  const w = windowFromRecording(text, sel);
  return diagnose(w, opts, w.end);
}
