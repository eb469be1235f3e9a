/**
 * file: rule files in the Prometheus format, validated like prometheus/model/rulefmt — every
 * problem at once, each as `file:line:col: message`, unknown fields rejected, expressions parsed
 * and templates checked at load. The only addition is the documented `diagnose:` mapping, which is
 * checked to be a mapping and carried on the rule for the diagnosis stage.
 */
import { readFileSync } from 'node:fs';
import { DaemonError, ErrorCode } from '../core/errors.js';
import { parseDuration } from '../model/duration.js';
import type { Labels } from '../model/labels.js';
import { parseYamlDocument, type LineCol, type YamlDocument, type YamlPath } from '../config/yaml.js';
import type { DiagnoseSpec, GroupDef, RuleDef, TemplateCheckFn } from './types.js';
import { exprErrorPosition } from './expr-position.js';

/** ParseExprFn parses a PromQL expression, throwing DaemonError with a 1-based position within it. */
export type ParseExprFn = (expr: string) => unknown;

/** RuleFileOptions are the collaborators and defaults of rule-file loading. */
export interface RuleFileOptions {
  /** parseExpr checks `expr`; without it expressions are only checked for being non-empty. */
  readonly parseExpr?: ParseExprFn;
  /** checkTemplate parses label/annotation templates of alerting rules. */
  readonly checkTemplate?: TemplateCheckFn;
  /** defaultIntervalMs is the global evaluation interval (Prometheus default 1m). */
  readonly defaultIntervalMs?: number;
  /** ignoreUnknownFields mirrors promtool's `--ignore-unknown-fields`. */
  readonly ignoreUnknownFields?: boolean;
}

/** RuleFileResult is every group that validated plus every error, already `file:line:col:` prefixed. */
export interface RuleFileResult {
  readonly groups: GroupDef[];
  readonly errors: string[];
}

const GROUP_FIELDS = new Set(['name', 'interval', 'query_offset', 'limit', 'labels', 'rules']);
const RULE_FIELDS = new Set(['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations', 'diagnose']);
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function scalarString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** parseRuleFile validates one rule file's text; it never throws for bad content, it reports it. */
export function parseRuleFile(text: string, file: string, opts: RuleFileOptions = {}): RuleFileResult {
  const errors: string[] = [];
  let doc: YamlDocument;
  try {
    doc = parseYamlDocument(text, file, { code: ErrorCode.RULE_INVALID });
  } catch (err) {
    if (DaemonError.is(err)) return { groups: [], errors: [err.located()] };
    throw err;
  }
  const at = (p: LineCol, msg: string): string => `${file}:${p.line}:${p.col}: ${msg}`;
  const root = doc.value;
  if (root === null || root === undefined) return { groups: [], errors };
  if (!isObj(root)) return { groups: [], errors: [at(doc.positionOf([]), 'rule file must be a mapping with a "groups" list')] };
  unknownFields(root, [], new Set(['groups']), 'rulefmt.RuleGroups', doc, opts, errors, at);
  const rawGroups = root['groups'];
  if (rawGroups === undefined || rawGroups === null) return { groups: [], errors };
  if (!Array.isArray(rawGroups)) return { groups: [], errors: [...errors, at(doc.positionOf(['groups']), '"groups" must be a list')] };

  const groups: GroupDef[] = [];
  const seen = new Set<string>();
  rawGroups.forEach((g: unknown, gi: number) => {
    const gp: YamlPath = ['groups', gi];
    if (!isObj(g)) {
      errors.push(at(doc.positionOf(gp), 'group must be a mapping'));
      return;
    }
    unknownFields(g, gp, GROUP_FIELDS, 'rulefmt.RuleGroup', doc, opts, errors, at);
    const name = scalarString(g['name']) ?? '';
    if (name === '') errors.push(at(doc.positionOf(gp), 'Groupname must not be empty'));
    else if (seen.has(name)) errors.push(at(doc.positionOf(gp), `groupname: "${name}" is repeated in the same file`));
    seen.add(name);
    const dur = (key: string, dflt: number): number => {
      const raw = g[key];
      if (raw === undefined || raw === null) return dflt;
      try {
        return parseDuration(String(raw));
      } catch (err) {
        errors.push(at(doc.positionOf([...gp, key]), `${key}: ${(err as Error).message}`));
        return dflt;
      }
    };
    // A zero interval means "use the global one", as in Prometheus; it must never drive a busy loop.
    const intervalMs = dur('interval', opts.defaultIntervalMs ?? 60_000) || (opts.defaultIntervalMs ?? 60_000);
    const queryOffsetMs = dur('query_offset', 0);
    let limit = 0;
    if (g['limit'] !== undefined && g['limit'] !== null) {
      if (typeof g['limit'] !== 'number' || !Number.isInteger(g['limit']) || g['limit'] < 0) {
        errors.push(at(doc.positionOf([...gp, 'limit']), `limit: must be a non-negative integer, got ${JSON.stringify(g['limit'])}`));
      } else limit = g['limit'];
    }
    const groupLabels = labelMap(g['labels'], [...gp, 'labels'], doc, errors, at, '');
    const rules: RuleDef[] = [];
    const rawRules = g['rules'] ?? [];
    if (!Array.isArray(rawRules)) errors.push(at(doc.positionOf([...gp, 'rules']), '"rules" must be a list'));
    else {
      rawRules.forEach((r: unknown, ri: number) => {
        const def = parseRule(r, [...gp, 'rules', ri], name, ri + 1, text, doc, opts, errors, at);
        if (def) rules.push(def);
      });
    }
    groups.push({ name, file, intervalMs, queryOffsetMs, limit, labels: groupLabels, rules });
  });
  return { groups: errors.length ? [] : groups, errors };
}

type At = (p: LineCol, msg: string) => string;

function unknownFields(
  o: Obj,
  path: YamlPath,
  allowed: ReadonlySet<string>,
  typeName: string,
  doc: YamlDocument,
  opts: RuleFileOptions,
  errors: string[],
  at: At,
): void {
  if (opts.ignoreUnknownFields) return;
  for (const k of Object.keys(o)) {
    if (!allowed.has(k)) errors.push(at(doc.keyPositionOf([...path, k]), `field ${k} not found in type ${typeName}`));
  }
}

function labelMap(raw: unknown, path: YamlPath, doc: YamlDocument, errors: string[], at: At, prefix: string, what = 'label'): Labels {
  if (raw === undefined || raw === null) return {};
  if (!isObj(raw)) {
    errors.push(at(doc.positionOf(path), `${prefix}${what}s must be a mapping of ${what} names to strings`));
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!LABEL_NAME.test(k) || (what === 'label' && k === '__name__')) {
      errors.push(at(doc.keyPositionOf([...path, k]), `${prefix}invalid ${what} name: ${k}`));
    }
    const s = scalarString(v);
    if (s === undefined) errors.push(at(doc.positionOf([...path, k]), `${prefix}${what} ${JSON.stringify(k)} must be a string`));
    else out[k] = s;
  }
  return out;
}

function parseRule(
  r: unknown,
  rp: YamlPath,
  group: string,
  index: number,
  text: string,
  doc: YamlDocument,
  opts: RuleFileOptions,
  errors: string[],
  at: At,
): RuleDef | undefined {
  if (!isObj(r)) {
    errors.push(at(doc.positionOf(rp), `group "${group}", rule ${index}: rule must be a mapping`));
    return undefined;
  }
  const before = errors.length;
  const record = scalarString(r['record']) ?? '';
  const alert = scalarString(r['alert']) ?? '';
  const ruleName = alert || record;
  const prefix = `group "${group}", rule ${index}, "${ruleName}": `;
  const pos = (k: string): LineCol => doc.positionOf(r[k] === undefined ? rp : [...rp, k]);
  unknownFields(r, rp, RULE_FIELDS, 'rulefmt.Rule', doc, opts, errors, at);
  if (record && alert) errors.push(at(pos('record'), `${prefix}only one of 'record' and 'alert' must be set`));
  if (!record && !alert) errors.push(at(doc.positionOf(rp), `${prefix}one of 'record' or 'alert' must be set`));
  const expr = scalarString(r['expr']) ?? '';
  if (expr === '') errors.push(at(pos('expr'), `${prefix}field 'expr' must be set in rule`));
  else if (opts.parseExpr) {
    try {
      opts.parseExpr(expr);
    } catch (err) {
      const p = exprErrorPosition(text, doc.positionOf([...rp, 'expr']), DaemonError.is(err) ? err.position : undefined);
      errors.push(at(p, `${prefix}could not parse expression: ${(err as Error).message}`));
    }
  }
  const dur = (key: string): number => {
    const raw = r[key];
    if (raw === undefined || raw === null) return 0;
    try {
      return parseDuration(String(raw));
    } catch (err) {
      errors.push(at(pos(key), `${prefix}${key}: ${(err as Error).message}`));
      return 0;
    }
  };
  const forMs = dur('for');
  const keepFiringForMs = dur('keep_firing_for');
  const labels = labelMap(r['labels'], [...rp, 'labels'], doc, errors, at, prefix);
  const annotations = labelMap(r['annotations'], [...rp, 'annotations'], doc, errors, at, prefix, 'annotation');
  if (record) {
    if (Object.keys(annotations).length > 0) errors.push(at(pos('record'), `${prefix}invalid field 'annotations' in recording rule`));
    if (forMs !== 0) errors.push(at(pos('record'), `${prefix}invalid field 'for' in recording rule`));
    if (keepFiringForMs !== 0) errors.push(at(pos('record'), `${prefix}invalid field 'keep_firing_for' in recording rule`));
    if (!METRIC_NAME.test(record)) errors.push(at(pos('record'), `${prefix}invalid recording rule name: ${record}`));
    if (r['diagnose'] !== undefined) errors.push(at(pos('diagnose'), `${prefix}invalid field 'diagnose' in recording rule`));
  }
  let diagnose: DiagnoseSpec | undefined;
  if (r['diagnose'] !== undefined && alert) {
    // `diagnose: true` is the short form of `diagnose: {}`; `false` switches it off.
    const d = r['diagnose'];
    if (d === true) diagnose = {};
    else if (d === false) diagnose = undefined;
    else if (!isObj(d)) errors.push(at(pos('diagnose'), `${prefix}diagnose: must be true, false or a mapping`));
    else {
      for (const k of Object.keys(d)) if (k !== 'window') errors.push(at(pos('diagnose'), `${prefix}diagnose: unknown field "${k}" (supported: window)`));
      if (d['window'] !== undefined) {
        try {
          if (typeof d['window'] !== 'string') throw new Error('not a string');
          parseDuration(d['window']);
        } catch {
          errors.push(at(pos('diagnose'), `${prefix}diagnose: window: not a valid duration string: "${String(d['window'])}"`));
        }
      }
      diagnose = d;
    }
  }
  if (alert && opts.checkTemplate) {
    for (const [kind, map, key] of [['label', labels, 'labels'], ['annotation', annotations, 'annotations']] as const) {
      for (const [k, v] of Object.entries(map)) {
        const msg = opts.checkTemplate(v);
        if (msg !== null) errors.push(at(doc.positionOf([...rp, key, k]), `${prefix}${kind} ${JSON.stringify(k)}: ${msg}`));
      }
    }
  }
  if (errors.length > before) return undefined;
  const line = doc.positionOf(rp).line;
  const exprAt = doc.positionOf([...rp, 'expr']);
  if (record) return { kind: 'recording', name: record, expr, labels, line, exprAt };
  return { kind: 'alerting', name: alert, expr, forMs, keepFiringForMs, labels, annotations, line, exprAt, ...(diagnose ? { diagnose } : {}) };
}

/** readRuleFile reads and validates one file; an unreadable file is one error, not an exception. */
export function readRuleFile(file: string, opts: RuleFileOptions = {}): RuleFileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { groups: [], errors: [`${file}: ${(err as Error).message}`] };
  }
  return parseRuleFile(text, file, opts);
}

/** loadRuleFiles loads several files and throws one RULE_INVALID DaemonError listing every problem. */
export function loadRuleFiles(files: readonly string[], opts: RuleFileOptions = {}): GroupDef[] {
  const groups: GroupDef[] = [];
  const errors: string[] = [];
  for (const f of files) {
    const r = readRuleFile(f, opts);
    groups.push(...r.groups);
    errors.push(...r.errors);
  }
  if (errors.length) throw new DaemonError(ErrorCode.RULE_INVALID, errors.join('\n'));
  return groups;
}
