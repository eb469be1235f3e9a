import { describe, expect, it } from 'vitest';
import { RefusalReporter } from './refusals.js';

describe('RefusalReporter', () => {
  it('reports growth by reason at most once a minute, with the count since the last report', () => {
    const r = new RefusalReporter(60_000);
    expect(r.poll({ maxSeries: 0, memoryBudget: 0 }, 0)).toEqual([]);
    expect(r.poll({ maxSeries: 5, memoryBudget: 0 }, 1_000)).toEqual([{ reason: 'max_series', refused: 5 }]);
    expect(r.poll({ maxSeries: 900, memoryBudget: 3 }, 30_000)).toEqual([]);
    expect(r.poll({ maxSeries: 900, memoryBudget: 3 }, 61_000)).toEqual([
      { reason: 'max_series', refused: 895 },
      { reason: 'memory_budget', refused: 3 },
    ]);
    expect(r.poll({ maxSeries: 900, memoryBudget: 3 }, 200_000)).toEqual([]);
  });
});
