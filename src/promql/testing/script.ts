/**
 * script: a runner for Prometheus' promqltest script format (`load <step>`, expanding series
 * notation, `eval instant at`, `eval range from … to … step …`, `eval_fail`, `eval_ordered`,
 * `clear`), so PromQL semantics are pinned in readable text fixtures.
 */
import { DaemonError, ErrorCode } from '../../core/errors.js';
import { labelsKey, type Labels } from '../../model/labels.js';
import { parseDuration } from '../../model/duration.js';
import { STALE_NAN } from '../../model/sample.js';
import { instantQuery, rangeQuery } from '../engine/query.js';
import { parseExpr } from '../parser.js';
import { ArrayStore } from './array-store.js';

/** ScriptResult counts what a script checked. */
export interface ScriptResult {
  readonly evals: number;
}

/** SeriesValue is one point of expanded series notation: a number, a skip, or a stale marker. */
export type SeriesValue = number | 'skip' | 'stale';

function fail(file: string, line: number, msg: string): DaemonError {
  return new DaemonError(ErrorCode.RULE_TEST_FAILED, `${file}:${line}: ${msg}`, { position: { file, line, col: 1 } });
}

function num(s: string): number {
  const l = s.toLowerCase();
  if (l === 'inf' || l === '+inf') return Infinity;
  if (l === '-inf') return -Infinity;
  if (l === 'nan') return NaN;
  const n = Number(s);
  if (s.trim() === '' || Number.isNaN(n)) throw new Error(`bad number "${s}"`);
  return n;
}

/** expandValues expands `1+2x3 _ stale 5 _x2 1x2` into individual points. */
export function expandValues(text: string): SeriesValue[] {
  const out: SeriesValue[] = [];
  for (const tok of text.trim().split(/\s+/).filter(Boolean)) {
    if (tok === '_') { out.push('skip'); continue; }
    if (tok === 'stale') { out.push('stale'); continue; }
    const skip = /^_x(\d+)$/.exec(tok);
    if (skip) { for (let i = 0; i < Number(skip[1]); i++) out.push('skip'); continue; }
    const m = /^([-+]?[^-+x]+?)(?:([-+])([^x]+))?x(\d+)$/.exec(tok);
    if (m) {
      const start = num(m[1]!);
      const delta = m[3] === undefined ? 0 : (m[2] === '-' ? -1 : 1) * num(m[3]);
      for (let i = 0; i <= Number(m[4]); i++) out.push(start + delta * i);
      continue;
    }
    out.push(num(tok));
  }
  return out;
}

/** parseSeriesDesc reads `name{a="b"}` into labels. */
export function parseSeriesDesc(desc: string): Labels {
  if (desc.trim() === '{}') return {};
  const e = parseExpr(desc);
  if (e.type !== 'VectorSelector') throw new Error(`not a series descriptor: ${desc}`);
  const out: Record<string, string> = {};
  for (const m of e.matchers) out[m.name] = m.value;
  return out;
}

function splitDesc(line: string): [string, string] {
  const brace = line.indexOf('}');
  if (brace >= 0) return [line.slice(0, brace + 1), line.slice(brace + 1)];
  const sp = line.search(/\s/);
  return sp < 0 ? [line, ''] : [line.slice(0, sp), line.slice(sp)];
}

/** almostEqual compares like promqltest: NaN equals NaN, otherwise 1e-6 relative. */
export function almostEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || diff < Number.MIN_VALUE) return diff < 1e-6 * Number.MIN_VALUE;
  return diff / (Math.abs(a) + Math.abs(b)) < 1e-6;
}

/** runScript executes a promqltest script and throws RULE_TEST_FAILED at the first mismatch. */
export function runScript(text: string, file = '<script>'): ScriptResult {
  const store = new ArrayStore();
  const lines = text.split('\n');
  let evals = 0;
  let i = 0;
  const body = (): Array<[number, string]> => {
    const out: Array<[number, string]> = [];
    while (i < lines.length && /^\s+\S/.test(lines[i]!) && !lines[i]!.trim().startsWith('#')) {
      out.push([i + 1, lines[i]!.trim()]);
      i++;
    }
    return out;
  };
  while (i < lines.length) {
    const lineNo = i + 1;
    const line = lines[i++]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line === 'clear') { store.clear(); continue; }
    const load = /^load\s+(\S+)$/.exec(line);
    if (load) {
      const step = parseDuration(load[1]!);
      for (const [n, l] of body()) {
        const [desc, vals] = splitDesc(l);
        let labels: Labels;
        let values: SeriesValue[];
        try { labels = parseSeriesDesc(desc); values = expandValues(vals); } catch (err) {
          throw fail(file, n, `bad load line: ${(err as Error).message}`);
        }
        values.forEach((v, k) => { if (v !== 'skip') store.append(labels, k * step, v === 'stale' ? STALE_NAN : v); });
      }
      continue;
    }
    const ev = /^(eval|eval_fail|eval_ordered)\s+(?:instant\s+at\s+(\S+)|range\s+from\s+(\S+)\s+to\s+(\S+)\s+step\s+(\S+))\s+(.+)$/.exec(line);
    if (!ev) throw fail(file, lineNo, `unknown command: ${line}`);
    evals++;
    const [, kind, at, from, to, step, expr] = ev;
    const expected = body();
    const run = (): Array<{ key: string; values: number[] }> | number => {
      if (at !== undefined) {
        const r = instantQuery(store, expr!, parseDuration(at));
        if (r.type === 'scalar') return r.v;
        if (r.type === 'vector') return r.samples.map((s) => ({ key: labelsKey(s.labels), values: [s.v] }));
        if (r.type === 'matrix') return r.series.map((s) => ({ key: labelsKey(s.labels), values: s.v }));
        throw fail(file, lineNo, 'string results are not comparable');
      }
      return rangeQuery(store, expr!, parseDuration(from!), parseDuration(to!), parseDuration(step!))
        .map((s) => ({ key: labelsKey(s.labels), values: s.v }));
    };
    if (kind === 'eval_fail') {
      let failed = false;
      try { run(); } catch (err) { if (!DaemonError.is(err)) throw err; failed = true; }
      if (!failed) throw fail(file, lineNo, `expected "${expr}" to fail`);
      continue;
    }
    let got: ReturnType<typeof run>;
    try { got = run(); } catch (err) { throw fail(file, lineNo, `unexpected error: ${(err as Error).message}`); }
    checkResult(file, lineNo, expected, got, kind === 'eval_ordered');
  }
  return { evals };
}

function checkResult(file: string, lineNo: number, expected: Array<[number, string]>, got: Array<{ key: string; values: number[] }> | number, ordered: boolean): void {
  if (typeof got === 'number') {
    const want = expected[0] ? num(expected[0][1]) : NaN;
    if (expected.length !== 1 || !almostEqual(want, got)) throw fail(file, lineNo, `expected scalar ${expected[0]?.[1]}, got ${got}`);
    return;
  }
  const gotMap = new Map(got.map((g, idx) => [g.key, { ...g, idx }]));
  if (got.length !== gotMap.size) throw fail(file, lineNo, 'result contains duplicate label sets');
  if (expected.length !== got.length) {
    throw fail(file, lineNo, `expected ${expected.length} series, got ${got.length}: ${got.map((g) => g.key).join(' ')}`);
  }
  expected.forEach(([n, l], idx) => {
    const [desc, vals] = splitDesc(l);
    const key = labelsKey(parseSeriesDesc(desc));
    const g = gotMap.get(key);
    if (!g) throw fail(file, n, `missing series ${key}; got ${got.map((x) => x.key).join(' ')}`);
    if (ordered && g.idx !== idx) throw fail(file, n, `series ${key} at position ${g.idx}, expected ${idx}`);
    const want = expandValues(vals).filter((v): v is number => typeof v === 'number');
    if (want.length !== g.values.length || want.some((w, k) => !almostEqual(w, g.values[k]!))) {
      throw fail(file, n, `${key}: expected ${want.join(' ')}, got ${g.values.join(' ')}`);
    }
  });
}
