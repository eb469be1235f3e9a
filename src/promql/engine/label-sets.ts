/**
 * label-sets: label-set helpers for the hot paths: name-dropping, canonical keys and matching
 * signatures, kept for the length of one query where a query meets the same label sets again.
 */
import { labelsKey, METRIC_NAME, type Labels } from '../../model/labels.js';

/** dropName removes `__name__` (a new object; LabelMemo keeps it for the rest of a query). */
export function dropName(l: Labels): Labels {
  if (!(METRIC_NAME in l)) return l;
  const out: Record<string, string> = {};
  for (const k in l) if (k !== METRIC_NAME) out[k] = l[k]!;
  return Object.freeze(out);
}

const signatureFns = new Map<string, (l: Labels) => string>();

/**
 * signatureFn returns a function mapping labels to a matching key: only `names` (on) or all but
 * `names` and `__name__`. The functions are shared per configuration; the keys are not kept.
 */
export function signatureFn(on: boolean, names: readonly string[]): (l: Labels) => string {
  const id = signatureId(on, names);
  let fn = signatureFns.get(id);
  if (fn) return fn;
  const sorted = [...names].sort();
  const excluded = new Set([...names, METRIC_NAME]);
  fn = on
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
  if (signatureFns.size > 10_000) signatureFns.clear();
  signatureFns.set(id, fn);
  return fn;
}

function signatureId(on: boolean, names: readonly string[]): string {
  return (on ? 'on\xff' : 'ignoring\xff') + names.join('\xff');
}

/**
 * LabelMemo derives keys and name-less label sets for one query. A query that evaluates more than
 * one step (a range query, a subquery) meets the same label objects at every step and keeps what
 * it derived until it ends; a one-step query (every rule) computes each once anyway and keeps
 * nothing. Nothing outlives the query: kept per label object for the process, these keys and copies
 * held more heap than the store's own series at 200k series.
 */
export class LabelMemo {
  private keys: Map<Labels, string> | undefined;
  private dropped: Map<Labels, Labels> | undefined;
  private sigs: Map<string, (l: Labels) => string> | undefined;

  /** keep says whether derived values are kept; a plan that finds several steps turns it on. */
  constructor(public keep: boolean) {}

  /** keyOf returns the canonical key of a label set. */
  keyOf(l: Labels): string {
    if (!this.keep) return labelsKey(l);
    return remembered((this.keys ??= new Map()), l, labelsKey);
  }

  /** dropName removes `__name__`, returning the same object for the same input within the query. */
  dropName(l: Labels): Labels {
    if (!this.keep || !(METRIC_NAME in l)) return dropName(l);
    return remembered((this.dropped ??= new Map()), l, dropName);
  }

  /** signature is signatureFn, with the keys kept per label object when the query keeps values. */
  signature(on: boolean, names: readonly string[]): (l: Labels) => string {
    const compute = signatureFn(on, names);
    if (!this.keep) return compute;
    this.sigs ??= new Map();
    const id = signatureId(on, names);
    let fn = this.sigs.get(id);
    if (fn === undefined) {
      const cache = new Map<Labels, string>();
      fn = (l: Labels): string => remembered(cache, l, compute);
      this.sigs.set(id, fn);
    }
    return fn;
  }
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

/** remembered returns `map`'s value for `l`, computing and keeping it on first use. */
function remembered<T>(map: Map<Labels, T>, l: Labels, compute: (l: Labels) => T): T {
  let v = map.get(l);
  if (v === undefined) {
    v = compute(l);
    map.set(l, v);
  }
  return v;
}
