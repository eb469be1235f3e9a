import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DaemonError } from '../../core/errors.js';
import { expandValues, runScript } from './script.js';

const dir = join(import.meta.dirname, '../../../test/fixtures/promql');

describe('promqltest scripts', () => {
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.test')).sort()) {
    it(f, () => {
      const r = runScript(readFileSync(join(dir, f), 'utf8'), `test/fixtures/promql/${f}`);
      expect(r.evals).toBeGreaterThan(0);
    });
  }
});

describe('script runner', () => {
  it('expands series notation', () => {
    expect(expandValues('0+10x3 _ stale 1-1x2 _x2 7x1')).toEqual([0, 10, 20, 30, 'skip', 'stale', 1, 0, -1, 'skip', 'skip', 7, 7]);
  });

  it('reports a wrong expectation with file and line', () => {
    const script = 'load 1m\n  m{a="1"} 1 2 3\n\neval instant at 2m m\n  m{a="1"} 4\n';
    try {
      runScript(script, 'x.test');
      expect.unreachable();
    } catch (err) {
      expect(DaemonError.is(err) && err.message).toContain('x.test:5:');
    }
  });

  it('fails eval_fail when the query succeeds', () => {
    expect(() => runScript('load 1m\n  m 1\n\neval_fail instant at 0m m\n', 'y.test')).toThrow(/expected "m" to fail/);
  });
});
