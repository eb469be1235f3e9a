/**
 * retain-policy: which series the daemon keeps. By default only the metric names that loaded rules
 * and the detectors read (plus the scrape health series) are stored, so a target exporting 50k
 * series does not cost memory for series nothing looks at; `keep_all_series: true` keeps everything.
 */
import type { Labels } from '../model/labels.js';

/**
 * retainFor returns the store's `retain` predicate. It reads `keepAll` and `names` on every call
 * so a reload that adds rules widens the set without rebuilding the store. An empty name (a rule
 * selecting by labels only) means every series may be needed.
 */
export function retainFor(keepAll: () => boolean, names: ReadonlySet<string>, prefixes: readonly string[] = []): (labels: Labels) => boolean {
  return (labels) => {
    if (keepAll() || names.has('')) return true;
    const name = labels['__name__'] ?? '';
    if (names.has(name)) return true;
    for (const p of prefixes) if (name.startsWith(p)) return true;
    return false;
  };
}
