/**
 * recording: diagnoses an OpenMetrics file with timestamps (what `scripts/record` writes and what
 * `promtool tsdb create-blocks-from openmetrics` reads). One Go target and one container are paired
 * automatically when the file holds exactly one of each; otherwise selectors choose.
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

/** RecordingSelectors pick the Go target (job, instance) and the container (cgroup id). */
export interface RecordingSelectors {
  readonly job?: string;
  readonly instance?: string;
  readonly cgroup?: string;
}

function isGo(name: string): boolean {
  return name.startsWith('go_') || name.startsWith('process_');
}
function isCgroup(name: string): boolean {
  return name.startsWith('container_') || name.startsWith('cgroup_');
}

function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/**
 * windowFromRecording parses the file and builds the paired window. Cgroup series are relabelled with
 * the target's job/instance, so detectors see one target regardless of how the container was named.
 */
export function windowFromRecording(text: string, sel: RecordingSelectors = {}): SeriesWindow {
  const all = parseAny(text);
  // a raw scrape saved without target labels still counts as one target (job and instance empty)
  const goSeries = all.filter((s) => isGo(s.labels['__name__']!));
  const targets = distinct(goSeries.filter((s) => s.labels['__name__']!.startsWith('go_')).map((s) => `${s.labels['job'] ?? ''}\u0000${s.labels['instance'] ?? ''}`))
    .map((k) => k.split('\u0000') as [string, string])
    .filter(([j, i]) => (sel.job === undefined || j === sel.job) && (sel.instance === undefined || i === sel.instance));
  if (targets.length !== 1) {
    throw new DaemonError(
      ErrorCode.DIAGNOSE_INPUT,
      targets.length === 0
        ? 'recording holds no Go target matching the selectors (need go_* series with job and instance labels)'
        : `recording holds ${targets.length} Go targets (${targets.map((t) => t.join('/')).join(', ')}); choose one with --job/--instance`,
    );
  }
  const [job, instance] = targets[0]!;
  const ids = distinct(all.filter((s) => isCgroup(s.labels['__name__']!) && s.labels['id'] !== undefined).map((s) => s.labels['id']!));
  let cgroupId: string | undefined = sel.cgroup;
  if (cgroupId === undefined) {
    // prefer the cgroup that carries the target's own labels (naming contract), else the only one
    const own = distinct(all.filter((s) => isCgroup(s.labels['__name__']!) && s.labels['job'] === job && s.labels['instance'] === instance && s.labels['id'] !== undefined).map((s) => s.labels['id']!));
    if (own.length === 1) cgroupId = own[0];
    else if (ids.length === 1) cgroupId = ids[0];
    else if (ids.length > 1) {
      throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, `recording holds ${ids.length} cgroups (${ids.join(', ')}); choose one with --cgroup`);
    }
  } else if (!ids.includes(cgroupId)) {
    throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, `cgroup ${cgroupId} is not in the recording (have: ${ids.join(', ') || 'none'})`);
  }
  const picked: SeriesData[] = [];
  let start = Infinity;
  let end = -Infinity;
  for (const s of all) {
    const name = s.labels['__name__']!;
    let keep: boolean;
    let labels: Labels = s.labels;
    if (isCgroup(name)) {
      keep = cgroupId !== undefined && s.labels['id'] === cgroupId;
      if (keep) labels = { ...s.labels, job, instance };
    } else keep = (s.labels['job'] ?? '') === job && (s.labels['instance'] ?? '') === instance;
    if (!keep) continue;
    picked.push({ labels, t: s.t, v: s.v });
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
