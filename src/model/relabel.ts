/**
 * relabel: Prometheus' relabel_config (model/relabel in Prometheus 2.42) as a pure module —
 * compile a raw config once (defaults, validation), then apply a chain of them to a label set.
 * Each step sees the labels the previous one produced; `keep`/`drop`/`keepequal`/`dropequal`
 * can drop the whole set (undefined). Setting a label to "" removes it, as labels.Builder does.
 *
 * Regexes go through `relabelRegex` only, the one place that turns a pattern into a matcher, on
 * the project's RE2 engine (core/re2.ts), as Prometheus uses Go's RE2.
 */
import { createHash } from 'node:crypto';
import { sortedLabelNames, type Labels } from './labels.js';
import { anchoredRegex } from './matcher.js';
import { expandTemplate, type Re2 } from '../core/re2.js';

/** RELABEL_ACTIONS are the actions Prometheus 2.42 knows (lower case; the config may use any case). */
export const RELABEL_ACTIONS = ['replace', 'keep', 'drop', 'keepequal', 'dropequal', 'hashmod', 'labelmap', 'labeldrop', 'labelkeep', 'lowercase', 'uppercase'] as const;

/** RelabelAction is one of RELABEL_ACTIONS. */
export type RelabelAction = (typeof RELABEL_ACTIONS)[number];

/** RawRelabelConfig is one relabel_configs entry as written in YAML. */
export interface RawRelabelConfig {
  source_labels?: string[];
  separator?: string;
  regex?: string;
  modulus?: number;
  target_label?: string;
  replacement?: string;
  action?: string;
}

/** RelabelConfig is a compiled entry with Prometheus' defaults applied. */
export interface RelabelConfig {
  readonly sourceLabels: readonly string[];
  readonly separator: string;
  readonly regex: Re2;
  readonly modulus: number;
  readonly targetLabel: string;
  readonly replacement: string;
  readonly action: RelabelAction;
}

/** RelabelConfigError names the offending field of a raw entry (for file:line:col reporting). */
export interface RelabelConfigError {
  readonly field: keyof RawRelabelConfig | undefined;
  readonly message: string;
}

const DEFAULT_REGEX = '(.*)';
const DEFAULT_SEPARATOR = ';';
const DEFAULT_REPLACEMENT = '$1';
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// A target label or labelmap replacement made of name characters and $1 / ${name} references.
const RELABEL_TARGET = /^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$/;

/**
 * relabelRegex compiles a relabel regex, fully anchored as Prometheus anchors it, on the project's
 * one RE2 engine (Go's syntax, `(?P<name>…)` included; linear time).
 */
export function relabelRegex(pattern: string): Re2 {
  return anchoredRegex(pattern);
}

/** compileRelabelConfig applies defaults and Prometheus' validation; errors name the field. */
export function compileRelabelConfig(raw: RawRelabelConfig): { config: RelabelConfig } | { error: RelabelConfigError } {
  const fail = (field: keyof RawRelabelConfig | undefined, message: string): { error: RelabelConfigError } => ({ error: { field, message } });
  const action = (raw.action ?? 'replace').toLowerCase() as RelabelAction;
  if (!RELABEL_ACTIONS.includes(action)) return fail('action', `unknown relabel action "${raw.action}" (one of ${RELABEL_ACTIONS.join(', ')})`);
  for (const l of raw.source_labels ?? []) if (!LABEL_NAME.test(l)) return fail('source_labels', `"${l}" is not a valid label name`);
  const regexSource = raw.regex ?? DEFAULT_REGEX;
  let regex: Re2;
  try {
    regex = relabelRegex(regexSource);
  } catch (err) {
    return fail('regex', (err as Error).message);
  }
  const target = raw.target_label ?? '';
  const replacement = raw.replacement ?? DEFAULT_REPLACEMENT;
  const separator = raw.separator ?? DEFAULT_SEPARATOR;
  const modulus = raw.modulus ?? 0;
  const needsTarget = ['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal'].includes(action);
  if (action === 'hashmod' && modulus === 0) return fail('modulus', 'relabel configuration for hashmod requires non-zero modulus');
  if (needsTarget && target === '') return fail('target_label', `relabel configuration for ${action} action requires 'target_label' value`);
  if (action === 'replace' && !(target.includes('$') ? RELABEL_TARGET.test(target) : LABEL_NAME.test(target))) {
    return fail('target_label', `"${target}" is invalid 'target_label' for ${action} action`);
  }
  if (['lowercase', 'uppercase', 'keepequal', 'dropequal', 'hashmod'].includes(action) && !LABEL_NAME.test(target)) {
    return fail('target_label', `"${target}" is invalid 'target_label' for ${action} action`);
  }
  if (['lowercase', 'uppercase', 'keepequal', 'dropequal'].includes(action) && replacement !== DEFAULT_REPLACEMENT) {
    return fail('replacement', `'replacement' can not be set for ${action} action`);
  }
  if (action === 'labelmap' && !RELABEL_TARGET.test(replacement)) return fail('replacement', `"${replacement}" is invalid 'replacement' for ${action} action`);
  if ((action === 'keepequal' || action === 'dropequal') && (regexSource !== DEFAULT_REGEX || modulus !== 0 || separator !== DEFAULT_SEPARATOR || replacement !== DEFAULT_REPLACEMENT)) {
    return fail(undefined, `${action} action requires only 'source_labels' and 'target_label', and no other fields`);
  }
  if ((action === 'labeldrop' || action === 'labelkeep') && (raw.source_labels !== undefined || target !== '' || modulus !== 0 || separator !== DEFAULT_SEPARATOR || replacement !== DEFAULT_REPLACEMENT)) {
    return fail(undefined, `${action} action requires only 'regex', and no other fields`);
  }
  return { config: { sourceLabels: raw.source_labels ?? [], separator, regex, modulus, targetLabel: target, replacement, action } };
}

/** relabel applies the chain; undefined means the label set was dropped. */
export function relabel(labels: Labels, configs: readonly RelabelConfig[]): Labels | undefined {
  let cur: Labels = labels;
  for (const c of configs) {
    const next = step(cur, c);
    if (!next) return undefined;
    cur = next;
  }
  return cur;
}

function step(l: Labels, c: RelabelConfig): Labels | undefined {
  const val = c.sourceLabels.map((n) => l[n] ?? '').join(c.separator);
  const out: Record<string, string> = { ...l };
  const set = (k: string, v: string): void => {
    if (v === '') delete out[k];
    else out[k] = v;
  };
  switch (c.action) {
    case 'drop':
      return c.regex.test(val) ? undefined : l;
    case 'keep':
      return c.regex.test(val) ? l : undefined;
    case 'dropequal':
      return (l[c.targetLabel] ?? '') === val ? undefined : l;
    case 'keepequal':
      return (l[c.targetLabel] ?? '') === val ? l : undefined;
    case 'replace': {
      const m = c.regex.exec(val);
      if (!m) return l;
      const target = expandTemplate(c.targetLabel, m);
      if (!LABEL_NAME.test(target)) return l;
      set(target, expandTemplate(c.replacement, m));
      return out;
    }
    case 'lowercase':
      set(c.targetLabel, val.toLowerCase());
      return out;
    case 'uppercase':
      set(c.targetLabel, val.toUpperCase());
      return out;
    case 'hashmod': {
      // The last 8 bytes of the MD5, big-endian, modulo the modulus.
      const h = createHash('md5').update(val).digest();
      set(c.targetLabel, String(h.readBigUInt64BE(8) % BigInt(c.modulus)));
      return out;
    }
    case 'labelmap':
      // In name order, as Prometheus ranges over sorted labels: when two map to one name, the later wins.
      for (const k of sortedLabelNames(l)) {
        const m = c.regex.exec(k);
        if (m) set(expandTemplate(c.replacement, m), l[k]!);
      }
      return out;
    case 'labeldrop':
      for (const k of Object.keys(l)) if (c.regex.test(k)) delete out[k];
      return out;
    case 'labelkeep':
      for (const k of Object.keys(l)) if (!c.regex.test(k)) delete out[k];
      return out;
  }
}

