/**
 * finding: what the diagnosis says about a target's memory. Verdict ids are stable (docs/diagnosis.md, "Verdicts and their signals"):
 * routing, templates and JSON output depend on them.
 */

/** Verdict is one of the stable diagnosis ids. */
export type Verdict =
  | 'heap_leak'
  | 'goroutine_leak'
  | 'offheap_leak'
  | 'page_cache'
  | 'runtime_retention'
  | 'fragmentation'
  | 'healthy'
  | 'insufficient_data';

/** VERDICTS lists every verdict id. */
export const VERDICTS: readonly Verdict[] = [
  'heap_leak',
  'goroutine_leak',
  'offheap_leak',
  'page_cache',
  'runtime_retention',
  'fragmentation',
  'healthy',
  'insufficient_data',
];

/** LEAK_VERDICTS are the real leaks; they outrank every look-alike. */
export const LEAK_VERDICTS: ReadonlySet<Verdict> = new Set(['heap_leak', 'goroutine_leak', 'offheap_leak']);

/** Evidence is one named number with its unit and where it came from. */
export interface Evidence {
  readonly name: string;
  readonly value: number;
  /** unit is one of: bytes, bytes/h, ratio, percent, count, count/h, seconds, p-value, … */
  readonly unit: string;
  /** source names the series or expression the value was computed from. */
  readonly source: string;
}

/** Finding is one detector's conclusion. */
export interface Finding {
  readonly verdict: Verdict;
  readonly confidence: number;
  /** window is the analysed time range in ms since epoch. */
  readonly window: { readonly start: number; readonly end: number };
  readonly evidence: readonly Evidence[];
  readonly explanation: string;
  readonly recommendations: readonly string[];
  /** projection: time until the memory limit, when a limit is known and memory grows. */
  readonly projection?: { readonly limitBytes: number; readonly secondsToLimit: number | null };
  /** missing names inputs that were absent and lowered the confidence. */
  readonly missing?: readonly string[];
}

/** Diagnosis is the full result for one target: a primary verdict plus all findings. */
export interface Diagnosis {
  readonly target: string;
  readonly at: number;
  readonly verdict: Verdict;
  readonly confidence: number;
  readonly findings: readonly Finding[];
}
