/**
 * series: the synthetic series the daemon appends after each diagnosis, so a plain PromQL rule can fire
 * on a verdict (`leaksleuth_diagnosis_verdict{verdict="heap_leak"} > 0.7`) and rule files stay valid
 * Prometheus rule files.
 */
import { LEAK_VERDICTS, VERDICTS, type Diagnosis, type Finding } from '../model/finding.js';
import type { Labels } from '../model/labels.js';

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
 * going stale; `primary="true"` marks the primary one.
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
