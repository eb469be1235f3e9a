/**
 * runner: `leaksleuth test rules`, a re-implementation of `promtool test rules` (2.42 behaviour):
 * input series are loaded from time 0, every group is evaluated each `evaluation_interval` up to
 * the last eval_time, firing alerts are compared at their eval_time, then PromQL expressions are
 * checked. Failures are reported in promtool's wording so existing CI logs read the same.
 */
import { readFileSync } from 'node:fs';
import { DaemonError, errorMessage } from '../../core/errors.js';
import { byteCompare, labelsKey, sortedLabelNames, type Labels } from '../../model/labels.js';
import type { SeriesStore } from '../../store/store.js';
import { parseRuleFile, type ParseExprFn } from '../file.js';
import { RuleGroup } from '../group.js';
import type { GroupDef, QueryFn, TemplateCheckFn, TemplateFn, VectorSample } from '../types.js';
import { goDuration, goFloatUpperE, goLabels, indentLines } from './format.js';
import { loadSeries, parseSeriesDesc } from './series.js';
import { parseUnitTestFile, type TestGroup } from './testfile.js';

/** InstantResult is the subset of the engine's QueryValue the runner needs. */
export type InstantResult =
  | { readonly type: 'vector'; readonly samples: ReadonlyArray<{ readonly labels: Labels; readonly v: number }> }
  | { readonly type: 'scalar'; readonly v: number }
  | { readonly type: 'matrix' | 'string' };

/** InstantFn evaluates an instant query against a store (the PromQL engine). */
export type InstantFn = (store: SeriesStore, expr: string, atMs: number, evalIntervalMs: number, seriesRank?: SeriesRank) => InstantResult;

/** SeriesRank gives an input series' position in input_series (Prometheus' head hands series out in creation order). */
export type SeriesRank = (labels: Labels) => number | undefined;

/** RunOptions are the collaborators of the runner: engine, store factory and templates. */
export interface RunOptions {
  readonly instant: InstantFn;
  readonly newStore: () => SeriesStore;
  readonly parseExpr?: ParseExprFn;
  /** templateFor builds the template expander for one test group's store (so `query` sees its data). */
  readonly templateFor?: (store: SeriesStore) => TemplateFn;
  readonly checkTemplate?: TemplateCheckFn;
}

/** RunResult says whether every file passed and carries promtool-like output. */
export interface RunResult {
  readonly passed: boolean;
  readonly output: string;
}

/** queryFnFor adapts the engine to a rule QueryFn: scalars become one label-less sample, like Prometheus' EngineQueryFunc. */
export function queryFnFor(store: SeriesStore, instant: InstantFn, evalIntervalMs = 60_000, seriesRank?: SeriesRank): QueryFn {
  return async (expr, at) => toVector(instant(store, expr, at, evalIntervalMs, seriesRank));
}

function toVector(r: InstantResult): VectorSample[] {
  if (r.type === 'vector') return r.samples.map((s) => ({ labels: s.labels, v: s.v }));
  if (r.type === 'scalar') return [{ labels: {}, v: r.v }];
  throw new DaemonError('PROMQL_EVAL', 'rule result is not a vector or scalar');
}

/** runRuleTests runs every test file and returns the combined verdict and output. */
export async function runRuleTests(testFiles: readonly string[], opts: RunOptions): Promise<RunResult> {
  let out = '';
  let passed = true;
  for (const f of testFiles) {
    out += `Unit Testing:  ${f}\n`;
    const res = await runFile(f, opts);
    out += res.warnings.map((w) => `  WARNING: ${w}\n`).join('');
    if (res.errors.length) {
      passed = false;
      out += '  FAILED:\n' + res.errors.map((e) => `${e}\n\n`).join('');
    } else out += '  SUCCESS\n';
    out += '\n';
  }
  return { passed, output: out };
}

async function runFile(file: string, opts: RunOptions): Promise<{ errors: string[]; warnings: string[] }> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { errors: [(err as Error).message], warnings: [] };
  }
  let tf;
  try {
    tf = parseUnitTestFile(text, file);
  } catch (err) {
    return { errors: [errorMessage(err)], warnings: [] };
  }
  const warnings = tf.missingPatterns.map((p) => `no file match pattern ${p}`);
  const order = new Map<string, number>();
  for (const [i, g] of tf.groupEvalOrder.entries()) {
    if (order.has(g)) return { errors: [`group name repeated in evaluation order: ${g}`], warnings };
    order.set(g, i);
  }
  const defs: GroupDef[] = [];
  const loadErrors: string[] = [];
  for (const rf of tf.ruleFiles) {
    const r = parseRuleFile(readFileSync(rf, 'utf8'), rf, {
      defaultIntervalMs: tf.evaluationIntervalMs,
      ...(opts.parseExpr ? { parseExpr: opts.parseExpr } : {}),
      ...(opts.checkTemplate ? { checkTemplate: opts.checkTemplate } : {}),
    });
    loadErrors.push(...r.errors);
    defs.push(...r.groups);
  }
  if (loadErrors.length) return { errors: loadErrors, warnings };
  // Partial order: listed groups by position, unlisted ones count as position 0 (promtool's map default).
  const ordered = defs.map((d, i) => ({ d, i })).sort((a, b) => (order.get(a.d.name) ?? 0) - (order.get(b.d.name) ?? 0) || a.i - b.i).map((x) => x.d);
  const errors: string[] = [];
  for (const tg of tf.tests) errors.push(...(await runGroup(tg, ordered, tf.evaluationIntervalMs, opts)));
  return { errors, warnings };
}

function compareLabels(a: Labels, b: Labels): number {
  const an = sortedLabelNames(a);
  const bn = sortedLabelNames(b);
  for (let i = 0; i < Math.min(an.length, bn.length); i++) {
    const c = byteCompare(an[i]!, bn[i]!) || byteCompare(a[an[i]!]!, b[bn[i]!]!);
    if (c !== 0) return c;
  }
  return an.length - bn.length;
}

interface LA {
  labels: Labels;
  annotations: Labels;
}

function laString(list: readonly LA[]): string {
  if (list.length === 0) return '[]';
  const item = (x: LA): string => indentLines(`\nLabels:${goLabels(x.labels)}\nAnnotations:${goLabels(x.annotations)}`, '  ');
  return '[\n' + list.map((x, i) => `${i}:${item(x)}`).join(',\n') + '\n]';
}

async function runGroup(tg: TestGroup, defs: readonly GroupDef[], evalIntervalMs: number, opts: RunOptions): Promise<string[]> {
  const store = opts.newStore();
  let series;
  try {
    series = loadSeries(tg.inputSeries, tg.intervalMs);
  } catch (err) {
    return [errorMessage(err)];
  }
  const ranks = new Map<string, number>();
  for (const s of series) if (!ranks.has(labelsKey(s.labels))) ranks.set(labelsKey(s.labels), ranks.size);
  const seriesRank: SeriesRank = (l) => ranks.get(labelsKey(l));
  const query = queryFnFor(store, opts.instant, evalIntervalMs, seriesRank);
  const groups = defs.map(
    (d) =>
      new RuleGroup(d, {
        query,
        appender: store,
        externalLabels: tg.externalLabels,
        externalURL: tg.externalURL,
        ...(opts.templateFor ? { expand: opts.templateFor(store) } : {}),
      }),
  );
  const testName = tg.name ? `    name: ${tg.name},\n` : '';
  for (const a of tg.alertTests) {
    if (a.alertname === '') {
      const inGroup = tg.name ? ` (in TestGroup ${tg.name})` : '';
      return [`an item under alert_rule_test misses required attribute alertname at eval_time ${goDuration(a.evalTimeMs, true)}${inGroup}`];
    }
  }
  const maxt = Math.max(0, ...tg.alertTests.map((a) => a.evalTimeMs), ...tg.exprTests.map((e) => e.evalTimeMs));
  const alertTimes = [...new Set(tg.alertTests.map((a) => a.evalTimeMs))].sort((a, b) => a - b);
  const cursor = series.map(() => 0);
  const loadTill = (ts: number): void => {
    series.forEach((s, i) => {
      let k = cursor[i]!;
      while (k < s.t.length && s.t[k]! <= ts) {
        store.append(s.labels, s.t[k]!, s.v[k]!);
        k++;
      }
      cursor[i] = k;
    });
  };
  const errs: string[] = [];
  let curr = 0;
  for (let ts = 0; ts <= maxt; ts += evalIntervalMs) {
    loadTill(ts);
    const evalErrs: string[] = [];
    for (const g of groups) {
      await g.evaluate(ts);
      for (const r of g.rules) if (r.health === 'err') evalErrs.push(`    rule: ${r.def.name}, time: ${goDuration(ts, false)}, err: ${r.lastError}`);
    }
    errs.push(...evalErrs);
    if (evalErrs.length) return errs;
    while (curr < alertTimes.length && ts <= alertTimes[curr]! && alertTimes[curr]! < ts + evalIntervalMs) {
      const t = alertTimes[curr]!;
      for (const tc of tg.alertTests.filter((a) => a.evalTimeMs === t)) {
        const got: LA[] = [];
        for (const g of groups) {
          for (const r of g.rules) {
            if (r.def.kind !== 'alerting' || r.def.name !== tc.alertname) continue;
            for (const a of r.active.values()) if (a.state === 'firing') got.push({ labels: a.labels, annotations: a.annotations });
          }
        }
        const exp: LA[] = tc.expAlerts.map((e) => ({ labels: { ...e.labels, alertname: tc.alertname }, annotations: e.annotations }));
        const sortLA = (x: LA, y: LA): number => compareLabels(x.labels, y.labels) || compareLabels(x.annotations, y.annotations);
        got.sort(sortLA);
        exp.sort(sortLA);
        const same = got.length === exp.length && got.every((g, i) => sortLA(g, exp[i]!) === 0);
        if (!same) {
          errs.push(
            `${testName}    alertname: ${tc.alertname}, time: ${goDuration(t, true)}, \n        exp:${indentLines(laString(exp), '            ')}, \n        got:${indentLines(laString(got), '            ')}`,
          );
        }
      }
      curr++;
    }
  }
  // Like promtool, expression tests see only samples loaded by the evaluation loop (up to its last step).
  for (const tc of tg.exprTests) errs.push(...checkExpr(tc, store, opts, evalIntervalMs, seriesRank));
  return errs;
}

function checkExpr(tc: TestGroup['exprTests'][number], store: SeriesStore, opts: RunOptions, evalIntervalMs: number, seriesRank: SeriesRank): string[] {
  const head = `    expr: ${JSON.stringify(tc.expr)}, time: ${goDuration(tc.evalTimeMs, true)}`;
  let got: VectorSample[];
  try {
    got = toVector(opts.instant(store, tc.expr, tc.evalTimeMs, evalIntervalMs, seriesRank));
  } catch (err) {
    return [`${head}, err: ${err instanceof Error ? err.message : String(err)}`];
  }
  const exp: VectorSample[] = [];
  for (const s of tc.expSamples) {
    try {
      exp.push({ labels: s.labels.trim() === '' ? {} : parseSeriesDesc(s.labels, true), v: s.value });
    } catch (err) {
      return [`${head}, err: labels ${JSON.stringify(s.labels)}: ${(err as Error).message}`];
    }
  }
  const byLabels = (a: VectorSample, b: VectorSample): number => compareLabels(a.labels, b.labels);
  got.sort(byLabels);
  exp.sort(byLabels);
  // Exact float equality, NaN never equal: promtool 2.42 compares with reflect.DeepEqual.
  const same = got.length === exp.length && got.every((g, i) => compareLabels(g.labels, exp[i]!.labels) === 0 && g.v === exp[i]!.v);
  if (same) return [];
  const str = (xs: VectorSample[]): string => (xs.length === 0 ? 'nil' : xs.map((x) => `${goLabels(x.labels)} ${goFloatUpperE(x.v)}`).join(', '));
  return [`${head},\n        exp: ${str(exp)}\n        got: ${str(got)}`];
}
