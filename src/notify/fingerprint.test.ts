import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint, labelSetString } from './fingerprint.js';

/** reference is the textbook FNV-1a 64 in BigInt, to check the limb arithmetic against. */
function reference(l: Record<string, string>): string {
  let h = 0xcbf29ce484222325n;
  const add = (b: number): void => {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  };
  const enc = new TextEncoder();
  for (const k of Object.keys(l).sort()) {
    if (l[k] === '') continue;
    for (const b of enc.encode(k)) add(b);
    add(0xff);
    for (const b of enc.encode(l[k])) add(b);
    add(0xff);
  }
  return h.toString(16).padStart(16, '0');
}

describe('fingerprint', () => {
  it('matches the BigInt FNV-1a 64 reference on arbitrary label sets (incl. non-ASCII)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 20 }), { maxKeys: 6 }), (l) => {
        expect(fingerprint(l)).toBe(reference(l));
      }),
      { numRuns: 300 },
    );
    expect(fingerprint({ job: 'api', ünïcode: 'värde' })).toBe(reference({ job: 'api', ünïcode: 'värde' }));
  });

  it('renders label sets like model.LabelSet.String', () => {
    expect(labelSetString({ b: '2', a: 'x"y', c: '' })).toBe('{a="x\\"y", b="2"}');
  });
});
