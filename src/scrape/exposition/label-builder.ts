/**
 * label-builder: makes Labels objects fast. A scrape repeats a few label-name sequences thousands
 * of times; filling an object key by key makes every store site megamorphic across families. So
 * for each sequence we generate, once, a function returning an object literal with those keys:
 * V8 then creates each object from one boilerplate. The generated source only ever contains names
 * the scanner has validated as [a-zA-Z_][a-zA-Z0-9_]*, so nothing from the input can inject code.
 */
import { unescapeLabelValue } from './unescape.js';

/** LabelBuilder turns the scanner's offsets for one line into a Labels object (with `__name__`). */
export type LabelBuilder = (
  metric: string,
  text: string,
  offs: readonly number[],
  escaped: readonly boolean[],
  recent: Array<string | undefined>,
) => Record<string, string>;

/**
 * labelValue slices one value, reusing the string from the previous line at the same label index
 * when the raw text is the same (`method="GET"`, `le="0.5"` repeat constantly): fewer allocations,
 * less GC, and label sets that share their strings downstream. `recent` holds two entries per
 * label index, the raw text (2k) and the value made from it (2k + 1), so a repeated value with
 * escapes is not unescaped again: equal raw text always has equal escapes.
 */
export function labelValue(
  t: string,
  start: number,
  end: number,
  escaped: boolean | undefined,
  recent: Array<string | undefined>,
  k: number,
): string {
  // One slice either way: compared to the cached raw text on a hit, kept on a miss.
  const r = t.slice(start, end);
  if (r === recent[2 * k]) return recent[2 * k + 1]!;
  const v = escaped ? unescapeLabelValue(r) : r;
  recent[2 * k] = r;
  recent[2 * k + 1] = v;
  return v;
}

const MAX_GENERATED = 24;
const MAX_CACHED = 4096;
const cache = new Map<string, LabelBuilder>();

/** labelBuilder returns the (cached) builder for the first `count` entries of `names`. */
export function labelBuilder(names: readonly string[], count: number): LabelBuilder {
  if (count > MAX_GENERATED) return genericBuilder(names.slice(0, count));
  const key = names.slice(0, count).join(',');
  let b = cache.get(key);
  if (b === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    b = generate(names.slice(0, count));
    cache.set(key, b);
  }
  return b;
}

function generate(names: readonly string[]): LabelBuilder {
  let body = 'return function build(m, t, o, e, r) { return { __name__: m';
  for (let k = 0; k < names.length; k++) {
    // A computed key defines an own property even for "__proto__", unlike a plain literal key.
    body += `, [${JSON.stringify(names[k])}]: v(t, o[${k * 4 + 2}], o[${k * 4 + 3}], e[${k}], r, ${k})`;
  }
  body += ' }; };';
  return new Function('v', body)(labelValue) as LabelBuilder;
}

function genericBuilder(names: readonly string[]): LabelBuilder {
  return (m, t, o, e, r) => {
    const out: Record<string, string> = { __name__: m };
    for (let k = 0; k < names.length; k++) {
      Object.defineProperty(out, names[k]!, {
        value: labelValue(t, o[k * 4 + 2]!, o[k * 4 + 3]!, e[k], r, k),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
}
