/**
 * testfile: reads the `promtool test rules` file format into typed test groups. Unknown fields
 * are errors (promtool decodes strictly), durations use Prometheus syntax, and `rule_files` are
 * resolved relative to the test file and globbed.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { globFiles } from './glob.js';
import { DaemonError, ErrorCode } from '../../core/errors.js';
import { parseYamlDocument, type YamlDocument, type YamlPath } from '../../config/yaml.js';
import { parseDuration } from '../../model/duration.js';
import type { Labels } from '../../model/labels.js';

/** ExpAlert is one expected alert: labels without alertname, and annotations. */
export interface ExpAlert {
  readonly labels: Labels;
  readonly annotations: Labels;
}

/** AlertTest checks the firing alerts of `alertname` at `evalTimeMs`. */
export interface AlertTest {
  readonly evalTimeMs: number;
  readonly alertname: string;
  readonly expAlerts: readonly ExpAlert[];
}

/** ExprTest checks an instant query's result at `evalTimeMs`; labels stay text until compared. */
export interface ExprTest {
  readonly expr: string;
  readonly evalTimeMs: number;
  readonly expSamples: ReadonlyArray<{ readonly labels: string; readonly value: number }>;
}

/** TestGroup is one entry of `tests`. */
export interface TestGroup {
  readonly name: string;
  readonly intervalMs: number;
  readonly inputSeries: ReadonlyArray<{ readonly series: string; readonly values: string }>;
  readonly alertTests: readonly AlertTest[];
  readonly exprTests: readonly ExprTest[];
  readonly externalLabels: Labels;
  readonly externalURL: string;
}

/** UnitTestFile is a parsed test file with rule files already resolved. */
export interface UnitTestFile {
  readonly ruleFiles: string[];
  /** missingPatterns are rule_files entries that matched nothing (promtool warns). */
  readonly missingPatterns: string[];
  readonly evaluationIntervalMs: number;
  readonly groupEvalOrder: string[];
  readonly tests: TestGroup[];
}

type Obj = Record<string, unknown>;

class Reader {
  constructor(
    private readonly doc: YamlDocument,
    private readonly file: string,
  ) {}

  fail(path: YamlPath, msg: string, key = false): never {
    const p = key ? this.doc.keyPositionOf(path) : this.doc.positionOf(path);
    throw new DaemonError(ErrorCode.RULE_TEST_FAILED, msg, { position: { file: this.file, ...p } });
  }

  obj(v: unknown, path: YamlPath, fields: readonly string[], type: string): Obj {
    if (v === null || v === undefined) return {};
    if (typeof v !== 'object' || Array.isArray(v)) this.fail(path, `cannot unmarshal ${JSON.stringify(v)} into ${type}`);
    for (const k of Object.keys(v as Obj)) if (!fields.includes(k)) this.fail([...path, k], `field ${k} not found in type ${type}`, true);
    return v as Obj;
  }

  list(v: unknown, path: YamlPath): unknown[] {
    if (v === null || v === undefined) return [];
    if (!Array.isArray(v)) this.fail(path, 'expected a list');
    return v;
  }

  str(v: unknown, path: YamlPath): string {
    if (v === null || v === undefined) return '';
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return this.fail(path, 'expected a string');
  }

  dur(v: unknown, path: YamlPath): number {
    if (v === null || v === undefined) return 0;
    try {
      return parseDuration(String(v));
    } catch (err) {
      return this.fail(path, (err as Error).message);
    }
  }

  labels(v: unknown, path: YamlPath): Labels {
    const o = v === null || v === undefined ? {} : v;
    if (typeof o !== 'object' || Array.isArray(o)) this.fail(path, 'expected a mapping of strings');
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(o as Obj)) out[k] = this.str(x, [...path, k]);
    return out;
  }

  num(v: unknown, path: YamlPath): number {
    if (typeof v === 'number') return v;
    if (v === null || v === undefined) return 0;
    const s = String(v).trim().toLowerCase();
    const special: Record<string, number> = { '.nan': NaN, nan: NaN, '.inf': Infinity, '+.inf': Infinity, '-.inf': -Infinity, inf: Infinity, '+inf': Infinity, '-inf': -Infinity };
    if (s in special) return special[s]!;
    const n = Number(s);
    if (s === '' || Number.isNaN(n)) this.fail(path, `cannot unmarshal ${JSON.stringify(v)} into float64`);
    return n;
  }
}

/** parseUnitTestFile parses test file text; `file` anchors relative rule_files and error positions. */
export function parseUnitTestFile(text: string, file: string): UnitTestFile {
  const doc = parseYamlDocument(text, file, { code: ErrorCode.RULE_TEST_FAILED });
  const r = new Reader(doc, file);
  const root = r.obj(doc.value, [], ['rule_files', 'evaluation_interval', 'group_eval_order', 'tests'], 'main.unitTestFile');
  const base = dirname(file);
  const ruleFiles: string[] = [];
  const missingPatterns: string[] = [];
  r.list(root['rule_files'], ['rule_files']).forEach((p, i) => {
    const pat = r.str(p, ['rule_files', i]);
    const full = pat !== '' && !isAbsolute(pat) ? join(base, pat) : pat;
    const m = globFiles(full);
    if (m.length === 0) missingPatterns.push(full);
    ruleFiles.push(...m);
  });
  const evaluationIntervalMs = r.dur(root['evaluation_interval'], ['evaluation_interval']) || 60_000;
  const groupEvalOrder = r.list(root['group_eval_order'], ['group_eval_order']).map((g, i) => r.str(g, ['group_eval_order', i]));
  const tests = r.list(root['tests'], ['tests']).map((t, ti): TestGroup => {
    const tp: YamlPath = ['tests', ti];
    const o = r.obj(t, tp, ['interval', 'input_series', 'alert_rule_test', 'promql_expr_test', 'external_labels', 'external_url', 'name'], 'main.testGroup');
    const inputSeries = r.list(o['input_series'], [...tp, 'input_series']).map((s, si) => {
      const sp = [...tp, 'input_series', si];
      const so = r.obj(s, sp, ['series', 'values'], 'main.series');
      return { series: r.str(so['series'], [...sp, 'series']), values: r.str(so['values'], [...sp, 'values']) };
    });
    const alertTests = r.list(o['alert_rule_test'], [...tp, 'alert_rule_test']).map((a, ai): AlertTest => {
      const ap = [...tp, 'alert_rule_test', ai];
      const ao = r.obj(a, ap, ['eval_time', 'alertname', 'exp_alerts'], 'main.alertTestCase');
      const expAlerts = r.list(ao['exp_alerts'], [...ap, 'exp_alerts']).map((e, ei) => {
        const ep = [...ap, 'exp_alerts', ei];
        const eo = r.obj(e, ep, ['exp_labels', 'exp_annotations'], 'main.alert');
        return { labels: r.labels(eo['exp_labels'], [...ep, 'exp_labels']), annotations: r.labels(eo['exp_annotations'], [...ep, 'exp_annotations']) };
      });
      return { evalTimeMs: r.dur(ao['eval_time'], [...ap, 'eval_time']), alertname: r.str(ao['alertname'], [...ap, 'alertname']), expAlerts };
    });
    const exprTests = r.list(o['promql_expr_test'], [...tp, 'promql_expr_test']).map((e, ei): ExprTest => {
      const ep = [...tp, 'promql_expr_test', ei];
      const eo = r.obj(e, ep, ['expr', 'eval_time', 'exp_samples'], 'main.promqlTestCase');
      const expSamples = r.list(eo['exp_samples'], [...ep, 'exp_samples']).map((s, si) => {
        const sp = [...ep, 'exp_samples', si];
        const so = r.obj(s, sp, ['labels', 'value'], 'main.sample');
        return { labels: r.str(so['labels'], [...sp, 'labels']), value: r.num(so['value'], [...sp, 'value']) };
      });
      return { expr: r.str(eo['expr'], [...ep, 'expr']), evalTimeMs: r.dur(eo['eval_time'], [...ep, 'eval_time']), expSamples };
    });
    return {
      name: r.str(o['name'], [...tp, 'name']),
      intervalMs: r.dur(o['interval'], [...tp, 'interval']) || evaluationIntervalMs,
      inputSeries,
      alertTests,
      exprTests,
      externalLabels: r.labels(o['external_labels'], [...tp, 'external_labels']),
      externalURL: r.str(o['external_url'], [...tp, 'external_url']),
    };
  });
  return { ruleFiles, missingPatterns, evaluationIntervalMs, groupEvalOrder, tests };
}
