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
  /** where names the code pprof blamed for this finding's growth (heap_leak, goroutine_leak). */
  readonly where?: readonly Where[];
}

/**
 * Where is one place in the code that a pprof profile blames, with the numbers that blame it:
 * a function whose in-use heap grew (kind heap) or a stack whose goroutine count grew (kind goroutine).
 */
export interface Where {
  readonly kind: 'heap' | 'goroutine';
  readonly function: string;
  readonly file: string;
  readonly line: number;
  /** text is the one-line human form used in every message. */
  readonly text: string;
  /** frames are the top frames of the blamed stack, leaf first, as `function file:line`. */
  readonly frames: readonly string[];
  /** heap: in-use bytes gained from the oldest to the newest profile (or held, with one profile). */
  readonly bytes?: number;
  /** heap: the share of all growth (0–1). */
  readonly share?: number;
  /** goroutine: goroutines with this stack in the newest dump, and how many more than in the oldest. */
  readonly count?: number;
  readonly delta?: number;
  /** goroutine: delta per second, when the dumps' times are known. */
  readonly perSecond?: number;
  /** since is the time of the oldest profile compared (ms since epoch), when known. */
  readonly since?: number;
}

/** PprofReport is what the pprof enrichment found for a target, or why it could not. */
export interface PprofReport {
  readonly heapProfiles: number;
  readonly goroutineProfiles: number;
  readonly where: readonly Where[];
  /** cumulative ranks functions by the growth of everything they call (heap only). */
  readonly cumulative: ReadonlyArray<{ readonly function: string; readonly file: string; readonly line: number; readonly bytes: number; readonly share: number }>;
  /** errors say why a profile could not be had (404: net/http/pprof not registered, timeout, 401, …). */
  readonly errors: readonly string[];
}

/** Diagnosis is the full result for one target: a primary verdict plus all findings. */
export interface Diagnosis {
  readonly target: string;
  readonly at: number;
  readonly verdict: Verdict;
  readonly confidence: number;
  readonly findings: readonly Finding[];
  /** pprof is present when profiles were fetched or given (daemon with diagnosis.pprof, CLI flags). */
  readonly pprof?: PprofReport;
}
