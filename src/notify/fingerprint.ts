/**
 * fingerprint: Alertmanager's alert identity — FNV-1a 64 over the sorted label names and values,
 * each followed by the 0xff separator (prometheus/common model.LabelSet.Fingerprint), as 16 hex digits.
 * Matching the algorithm keeps webhook `fingerprint` fields comparable with Alertmanager's.
 */
import type { Labels } from '../model/labels.js';
import { sortedLabelNames } from '../model/labels.js';

const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;
const enc = new TextEncoder();

/** fingerprint returns the 16-hex-digit identity of a label set. */
export function fingerprint(l: Labels): string {
  let h = OFFSET;
  const add = (b: number): void => {
    h ^= BigInt(b);
    h = (h * PRIME) & MASK;
  };
  for (const k of sortedLabelNames(l)) {
    const v = l[k]!;
    if (v === '') continue;
    for (const b of enc.encode(k)) add(b);
    add(0xff);
    for (const b of enc.encode(v)) add(b);
    add(0xff);
  }
  return h.toString(16).padStart(16, '0');
}

/** labelSetString renders `{a="1", b="2"}` like model.LabelSet.String, used in group keys. */
export function labelSetString(l: Labels): string {
  const parts = sortedLabelNames(l)
    .filter((k) => l[k] !== '')
    .map((k) => `${k}=${JSON.stringify(l[k])}`);
  return '{' + parts.join(', ') + '}';
}
