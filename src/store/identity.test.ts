import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { labelsKey, type Labels } from '../model/labels.js';
import { labelsHash, sameLabels } from './identity.js';

const labelSet = fc.dictionary(fc.constantFrom('__name__', 'job', 'instance', 'pod', 'le'), fc.constantFrom('', 'a', 'b', 'api', '0.5', 'x"y'), { maxKeys: 5 });

function shuffled(l: Labels, seed: number): Labels {
  const keys = Object.keys(l);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = (seed + i * 7) % (i + 1);
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = l[k]!;
  return out;
}

function normalized(l: Labels): Labels {
  return Object.fromEntries(Object.entries(l).filter(([, v]) => v !== ''));
}

describe('identity', () => {
  it('agrees with labelsKey equality, whatever the property order and empty values (property)', () => {
    fc.assert(
      fc.property(labelSet, labelSet, fc.nat(100), (a, b, seed) => {
        const same = labelsKey(a) === labelsKey(b);
        expect(sameLabels(normalized(a), b)).toBe(same);
        expect(labelsHash(shuffled(a, seed))).toBe(labelsHash(normalized(a)));
        if (same) expect(labelsHash(a)).toBe(labelsHash(b));
      }),
      { numRuns: 500 },
    );
  });
});
