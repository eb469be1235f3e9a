/**
 * labels: the identity of a series. Labels are plain frozen records; `labelsKey` gives the canonical
 * string used as a map key everywhere (store, alert identity, grouping).
 */

/** Labels maps label names to values; `__name__` holds the metric name. */
export type Labels = Readonly<Record<string, string>>;

/** METRIC_NAME is the reserved label that carries a series' metric name. */
export const METRIC_NAME = '__name__';

/** sortedLabelNames returns the label names in byte order, as Prometheus sorts them. */
export function sortedLabelNames(l: Labels): string[] {
  return Object.keys(l).sort(byteCompare);
}

/** byteCompare orders strings by UTF-16 code units, which matches Go's byte order for ASCII names. */
export function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * labelsSortKey encodes a label set so that plain string order is Prometheus' labels.Compare order
 * (pairwise by sorted name, then value; a shorter set first). Not cached: callers that sort often
 * keep the order, not a key per series.
 */
export function labelsSortKey(l: Labels): string {
  let k = '';
  for (const n of sortedLabelNames(l)) k += n + '\x00' + l[n] + '\x00';
  return k;
}

/**
 * labelsKey renders the canonical identity `name{a="1",b="2"}` (labels sorted, values escaped).
 * Empty-valued labels are dropped, since Prometheus treats them as absent.
 */
export function labelsKey(l: Labels): string {
  const name = l[METRIC_NAME] ?? '';
  let out = name + '{';
  let first = true;
  for (const k of sortedLabelNames(l)) {
    if (k === METRIC_NAME) continue;
    const v = l[k]!;
    if (v === '') continue;
    out += (first ? '' : ',') + k + '="' + escapeLabelValue(v) + '"';
    first = false;
  }
  return out + '}';
}

/** escapeLabelValue escapes a value the way the text exposition format does. */
export function escapeLabelValue(v: string): string {
  if (!/["\\\n]/.test(v)) return v;
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** formatLabels renders `{a="1", b="2"}` for humans (promtool-style output). */
export function formatLabels(l: Labels): string {
  const parts = sortedLabelNames(l).map((k) => `${k}="${escapeLabelValue(l[k]!)}"`);
  return '{' + parts.join(', ') + '}';
}

/** withoutName drops `__name__`, as functions and operators do on their output. */
export function withoutName(l: Labels): Labels {
  if (!(METRIC_NAME in l)) return l;
  const { [METRIC_NAME]: _, ...rest } = l;
  return rest;
}

/** labelsEqual compares two label sets ignoring empty values. */
export function labelsEqual(a: Labels, b: Labels): boolean {
  return labelsKey(a) === labelsKey(b);
}
