/**
 * report: the human report (text with sparklines) and the stable JSON form of a diagnosis
 * (schema in docs/diagnosis.md; bump `schema` when a field changes meaning).
 */
import { LEAK_VERDICTS, type Diagnosis, type Evidence, type PprofReport, type Where } from '../model/finding.js';
import { bytes, duration } from './go-memory/format.js';
import { sparkline } from './sparkline.js';
import type { SeriesWindow } from './types.js';
import { one } from './window.js';

/** REPORT_SCHEMA is the version of the JSON form. */
export const REPORT_SCHEMA = 1;

/** DiagnosisJson is the stable machine form. */
export interface DiagnosisJson {
  readonly schema: number;
  readonly verdict: string;
  readonly confidence: number;
  readonly leak: boolean;
  readonly target: string;
  readonly at: string;
  readonly window: { readonly start: string; readonly end: string };
  readonly findings: ReadonlyArray<{
    readonly verdict: string;
    readonly confidence: number;
    readonly window: { readonly start: string; readonly end: string };
    readonly evidence: readonly Evidence[];
    readonly explanation: string;
    readonly recommendations: readonly string[];
    readonly projection: { readonly limitBytes: number; readonly secondsToLimit: number | null } | null;
    readonly missing: readonly string[];
    readonly where: readonly Where[];
  }>;
  /** pprof: the profile analysis, or null when no profiles were fetched or given. */
  readonly pprof: PprofReport | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const round = (x: number): number => Math.round(x * 1000) / 1000;

/** toJson converts a diagnosis to the documented JSON form (times as RFC 3339). */
export function toJson(d: Diagnosis): DiagnosisJson {
  const starts = d.findings.map((f) => f.window.start);
  const ends = d.findings.map((f) => f.window.end);
  return {
    schema: REPORT_SCHEMA,
    verdict: d.verdict,
    confidence: round(d.confidence),
    leak: LEAK_VERDICTS.has(d.verdict),
    target: d.target,
    at: iso(d.at),
    window: { start: iso(starts.length ? Math.min(...starts) : d.at), end: iso(ends.length ? Math.max(...ends) : d.at) },
    findings: d.findings.map((f) => ({
      verdict: f.verdict,
      confidence: round(f.confidence),
      window: { start: iso(f.window.start), end: iso(f.window.end) },
      evidence: f.evidence,
      explanation: f.explanation,
      recommendations: f.recommendations,
      projection: f.projection ?? null,
      missing: f.missing ?? [],
      where: f.where ?? [],
    })),
    pprof: d.pprof ?? null,
  };
}

function fmtEvidence(e: Evidence): string {
  const v =
    e.unit === 'bytes' ? bytes(e.value) : e.unit === 'bytes/h' ? `${bytes(e.value)}/h` : e.unit === 'seconds' ? duration(e.value) : e.unit === 'p-value' ? e.value.toExponential(1) : e.unit === 'ratio' ? e.value.toFixed(2) : `${Math.round(e.value * 100) / 100} ${e.unit}`;
  return `    ${e.name.padEnd(28)} ${v.padEnd(14)} ${e.source}`;
}

const CHARTS: ReadonlyArray<[string, string]> = [
  ['container_memory_usage_bytes', 'usage'],
  ['container_memory_working_set_bytes', 'working set'],
  ['container_memory_rss', 'anon/rss'],
  ['container_memory_cache', 'file cache'],
  ['process_resident_memory_bytes', 'process RSS'],
  ['go_memstats_heap_alloc_bytes', 'heap alloc'],
  ['go_memstats_heap_released_bytes', 'heap released'],
  ['go_goroutines', 'goroutines'],
];

/** renderText produces the human report; with a window it adds one sparkline per key series. */
export function renderText(d: Diagnosis, window?: SeriesWindow): string {
  const lines: string[] = [];
  const tag = LEAK_VERDICTS.has(d.verdict) ? 'LEAK' : d.verdict === 'healthy' ? 'OK' : d.verdict === 'insufficient_data' ? '??' : 'NOT A LEAK';
  lines.push(`${d.target}: ${d.verdict} (${tag}, confidence ${Math.round(d.confidence * 100)} %) at ${iso(d.at)}`);
  if (window) {
    for (const [name, label] of CHARTS) {
      const s = one(window, name);
      if (!s || s.v.length < 2) continue;
      const fin = s.v.filter((x) => Number.isFinite(x));
      const fmt = name === 'go_goroutines' ? (x: number) => String(Math.round(x)) : bytes;
      lines.push(`  ${label.padEnd(14)} ${sparkline(s.v, 48)}  ${fmt(Math.min(...fin))} → ${fmt(fin[fin.length - 1]!)} (max ${fmt(Math.max(...fin))})`);
    }
  }
  for (const f of d.findings) {
    lines.push('', `• ${f.verdict} — confidence ${Math.round(f.confidence * 100)} %`, `  ${f.explanation}`);
    if (f.projection) {
      lines.push(`  projection: limit ${bytes(f.projection.limitBytes)}, ${f.projection.secondsToLimit == null ? 'not approaching it' : `reached in ~${duration(f.projection.secondsToLimit)}`}`);
    }
    lines.push('  evidence:', ...f.evidence.map(fmtEvidence));
    if (f.recommendations.length) lines.push('  what to do:', ...f.recommendations.map((r) => `    - ${r}`));
    if (f.where?.length) lines.push('  where (pprof):', ...f.where.map((w) => `    - ${w.text}`));
    if (f.missing?.length) lines.push(`  missing: ${f.missing.join('; ')}`);
  }
  if (d.pprof) lines.push('', ...pprofText(d.pprof));
  return lines.join('\n') + '\n';
}

/** pprofText lists every place the profiles blame, the cumulative ranking and the fetch failures. */
function pprofText(p: PprofReport): string[] {
  const out = [`pprof (${p.heapProfiles} heap profile(s), ${p.goroutineProfiles} goroutine profile(s)):`];
  for (const w of p.where) {
    out.push(`  - ${w.text}`);
    for (const f of w.frames.slice(0, 5)) out.push(`      ${f}`);
  }
  if (p.cumulative.length) out.push('  cumulative growth (function and everything it calls):', ...p.cumulative.map((c) => `    ${bytes(c.bytes).padStart(9)}  ${Math.round(c.share * 100)} %  ${c.function}`));
  if (!p.where.length && !p.errors.length) out.push('  no growing allocation site or goroutine stack in the profiles');
  for (const e of p.errors) out.push(`  ! ${e}`);
  return out;
}

/** exitCodeFor is the CLI policy: 0 healthy or look-alike, 2 leak (errors are 1, set by the CLI). */
export function exitCodeFor(d: Diagnosis): 0 | 2 {
  return LEAK_VERDICTS.has(d.verdict) ? 2 : 0;
}
