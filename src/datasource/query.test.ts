import { describe, expect, it } from 'vitest';
import { leaksleuthLocalNames, placement, routedQueryFn } from './query.js';
import type { QueryFn } from '../rules/types.js';

const isLocal = leaksleuthLocalNames(new Set(['job:heap:max']));

describe('datasource placement', () => {
  it('sends what only leaksleuth holds to the local engine and everything else to the datasource', () => {
    expect(placement('leaksleuth_diagnosis_verdict{leak="true"} > 0.7', isLocal)).toBe('local');
    expect(placement('ALERTS{alertstate="firing"}', isLocal)).toBe('local');
    expect(placement('job:heap:max > 1e9', isLocal)).toBe('local');
    expect(placement('rate(go_memstats_alloc_bytes_total[5m]) > 1e6', isLocal)).toBe('remote');
    expect(placement('vector(1)', isLocal)).toBe('remote');
    // A selector without a fixed name may match anything; only the datasource can answer it.
    expect(placement('{job="api"}', isLocal)).toBe('remote');
    expect(placement('leaksleuth_diagnosis_leak and on (job, instance) up', isLocal)).toEqual({ mixed: { local: ['leaksleuth_diagnosis_leak'], remote: ['up'] } });
  });

  it('routes each query and refuses a mix with a message that says what to do', async () => {
    const calls: string[] = [];
    const side = (name: string): QueryFn => async (expr) => {
      calls.push(`${name}:${expr}`);
      return [];
    };
    const q = routedQueryFn(side('local'), side('remote'), isLocal);
    await q('leaksleuth_diagnosis_leak == 1', 0);
    await q('up == 0', 0);
    expect(calls).toEqual(['local:leaksleuth_diagnosis_leak == 1', 'remote:up == 0']);
    await expect(q('leaksleuth_diagnosis_leak * on (job, instance) group_left up', 0)).rejects.toThrow(
      "in datasource mode an expression cannot mix leaksleuth's own series (leaksleuth_diagnosis_leak) with the datasource's (up); split it into two rules",
    );
  });
});
