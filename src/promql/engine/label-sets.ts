/**
 * label-sets: label-set helpers for the hot paths: cached name-dropping, cached canonical keys and
 * matching signatures built without sorting per sample.
 */
import { labelsKey, METRIC_NAME, sortedLabelNames, type Labels } from '../../model/labels.js';

const keyCache = new WeakMap<Labels, string>();
const dropCache = new WeakMap<Labels, Labels>();

/** keyOf returns the canonical key of a label set, computed once per label object. */
export function keyOf(l: Labels): string {
  let k = keyCache.get(l);
  if (k === undefined) {
    k = labelsKey(l);
    keyCache.set(l, k);
  }
  return k;
}

/** dropName removes `__name__`, reusing the result for the same input object. */
export function dropName(l: Labels): Labels {
  if (!(METRIC_NAME in l)) return l;
  let d = dropCache.get(l);
  if (d === undefined) {
    const out: Record<string, string> = {};
    for (const k in l) if (k !== METRIC_NAME) out[k] = l[k]!;
    d = Object.freeze(out);
    dropCache.set(l, d);
  }
  return d;
}

const signatureFns = new Map<string, (l: Labels) => string>();

/**
 * signatureFn returns a function mapping labels to a matching key: only `names` (on) or all but
 * `names` and `__name__`. Functions are shared per configuration and cache keys per label object,
 * so every step of a range query and every rule evaluation reuse them.
 */
export function signatureFn(on: boolean, names: readonly string[]): (l: Labels) => string {
  const id = (on ? 'on\xff' : 'ignoring\xff') + names.join('\xff');
  let fn = signatureFns.get(id);
  if (fn) return fn;
  const sorted = [...names].sort();
  const excluded = new Set([...names, METRIC_NAME]);
  const compute = on
    ? (l: Labels): string => {
      let s = '';
      for (const n of sorted) s += (l[n] ?? '') + '\xff';
      return s;
    }
    : (l: Labels): string => {
      let s = '';
      for (const n of Object.keys(l).sort()) {
        if (excluded.has(n) || l[n] === '') continue;
        s += n + '\xfe' + l[n] + '\xff';
      }
      return s;
    };
  const cache = new WeakMap<Labels, string>();
  fn = (l: Labels): string => {
    let k = cache.get(l);
    if (k === undefined) {
      k = compute(l);
      cache.set(l, k);
    }
    return k;
  };
  if (signatureFns.size > 10_000) signatureFns.clear();
  signatureFns.set(id, fn);
  return fn;
}

/** withLabel returns a copy of `l` with `name` set, or removed when `value` is empty. */
export function withLabel(l: Labels, name: string, value: string): Labels {
  const out: Record<string, string> = { ...l };
  if (value === '') delete out[name];
  else out[name] = value;
  return out;
}

/** formatFloat renders a float like Go's strconv.FormatFloat(v, 'f', -1, 64). */
export function formatFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const s = String(v);
  if (!s.includes('e')) return s;
  const [mant, expS] = s.split('e') as [string, string];
  const exp = Number(expS);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const intLen = (mant.replace('-', '').split('.')[0] ?? '').length;
  const point = intLen + exp;
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  return (neg ? '-' : '') + out;
}

const sortKeyCache = new WeakMap<Labels, string>();

/**
 * sortKeyOf encodes a label set so that plain string order equals Prometheus' labels.Compare order
 * (pairwise by sorted name, then value, shorter set first). Storage returns series in this order,
 * and topk/bottomk ties depend on it. Cached per label object, since sorting happens every query.
 */
export function sortKeyOf(l: Labels): string {
  let k = sortKeyCache.get(l);
  if (k === undefined) {
    k = '';
    for (const n of sortedLabelNames(l)) k += n + '\x00' + l[n] + '\x00';
    sortKeyCache.set(l, k);
  }
  return k;
}
