/**
 * recording: the output series of a recording rule — each result sample renamed to the rule's
 * name with group and rule labels applied. Two results with one label set fail the evaluation,
 * as in Prometheus, because the store could not tell them apart.
 */
import { DaemonError, ErrorCode } from '../core/errors.js';
import { labelsKey, type Labels } from '../model/labels.js';
import type { RecordingRuleDef, VectorSample } from './types.js';

/** recordingOutput computes the series a recording rule writes, enforcing the group `limit`. */
export function recordingOutput(
  rule: RecordingRuleDef,
  groupLabels: Labels,
  samples: readonly VectorSample[],
  limit: number,
): VectorSample[] {
  const seen = new Set<string>();
  const out: VectorSample[] = [];
  for (const s of samples) {
    const labels: Record<string, string> = { ...s.labels, ...groupLabels, ...rule.labels, __name__: rule.name };
    for (const k of Object.keys(labels)) if (labels[k] === '') delete labels[k];
    const key = labelsKey(labels);
    if (seen.has(key)) {
      throw new DaemonError(ErrorCode.PROMQL_EVAL, 'vector contains metrics with the same labelset after applying rule labels');
    }
    seen.add(key);
    out.push({ labels, v: s.v });
  }
  if (limit > 0 && out.length > limit) {
    throw new DaemonError(ErrorCode.PROMQL_EVAL, `exceeded limit of ${limit} with ${out.length} series`);
  }
  return out;
}
