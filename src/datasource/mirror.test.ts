import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/memory.js';
import type { DatasourceClient } from './client.js';
import { DatasourceMirror } from './mirror.js';
import type { QueryAnswer } from './response.js';

/** A datasource of `n` Go targets; target 3's copy fails. It records how many copies run at once. */
function fleet(n: number): { client: DatasourceClient; maxInFlight: () => number } {
  let inFlight = 0;
  let max = 0;
  const client: DatasourceClient = {
    query: async (expr, at): Promise<QueryAnswer> => {
      if (expr.startsWith('group by')) {
        return { type: 'vector', samples: Array.from({ length: n }, (_, i) => ({ labels: { job: 'svc', instance: `h${i}:80` }, v: 1 })) };
      }
      inFlight++;
      max = Math.max(max, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      const inst = /instance="([^"]+)"/.exec(expr)![1]!;
      if (inst === 'h3:80') throw new Error('upstream timeout');
      return { type: 'matrix', series: [{ labels: { __name__: 'go_goroutines', job: 'svc', instance: inst }, t: [at - 30_000, at - 15_000, at], v: [1, 2, 3] }] };
    },
  };
  return { client, maxInFlight: () => max };
}

describe('DatasourceMirror', () => {
  it('copies a few targets at a time, and one failing target does not stop the others', async () => {
    const { client, maxInFlight } = fleet(20);
    const store = new MemoryStore();
    const m = new DatasourceMirror({ client, append: store, windowMs: 3_600_000 });
    const found = await m.sync(1_000_000);
    expect(found).toHaveLength(20);
    expect(maxInFlight()).toBeGreaterThan(1);
    expect(maxInFlight()).toBeLessThanOrEqual(8);
    expect(store.stats().samples).toBe(19 * 3);
    expect(m.status()).toMatchObject({ health: 'down', lastSync: 1_000_000, lastError: 'copying svc/h3:80 from the datasource failed: upstream timeout' });
  });

  it('takes a new client (rotated credentials) and keeps what it already copied', async () => {
    const first = fleet(1);
    const second = fleet(1);
    let secondUsed = 0;
    const counting = { query: (e: string, at: number) => (secondUsed++, second.client.query(e, at)) };
    const store = new MemoryStore();
    const m = new DatasourceMirror({ client: first.client, append: store, windowMs: 3_600_000 });
    await m.sync(1_000_000);
    m.useClient(counting);
    await m.sync(1_000_000);
    expect(secondUsed).toBeGreaterThan(0);
    expect(store.stats().samples).toBe(3);
  });

  it('re-reads a margin for late samples but appends nothing twice', async () => {
    const { client } = fleet(1);
    const store = new MemoryStore();
    const m = new DatasourceMirror({ client, append: store, windowMs: 3_600_000 });
    await m.sync(1_000_000);
    await m.sync(1_000_000);
    expect(store.stats().samples).toBe(3);
    await m.sync(1_015_000); // one new sample at 1_015_000; the others overlap
    expect(store.stats().samples).toBe(4);
    expect(m.status()).toMatchObject({ health: 'up', lastError: '' });
  });
});
