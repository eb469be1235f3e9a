/**
 * heap-profile: decodes a gzipped pprof heap profile (`/debug/pprof/heap`) into samples keyed by
 * symbolized stacks, and diffs two profiles to rank the call sites whose in-use bytes grow — the
 * confirmation of a heap leak (field numbers from google/pprof proto/profile.proto).
 */
import { gunzipSync } from 'node:zlib';
import { DaemonError, ErrorCode } from '../core/errors.js';
import { fields, varints } from './protobuf.js';

/** HeapSample is one stack's values, indexed like `sampleTypes`. */
export interface HeapSample {
  /** stack lists `function file:line` frames, leaf first. */
  readonly stack: readonly string[];
  readonly values: readonly number[];
}

/** HeapProfile is a decoded profile. */
export interface HeapProfile {
  readonly sampleTypes: readonly string[];
  readonly samples: readonly HeapSample[];
  readonly timeNanos: number;
}

const text = new TextDecoder();

/** parseHeapProfile decodes a (gzipped or raw) profile.proto message. */
export function parseHeapProfile(data: Uint8Array): HeapProfile {
  let raw = data;
  if (raw.length > 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      raw = gunzipSync(raw);
    } catch (err) {
      throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, 'heap profile: bad gzip data', { cause: err });
    }
  }
  const strings: string[] = [];
  const typeIdx: number[] = [];
  const rawSamples: Array<{ locs: number[]; values: number[] }> = [];
  const locations = new Map<number, Array<{ fn: number; line: number }>>();
  const functions = new Map<number, { name: number; file: number }>();
  let timeNanos = 0;
  for (const f of fields(raw)) {
    if (f.no === 6 && f.bytes) strings.push(text.decode(f.bytes));
    else if (f.no === 1 && f.bytes) {
      const t = fields(f.bytes).find((x) => x.no === 1);
      typeIdx.push(t?.num ?? 0);
    } else if (f.no === 2 && f.bytes) {
      const s = { locs: [] as number[], values: [] as number[] };
      for (const x of fields(f.bytes)) {
        if (x.no === 1) s.locs.push(...varints(x));
        else if (x.no === 2) s.values.push(...varints(x));
      }
      rawSamples.push(s);
    } else if (f.no === 4 && f.bytes) {
      let id = 0;
      const lines: Array<{ fn: number; line: number }> = [];
      for (const x of fields(f.bytes)) {
        if (x.no === 1 && x.num !== undefined) id = x.num;
        else if (x.no === 4 && x.bytes) {
          let fn = 0;
          let line = 0;
          for (const y of fields(x.bytes)) {
            if (y.no === 1 && y.num !== undefined) fn = y.num;
            else if (y.no === 2 && y.num !== undefined) line = y.num;
          }
          lines.push({ fn, line });
        }
      }
      locations.set(id, lines);
    } else if (f.no === 5 && f.bytes) {
      let id = 0;
      let name = 0;
      let file = 0;
      for (const x of fields(f.bytes)) {
        if (x.num === undefined) continue;
        if (x.no === 1) id = x.num;
        else if (x.no === 2) name = x.num;
        else if (x.no === 4) file = x.num;
      }
      functions.set(id, { name, file });
    } else if (f.no === 9 && f.num !== undefined) timeNanos = f.num;
  }
  const str = (i: number) => strings[i] ?? '';
  const samples = rawSamples.map((s) => ({
    // inlined frames come first within one location, leaf-most first, as in pprof
    stack: s.locs.flatMap((id) => (locations.get(id) ?? []).map((l) => {
      const fn = functions.get(l.fn);
      return fn ? `${str(fn.name)} ${str(fn.file)}:${l.line}` : `? :${l.line}`;
    })),
    values: s.values,
  }));
  return { sampleTypes: typeIdx.map(str), samples, timeNanos };
}

/** SiteGrowth is one call site's in-use bytes in two profiles (flat: the allocating function and its file). */
export interface SiteGrowth {
  readonly site: string;
  readonly before: number;
  readonly after: number;
  readonly delta: number;
  /** bytesPerHour normalises delta by the profiles' time_nanos, when both carry one. */
  readonly bytesPerHour: number | undefined;
}

function inuseByLeaf(p: HeapProfile): Map<string, number> {
  const idx = p.sampleTypes.indexOf('inuse_space');
  if (idx < 0) throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, `heap profile has no inuse_space (types: ${p.sampleTypes.join(', ')})`);
  const m = new Map<string, number>();
  for (const s of p.samples) {
    // the allocation site is the first frame outside the runtime's allocator, keyed by function and
    // file like `pprof -top`: one function allocating on several lines is one site
    const frame = s.stack.find((f) => !f.startsWith('runtime.')) ?? s.stack[0] ?? '<unknown>';
    const site = frame.replace(/:\d+$/, '');
    m.set(site, (m.get(site) ?? 0) + (s.values[idx] ?? 0));
  }
  return m;
}

/**
 * consistentGrowth keeps the sites that grew between every consecutive pair of profiles (oldest first)
 * and ranks them by total growth. One pair is not enough: the in-use numbers are as of each profile's
 * last GC, so a site that only churns garbage can look bigger in any one pair.
 */
export function consistentGrowth(profiles: readonly HeapProfile[], noiseBytes = 512 * 1024): SiteGrowth[] {
  if (profiles.length < 2) return [];
  const pairs = profiles.slice(1).map((p, i) => new Map(growingSites(profiles[i]!, p, 0).map((g) => [g.site, g])));
  const total = growingSites(profiles[0]!, profiles[profiles.length - 1]!, noiseBytes);
  return total.filter((g) => pairs.every((m) => (m.get(g.site)?.delta ?? 0) > 0));
}

/**
 * growingSites ranks allocation sites by in-use growth from `a` to `b`. Growth under `noiseBytes` (one
 * 512 KiB sampling interval by default) is ignored: heap profiles are sampled.
 */
export function growingSites(a: HeapProfile, b: HeapProfile, noiseBytes = 512 * 1024): SiteGrowth[] {
  const before = inuseByLeaf(a);
  const after = inuseByLeaf(b);
  const hours = a.timeNanos && b.timeNanos && b.timeNanos > a.timeNanos ? (b.timeNanos - a.timeNanos) / 3.6e12 : undefined;
  const out: SiteGrowth[] = [];
  for (const [site, n] of after) {
    const was = before.get(site) ?? 0;
    const delta = n - was;
    if (delta > noiseBytes) out.push({ site, before: was, after: n, delta, bytesPerHour: hours ? delta / hours : undefined });
  }
  return out.sort((x, y) => y.delta - x.delta);
}
