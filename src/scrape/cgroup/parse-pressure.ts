/**
 * parse-pressure: PSI files (memory.pressure) as documented in Documentation/accounting/psi.rst:
 *   some avg10=0.00 avg60=0.00 avg300=0.00 total=0
 *   full avg10=0.00 avg60=0.00 avg300=0.00 total=0
 * `total` is cumulative stall time in microseconds; the averages are percentages.
 */
import { parseFailure, splitLines } from './parse-util.js';

/** PressureLine is one `some` or `full` line. */
export interface PressureLine {
  readonly avg10: number;
  readonly avg60: number;
  readonly avg300: number;
  /** totalMicros is the cumulative stall time in microseconds. */
  readonly totalMicros: number;
}

/** Pressure holds both lines; `full` is absent in files that only report `some` (cpu on old kernels). */
export interface Pressure {
  readonly some?: PressureLine;
  readonly full?: PressureLine;
}

const FIELDS = ['avg10', 'avg60', 'avg300', 'total'] as const;

/** parsePressure parses a PSI file; unknown line kinds or fields are errors, extra fields are not. */
export function parsePressure(text: string, file: string): Pressure {
  const out: { some?: PressureLine; full?: PressureLine } = {};
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const [kind, ...pairs] = raw.trim().split(/\s+/);
    if (kind !== 'some' && kind !== 'full') {
      throw parseFailure(file, i + 1, 1, `expected "some" or "full", got ${JSON.stringify(kind)}`);
    }
    if (out[kind]) throw parseFailure(file, i + 1, 1, `duplicate "${kind}" line`);
    const values = new Map<string, number>();
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      const col = raw.indexOf(pair) + 1;
      if (eq <= 0) throw parseFailure(file, i + 1, col, `expected key=value, got ${JSON.stringify(pair)}`);
      const value = pair.slice(eq + 1);
      if (!/^\d+(\.\d+)?$/.test(value)) {
        throw parseFailure(file, i + 1, col + eq + 1, `expected a number, got ${JSON.stringify(value)}`);
      }
      values.set(pair.slice(0, eq), Number(value));
    }
    for (const f of FIELDS) {
      if (!values.has(f)) throw parseFailure(file, i + 1, 1, `"${kind}" line lacks ${f}=`);
    }
    out[kind] = {
      avg10: values.get('avg10')!,
      avg60: values.get('avg60')!,
      avg300: values.get('avg300')!,
      totalMicros: values.get('total')!,
    };
  }
  if (!out.some && !out.full) throw parseFailure(file, 1, 1, 'no "some" or "full" line');
  return out;
}
