/**
 * parse-flat-keyed: the "flat keyed" cgroup file format (`key value` per line), used by
 * memory.stat (v1 and v2), memory.events, memory.events.local and v1 memory.oom_control.
 * Keys are looked up by name, never by position, because kernels add fields mid-file.
 */
import { parseFailure, parseInteger, splitLines } from './parse-util.js';

/** FlatKeyed maps each key of a flat-keyed file to its integer value, in file order. */
export type FlatKeyed = Readonly<Record<string, number>>;

/**
 * parseFlatKeyed parses `key value` lines; `file` names the source in errors. Blank lines are
 * ignored; a line without exactly two fields, a non-integer value or a repeated key is an error.
 */
export function parseFlatKeyed(text: string, file: string): FlatKeyed {
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const fields = raw.trim().split(/\s+/);
    if (fields.length !== 2) {
      throw parseFailure(file, i + 1, 1, `expected "key value", got ${JSON.stringify(raw)}`);
    }
    const [key, value] = fields as [string, string];
    if (key in out) throw parseFailure(file, i + 1, 1, `duplicate key ${JSON.stringify(key)}`);
    out[key] = parseInteger(value, file, i + 1, raw.indexOf(value, raw.indexOf(key) + key.length) + 1);
  }
  return Object.freeze({ ...out });
}
