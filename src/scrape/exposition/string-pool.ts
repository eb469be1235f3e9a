/**
 * string-pool: one flat copy of each string that many targets send alike. A fleet of agents beside
 * Go services sends the same series texts (`go_gc_duration_seconds{quantile="0.5"}`), the same
 * `# HELP`/`# TYPE` lines and the same label values (metric names, `code="200"`, handler paths)
 * from every target; the target's own labels (`instance`, `job`) are added by the daemon and are
 * not in them. Each scrape cache used to keep a copy of its own of each: at 200 targets × 1,000
 * series, 200 copies of ~1,000 texts and of their values, about half of the daemon's string heap.
 * Every cache now takes its strings from one pool, so a string that 200 targets send is kept once.
 *
 * The pool is bounded, so it cannot grow with what targets have sent over time: two generations of
 * at most `maxEntries` strings and `maxChars` characters each. A string goes into the young one;
 * when that is full it becomes the old one and the old one is dropped; a string found in the old
 * one moves to the young one. What the pool alone keeps alive (strings no cache holds any more,
 * after their targets went away or changed) is therefore at most two generations: with the
 * defaults, 2 × 16,384 strings of 2 × 1 Mi characters in all (2 MB, plus 16 B a string), and the
 * two maps (24-56 B an entry with their slack): about 4 MB in the worst case, whatever the targets
 * send. Strings longer than `maxLength` (1,024) are copied but not pooled. In the
 * steady state nothing is looked up: the pool is only asked when a cache meets a new string.
 * When the distinct strings of all targets outnumber a generation, the pool turns over and
 * targets scraped after the turn keep copies of their own again, as before the pool.
 */

/** StringPool interns strings in a bounded, two-generation table. */
export class StringPool {
  private young = new Map<string, string>();
  private old = new Map<string, string>();
  private chars = 0;
  /** copied counts the strings the pool had to copy (not found in it). */
  copied = 0;

  constructor(
    private readonly maxEntries = 16_384,
    private readonly maxChars = 1 << 20,
    private readonly maxLength = 1024,
  ) {}

  /** intern returns a flat string equal to `s` (never a view into a payload), the pooled one when there is one. */
  intern(s: string): string {
    if (s.length > this.maxLength) {
      this.copied++;
      return copyString(s);
    }
    let c = this.young.get(s);
    if (c !== undefined) return c;
    c = this.old.get(s);
    if (c !== undefined) this.old.delete(s);
    else {
      c = copyString(s);
      this.copied++;
    }
    if (this.young.size >= this.maxEntries || this.chars + c.length > this.maxChars) {
      this.old = this.young;
      this.young = new Map();
      this.chars = 0;
    }
    this.young.set(c, c);
    this.chars += c.length;
    return c;
  }

  /** size is how many strings the pool holds (both generations). */
  get size(): number {
    return this.young.size + this.old.size;
  }
}

/** sharedStrings is the pool of every scrape cache of the process. */
export const sharedStrings = new StringPool();

/**
 * copyString returns `s` in a flat string of its own. A slice of the payload is a view that keeps
 * the whole payload alive, which a long-lived cache key must not do. Slicing a concatenation
 * (`(' ' + s).slice(1)`) does copy, but V8 then answers a slice of 13 characters or more with a
 * SlicedString: a ~32-byte view on top of the copy, kept as long as the copy (2 per series, 13 MiB
 * at 200k series). A round trip through UTF-8 bytes yields one flat string; it costs ~1 µs, paid
 * only when a string is new to the pool.
 */
export function copyString(s: string): string {
  return s.length < 13 ? (' ' + s).slice(1) : Buffer.from(s, 'utf8').toString('utf8');
}
