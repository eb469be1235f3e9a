/**
 * parse-status: /proc/PID/status (proc(5)), `Key:<tab>value` lines. Memory fields carry a ` kB`
 * suffix; we return them in bytes so every memory series shares one unit.
 */
import { parseFailure, splitLines } from '../cgroup/parse-util.js';

/** ProcStatus holds the memory fields of /proc/PID/status in bytes, keyed as in the file (VmRSS, RssAnon, …). */
export interface ProcStatus {
  readonly name?: string;
  /** memory maps every `... kB` field to bytes. */
  readonly memory: Readonly<Record<string, number>>;
}

/** parseProcStatus parses the file; a line without `:` or a malformed `kB` value is an error. */
export function parseProcStatus(text: string, file = 'status'): ProcStatus {
  const memory: Record<string, number> = {};
  let name: string | undefined;
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const colon = raw.indexOf(':');
    if (colon <= 0) throw parseFailure(file, i + 1, 1, `expected "Key: value", got ${JSON.stringify(raw)}`);
    const key = raw.slice(0, colon);
    const value = raw.slice(colon + 1).trim();
    if (key === 'Name') name = value;
    if (!value.endsWith(' kB')) continue;
    const num = value.slice(0, -3).trim();
    if (!/^\d+$/.test(num)) throw parseFailure(file, i + 1, colon + 2, `expected "<n> kB" for ${key}, got ${JSON.stringify(value)}`);
    memory[key] = Number(num) * 1024;
  }
  return name === undefined ? { memory } : { name, memory };
}
