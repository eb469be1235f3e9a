/**
 * label: label_replace and label_join; label_replace's regex is RE2 (core/re2.ts) and its
 * replacement follows Go's Regexp.Expand ($1, ${1}, $name, $$).
 */
import { DaemonError, ErrorCode } from '../../../core/errors.js';
import { expandTemplate, type Re2 } from '../../../core/re2.js';
import { anchoredRegex } from '../../../model/matcher.js';
import type { Labels } from '../../../model/labels.js';
import { withLabel } from '../label-sets.js';
import type { VecSample } from '../types.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** labelReplace implements label_replace(v, dst, replacement, src, regex). */
export function labelReplace(vec: VecSample[], dst: string, repl: string, src: string, regex: string): VecSample[] {
  let re: Re2;
  try {
    re = anchoredRegex(regex);
  } catch (err) {
    throw new DaemonError(ErrorCode.PROMQL_EVAL, `invalid regular expression in label_replace(): ${regex}`, { cause: err });
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
