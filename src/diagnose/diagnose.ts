/**
 * diagnose: runs the detectors over a window and picks the primary verdict. A real leak outranks a
 * look-alike; look-alikes outrank healthy; insufficient_data stands alone.
 */
import { LEAK_VERDICTS, type Diagnosis, type Finding } from '../model/finding.js';
import { labelsKey } from '../model/labels.js';
import type { SeriesStore } from '../store/store.js';
import { buildContext } from './go-memory/context.js';
import { detectInsufficientData } from './go-memory/insufficient-data.js';
import { DETECTORS } from './registry.js';
import type { DiagnoseOptions, Detector, SeriesWindow } from './types.js';
import { increase } from './stats/segments.js';
import { one, windowFromStore, type TargetLabels } from './window.js';

/** DEFAULT_WINDOW_MS is how far back diagnoseTarget looks when the rule does not say (6 h). */
export const DEFAULT_WINDOW_MS = 6 * 3_600_000;

function rank(f: Finding): number {
  if (LEAK_VERDICTS.has(f.verdict)) return 3;
  if (f.verdict === 'healthy') return 1;
  if (f.verdict === 'insufficient_data') return 0;
  return 2;
}

/** targetName renders a target for reports: `job/instance` when both are known. */
export function targetName(target: Readonly<Record<string, string>>): string {
  if (target['job'] && target['instance']) return `${target['job']}/${target['instance']}`;
  return labelsKey(target);
}

/** diagnose analyses one window at evaluation time `at`; it never throws on missing or malformed series. */
export function diagnose(window: SeriesWindow, opts: DiagnoseOptions = {}, at: number = window.end, detectors: readonly Detector[] = DETECTORS): Diagnosis {
  const ctx = buildContext(window, opts);
  const target = targetName(window.target);
  const insufficient = detectInsufficientData(ctx);
  if (insufficient.length) return { target, at, verdict: 'insufficient_data', confidence: insufficient[0]!.confidence, findings: insufficient };
  let findings: Finding[] = [];
  for (const d of detectors) findings.push(...d.detect(ctx));
  // healthy is the answer only when nothing else was found
  if (findings.some((f) => f.verdict !== 'healthy')) findings = findings.filter((f) => f.verdict !== 'healthy');
  if (findings.length === 0) {
    findings = [
      {
        verdict: 'insufficient_data',
        confidence: 0.5,
        window: { start: ctx.start, end: ctx.end },
        evidence: [],
        explanation: 'No detector could evaluate this target: the Go heap and usage series are missing.',
        recommendations: ['Expose client_golang metrics and the cgroup memory series for this target.'],
        missing: ctx.missing,
      },
    ];
  }
  findings.sort((a, b) => rank(b) - rank(a) || b.confidence - a.confidence);
  findings = reconcile(findings);
  findings = withRestartNote(findings, window, ctx.segment.restarts);
  const primary = findings[0]!;
  return { target, at, verdict: primary.verdict, confidence: primary.confidence, findings };
}

/**
 * reconcile makes secondary findings read as part of one story with the primary. A look-alike found
 * beside a leak (a backup's page cache beside a heap leak) says its own memory is not a leak; read
 * alone, that would seem to contradict the primary, so it says which growth it does and does not cover.
 */
function reconcile(findings: Finding[]): Finding[] {
  const primary = findings[0];
  if (!primary || !LEAK_VERDICTS.has(primary.verdict)) return findings;
  const basis = (primary.evidence[0]?.source ?? 'its own series').replace(/^.*bucket minima of /, '');
  return findings.map((f, i) =>
    i === 0 || LEAK_VERDICTS.has(f.verdict)
      ? f
      : {
          ...f,
          explanation:
            `${f.explanation} This comes on top of the ${primary.verdict} above and does not explain it: ` +
            `the ${primary.verdict} rests on ${basis}, which this memory does not count.`,
        },
  );
}

/**
 * withRestartNote tells, on the primary finding, that the process restarted and how many OOM kills the
 * cgroup saw in the window: a restart sawtooth is itself evidence (the limit was hit), and it explains
 * why the analysed range may be the run before the restart.
 */
function withRestartNote(findings: Finding[], w: SeriesWindow, restarts: number): Finding[] {
  const oomSeries = one(w, 'container_oom_events_total');
  const ooms = oomSeries ? increase(oomSeries.v) : 0;
  if (restarts === 0 && ooms === 0) return findings;
  const [first, ...rest] = findings;
  const note = ` In this window the process restarted ${restarts} time(s) and the cgroup recorded ${ooms} OOM kill(s).`;
  return [
    {
      ...first!,
      explanation: first!.explanation + note,
      evidence: [
        ...first!.evidence,
        { name: 'restarts', value: restarts, unit: 'count', source: 'changes of process_start_time_seconds' },
        { name: 'oom_kills', value: ooms, unit: 'count', source: 'increase of container_oom_events_total' },
      ],
    },
    ...rest,
  ];
}

/** DiagnoseTargetOptions add the look-back window to the analysis options. */
export interface DiagnoseTargetOptions extends DiagnoseOptions {
  /** windowMs is the look-back from `at` (default 6 h). */
  readonly windowMs?: number;
}

/** diagnoseTarget reads a target's series from the store and diagnoses [at − window, at]. */
export function diagnoseTarget(store: SeriesStore, target: TargetLabels, at: number, opts: DiagnoseTargetOptions = {}): Diagnosis {
  const w = windowFromStore(store, target, at - (opts.windowMs ?? DEFAULT_WINDOW_MS), at);
  return diagnose(w, opts, at);
}
