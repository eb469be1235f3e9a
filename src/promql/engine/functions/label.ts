/**
 * label: label_replace and label_join, with Go regexp template expansion ($1, ${1}, $name, $$).
 */
import { DaemonError, ErrorCode } from '../../../core/errors.js';
import { anchoredRegex } from '../../../model/matcher.js';
import type { Labels } from '../../../model/labels.js';
import { withLabel } from '../label-sets.js';
import type { VecSample } from '../types.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** expandTemplate applies Go's Regexp.Expand rules to a replacement string. */
export function expandTemplate(tpl: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < tpl.length; i++) {
    const c = tpl[i]!;
    if (c !== '$' || i + 1 >= tpl.length) { out += c; continue; }
    const next = tpl[i + 1]!;
    if (next === '$') { out += '$'; i++; continue; }
    let name: string;
    if (next === '{') {
      const close = tpl.indexOf('}', i + 2);
      const inner = close < 0 ? '' : tpl.slice(i + 2, close);
      if (close < 0 || !/^[A-Za-z0-9_]+$/.test(inner)) { out += c; continue; }
      name = inner;
      i = close;
    } else {
      const r = /^[A-Za-z0-9_]+/.exec(tpl.slice(i + 1));
      if (!r) { out += c; continue; }
      name = r[0];
      i += name.length;
    }
    if (/^\d+$/.test(name)) out += m[Number(name)] ?? '';
    else out += m.groups?.[name] ?? '';
  }
  return out;
}

/** labelReplace implements label_replace(v, dst, replacement, src, regex). */
export function labelReplace(vec: VecSample[], dst: string, repl: string, src: string, regex: string): VecSample[] {
  let re: RegExp;
  try {
    re = anchoredRegex(regex.replace(/\(\?P</g, '(?<'));
  } catch {
    throw new DaemonError(ErrorCode.PROMQL_EVAL, `invalid regular expression in label_replace(): ${regex}`);
  }
  if (!LABEL_NAME.test(dst)) throw new DaemonError(ErrorCode.PROMQL_EVAL, `invalid destination label name in label_replace(): ${dst}`);
  const cache = new Map<Labels, Labels>();
  return vec.map((s) => {
    let out = cache.get(s.labels);
    if (!out) {
      const m = re.exec(s.labels[src] ?? '');
      out = m ? withLabel(s.labels, dst, expandTemplate(repl, m)) : s.labels;
      cache.set(s.labels, out);
    }
    return { labels: out, t: s.t, v: s.v };
  });
}

/** labelJoin implements label_join(v, dst, separator, src...). */
export function labelJoin(vec: VecSample[], dst: string, sep: string, srcs: string[]): VecSample[] {
  if (!LABEL_NAME.test(dst)) throw new DaemonError(ErrorCode.PROMQL_EVAL, `invalid destination label name in label_join(): ${dst}`);
  for (const s of srcs) {
    if (!LABEL_NAME.test(s)) throw new DaemonError(ErrorCode.PROMQL_EVAL, `invalid source label name in label_join(): ${s}`);
  }
  return vec.map((s) => ({ labels: withLabel(s.labels, dst, srcs.map((n) => s.labels[n] ?? '').join(sep)), t: s.t, v: s.v }));
}
