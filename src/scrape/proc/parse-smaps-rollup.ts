/**
 * parse-smaps-rollup: /proc/PID/smaps_rollup (Linux 4.14+): one header line for the whole address
 * range, then `Key:   <n> kB` lines summed over all mappings (Rss, Pss, LazyFree, AnonHugePages, …).
 */
import { parseFailure, splitLines } from '../cgroup/parse-util.js';

const HEADER = /^[0-9a-f]+-[0-9a-f]+ /;
const FIELD = /^([A-Za-z_][A-Za-z0-9_]*):\s+(\d+) kB$/;

/** parseSmapsRollup returns every field in bytes, keyed as in the file. */
export function parseSmapsRollup(text: string, file = 'smaps_rollup'): Readonly<Record<string, number>> {
  const out: Record<string, number> = {};
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '' || (i === 0 && HEADER.test(raw))) continue;
    const m = FIELD.exec(raw.trim());
    if (!m) throw parseFailure(file, i + 1, 1, `expected "Key: <n> kB", got ${JSON.stringify(raw)}`);
    out[m[1]!] = Number(m[2]) * 1024;
  }
  return out;
}
