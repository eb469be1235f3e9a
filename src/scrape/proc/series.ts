/**
 * series: per-process memory series (docs/series.md), labelled with the owning target's labels.
 * They split RSS into anon/file/shmem and expose MADV_FREE'd memory (LazyFree), which is what tells
 * "RSS stays high after a spike" (runtime retention) apart from a leak.
 */
import { METRIC_NAME, type Labels } from '../../model/labels.js';
import type { LabeledValue } from '../cgroup/series.js';
import type { ProcMemory } from './read.js';

/** PROC_METRIC_NAMES lists every metric name procSeries can emit. */
export const PROC_METRIC_NAMES = [
  'process_rss_anon_bytes',
  'process_rss_file_bytes',
  'process_rss_shmem_bytes',
  'process_lazyfree_bytes',
  'process_anon_huge_bytes',
] as const;

/** procSeries maps a snapshot to series; a field the kernel did not report yields no series. */
export function procSeries(snapshot: ProcMemory, baseLabels: Labels): LabeledValue[] {
  const out: LabeledValue[] = [];
  const add = (name: string, v: number | undefined) => {
    if (v !== undefined) out.push({ labels: { ...baseLabels, [METRIC_NAME]: name }, value: v });
  };
  add('process_rss_anon_bytes', snapshot.status['RssAnon']);
  add('process_rss_file_bytes', snapshot.status['RssFile']);
  add('process_rss_shmem_bytes', snapshot.status['RssShmem']);
  add('process_lazyfree_bytes', snapshot.rollup?.['LazyFree']);
  add('process_anon_huge_bytes', snapshot.rollup?.['AnonHugePages']);
  return out;
}
