/**
 * apply: joins a pprof report to a diagnosis. The heap lines go on the heap_leak finding and the
 * goroutine lines on the goroutine_leak finding (`where`, and advice that starts at the named
 * function; every message renders `where` in its own section); an off-heap finding is told that the Go heap profile cannot see its memory; profile
 * failures are listed as missing inputs. Recommendations name the instance's real URL, not `HOST`.
 */
import type { Diagnosis, Finding, PprofReport } from '../model/finding.js';

/** withInstanceUrl replaces the `http://HOST` placeholder in a diagnosis' advice with the target's URL. */
export function withInstanceUrl(d: Diagnosis, baseUrl: string | undefined): Diagnosis {
  if (!baseUrl) return d;
  const base = baseUrl.replace(/\/+$/, '');
  const fix = (r: string): string => r.split('http://HOST').join(base);
  return { ...d, findings: d.findings.map((f) => (f.recommendations.some((r) => r.includes('http://HOST')) ? { ...f, recommendations: f.recommendations.map(fix) } : f)) };
}

function enrichFinding(f: Finding, r: PprofReport): Finding {
  const kind = f.verdict === 'heap_leak' ? 'heap' : f.verdict === 'goroutine_leak' ? 'goroutine' : undefined;
  const errors = r.errors.map((e) => `pprof ${e}`);
  if (f.verdict === 'offheap_leak') {
    const heap = r.where.filter((w) => w.kind === 'heap');
    const seen = heap.length ? ` The Go heap profiles show ${heap.map((w) => w.text).join('; ')}; that is Go heap only.` : '';
    return { ...f, explanation: `${f.explanation}${seen} pprof cannot see cgo or mmap memory, so it cannot name this leak's code.`, ...(errors.length ? { missing: [...(f.missing ?? []), ...errors] } : {}) };
  }
  if (!kind) return f;
  const where = r.where.filter((w) => w.kind === kind);
  if (!where.length) return errors.length ? { ...f, missing: [...(f.missing ?? []), ...errors] } : f;
  const top = where[0]!;
  const start =
    kind === 'heap'
      ? `Start at ${top.function} (${top.file}:${top.line}): it ${r.heapProfiles > 1 ? 'gained' : 'holds'} the most in-use heap. Find what keeps its allocations reachable (a map, slice or cache without eviction) on the stack: ${top.frames.slice(0, 4).join(' ← ')}.`
      : `Start at ${top.function} (${top.file}:${top.line}): that is where the growing goroutines wait. Give the wait an exit (context cancel, timeout, closed channel); the goroutines were started from: ${top.frames.slice(1, 4).join(' ← ') || 'their first frame'}.`;
  return {
    ...f,
    recommendations: [start, ...f.recommendations],
    where,
    ...(errors.length ? { missing: [...(f.missing ?? []), ...errors] } : {}),
  };
}

/** applyPprof returns the diagnosis with the report attached and the matching findings enriched. */
export function applyPprof(d: Diagnosis, r: PprofReport, baseUrl?: string): Diagnosis {
  const out: Diagnosis = { ...d, findings: d.findings.map((f) => enrichFinding(f, r)), pprof: r };
  return withInstanceUrl(out, baseUrl);
}
