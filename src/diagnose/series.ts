/**
 * series: the synthetic series the daemon appends after each diagnosis, so a plain PromQL rule can fire
 * on a verdict (`leaksleuth_diagnosis_verdict{verdict="heap_leak"} > 0.7`) and rule files stay valid
 * Prometheus rule files.
 */
import { LEAK_VERDICTS, VERDICTS, type Diagnosis, type Finding } from '../model/finding.js';
import { labelsKey, type Labels } from '../model/labels.js';

/** DiagnosisSample is one synthetic sample: labels (with __name__) and value. */
export interface DiagnosisSample {
  readonly labels: Labels;
  readonly value: number;
}

function growthOf(f: Finding): number | undefined {
  const slope = f.evidence.find((e) => e.unit === 'bytes/h' && e.name.endsWith('_slope'));
  return slope?.value;
}

/**
 * diagnosisSeries renders a diagnosis as series. Every verdict id gets a verdict sample (confidence of
 * that verdict's finding, 0 when absent) so a verdict that stops being found goes to 0 instead of
 * going stale; `primary="true"` marks the primary one. The `primary` and `verdict` labels change
 * with the verdict, so a change makes other series; `vanishedSeries` says which ones to end.
 */
export function diagnosisSeries(d: Diagnosis, target: Labels, at: number): DiagnosisSample[] {
  void at; // samples are stamped by the caller's append at `at`; kept in the signature for symmetry with other stages
  const out: DiagnosisSample[] = [];
  const base = { job: target['job'] ?? '', instance: target['instance'] ?? '' };
  for (const v of VERDICTS) {
    const f = d.findings.find((x) => x.verdict === v);
    out.push({
      labels: { __name__: 'leaksleuth_diagnosis_verdict', ...base, verdict: v, primary: String(d.verdict === v), leak: String(LEAK_VERDICTS.has(v)) },
      value: f ? f.confidence : 0,
    });
  }
  const primary = d.findings[0];
  const g = primary ? growthOf(primary) : undefined;
  if (g !== undefined) out.push({ labels: { __name__: 'leaksleuth_diagnosis_growth_bytes_per_hour', ...base, verdict: d.verdict }, value: g });
  const proj = d.findings.find((f) => f.projection?.secondsToLimit != null)?.projection;
  if (proj && proj.secondsToLimit != null) {
    out.push({ labels: { __name__: 'leaksleuth_diagnosis_seconds_to_limit', ...base, verdict: d.verdict }, value: proj.secondsToLimit });
  }
  out.push({ labels: { __name__: 'leaksleuth_diagnosis_leak', ...base }, value: LEAK_VERDICTS.has(d.verdict) ? 1 : 0 });
  return out;
}

/**
 * vanishedSeries lists the series written last cycle (`prev`, keyed by labelsKey) that this cycle's
 * samples no longer include: when the primary verdict changes, `{verdict="heap_leak",primary="true"}`
 * becomes `{…,primary="false"}`, and the old series must end with a staleness marker at once, or
 * PromQL's 5-minute lookback keeps it matching and an alert on it outlives the verdict by 5 minutes.
 */
export function vanishedSeries(prev: ReadonlyMap<string, Labels>, now: readonly DiagnosisSample[]): Labels[] {
  const keep = new Set(now.map((s) => labelsKey(s.labels)));
  return [...prev].filter(([k]) => !keep.has(k)).map(([, l]) => l);
}

/** seriesByKey indexes a cycle's samples by labelsKey, the `prev` of the next cycle. */
export function seriesByKey(samples: readonly DiagnosisSample[]): Map<string, Labels> {
  return new Map(samples.map((s) => [labelsKey(s.labels), s.labels]));
}
