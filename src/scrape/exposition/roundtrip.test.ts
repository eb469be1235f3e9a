import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DaemonError, ErrorCode } from '../../core/errors.js';
import { formatExposition } from './format.js';
import { parseExposition } from './parse.js';
import type { ExpositionFormat, FamilyMeta, MetricType, ParsedSample } from './types.js';

const metricName = fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,12}$/);
const labelName = fc.oneof(
  fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,10}$/).filter((n) => n !== '__name__'),
  fc.constantFrom('le', 'quantile', '__proto__', 'constructor'),
);
// Values lean on the characters that need escaping, plus arbitrary UTF-16.
const labelValue = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom('\\', '"', '\n', 'n', ' ', '{', '}', ',', '=', '#', 'x') }),
  fc.string({ unit: 'binary' }),
);
const value = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1e21, 5e-324));

// labelsOf builds the object with defineProperty so that "__proto__" stays an own label.
function labelsOf(name: string, pairs: Array<[string, string]>): Record<string, string> {
  const out: Record<string, string> = { __name__: name };
  for (const [k, v] of pairs) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

const TEXT_TYPES: MetricType[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];
const OM_TYPES: MetricType[] = ['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown'];

function payload(format: ExpositionFormat) {
  const ts =
    format === 'prometheus'
      ? fc.option(fc.maxSafeInteger(), { nil: undefined })
      : fc.option(
          fc.tuple(fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }), fc.integer({ min: 0, max: 999 })).map(([s, ms]) => s * 1000 + ms),
          { nil: undefined },
        );
  const sample = fc.record({
    suffix: fc.constantFrom('', '_total', '_bucket', '_sum', '_count', '_created'),
    pairs: fc.uniqueArray(fc.tuple(labelName, labelValue), { maxLength: 5, selector: (p) => p[0] }),
    value,
    ts,
  });
  const family = fc.record({
    name: metricName,
    type: fc.constantFrom(...(format === 'prometheus' ? TEXT_TYPES : OM_TYPES)),
    help: fc.option(labelValue, { nil: undefined }),
    unit: format === 'openmetrics' ? fc.option(fc.stringMatching(/^[a-z]{1,6}$/), { nil: undefined }) : fc.constant(undefined),
    samples: fc.array(sample, { maxLength: 6 }),
  });
  return fc.uniqueArray(family, { maxLength: 6, selector: (f) => f.name }).map((fams) => {
    const families = new Map<string, FamilyMeta>();
    const samples: ParsedSample[] = [];
    for (const f of fams) {
      // A unit must be a `_unit` suffix of the family name, so append it to the name.
      const name = f.unit === undefined ? f.name : `${f.name}_${f.unit}`;
      const meta: FamilyMeta = { type: f.type };
      if (f.help !== undefined) meta.help = f.help;
      if (f.unit !== undefined) meta.unit = f.unit;
      families.set(name, meta);
      for (const s of f.samples) {
        const p: ParsedSample = { labels: labelsOf(name + s.suffix, s.pairs), value: s.value };
        if (s.ts !== undefined) p.timestampMs = s.ts;
        samples.push(p);
      }
    }
    return { families, samples };
  });
}

describe('format → parse round trip', () => {
  for (const format of ['prometheus', 'openmetrics'] as const) {
    it(`gives back the same samples and families (${format})`, () => {
      fc.assert(
        fc.property(payload(format), ({ families, samples }) => {
          // Family names may collide once units are appended; keep the test about distinct families.
          fc.pre(new Set(families.keys()).size === families.size);
          const text = formatExposition(samples, families, format);
          const back = parseExposition(text, format);
          expect(back.samples).toEqual(samples);
          for (const [i, s] of back.samples.entries()) {
            expect(Object.keys(s.labels)).toEqual(Object.keys(samples[i]!.labels));
          }
          expect(back.families).toEqual(families);
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe('garbage in', () => {
  for (const format of ['prometheus', 'openmetrics'] as const) {
    it(`either parses or throws EXPOSITION_PARSE with a position (${format})`, () => {
      const piece = fc.constantFrom('a', 'b_c', '{', '}', '"', '\\', '=', ',', ' ', '\t', '\n', '#', ' HELP ', ' TYPE ', ' EOF', '1', '.5', 'e', 'NaN', '+Inf', 'x="1"');
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
          const text = parts.join('');
          try {
            parseExposition(text, format);
          } catch (e) {
            expect(DaemonError.is(e) && e.code === ErrorCode.EXPOSITION_PARSE).toBe(true);
            const pos = (e as DaemonError).position!;
            expect(pos.line).toBeGreaterThanOrEqual(1);
            expect(pos.col).toBeGreaterThanOrEqual(1);
          }
        }),
        { numRuns: 2000 },
      );
    });
  }
});
