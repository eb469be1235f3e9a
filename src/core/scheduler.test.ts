import { describe, expect, it } from 'vitest';
import { firstSlot, Scheduler, type ScheduledJob } from './scheduler.js';

function job(key: string, intervalMs: number, offsetMs: number, runs: number[], hold?: { release?: () => void }): ScheduledJob {
  return {
    key,
    intervalMs,
    offsetMs,
    run: (at) => {
      runs.push(at);
      if (!hold) return Promise.resolve();
      return new Promise<void>((r) => {
        hold.release = r;
      });
    },
  };
}

describe('scheduler', () => {
  it('places slots on the interval grid with the offset', () => {
    expect(firstSlot(0, 15_000, 3_000)).toBe(3_000);
    expect(firstSlot(3_000, 15_000, 3_000)).toBe(3_000);
    expect(firstSlot(3_001, 15_000, 3_000)).toBe(18_000);
  });

  it('runs a job once per slot with the logical slot time', async () => {
    const runs: number[] = [];
    const s = new Scheduler();
    s.setJobs([job('a', 10_000, 2_000, runs)], 0);
    for (let t = 0; t <= 31_000; t += 1000) await Promise.all(s.tick(t));
    expect(runs).toEqual([2_000, 12_000, 22_000]);
  });

  it('never overlaps a job with itself and counts missed slots', async () => {
    const runs: number[] = [];
    const missed: number[] = [];
    const hold: { release?: () => void } = {};
    const s = new Scheduler({ missed: (_k, n) => missed.push(n) });
    s.setJobs([job('slow', 10_000, 0, runs, hold)], 0);
    s.tick(0);
    s.tick(10_000);
    s.tick(20_000);
    expect(runs).toEqual([0]);
    expect(missed).toEqual([1, 1]);
    hold.release!();
    await new Promise((r) => setImmediate(r));
    s.tick(30_000);
    expect(runs).toEqual([0, 30_000]);
  });

  it('counts slots skipped while the loop was blocked', async () => {
    const runs: number[] = [];
    const missed: number[] = [];
    const s = new Scheduler({ missed: (_k, n) => missed.push(n) });
    s.setJobs([job('a', 1_000, 0, runs)], 0);
    await Promise.all(s.tick(0));
    await Promise.all(s.tick(5_500));
    expect(runs).toEqual([0, 5_000]);
    expect(missed).toEqual([4]);
  });

  it('keeps unchanged jobs on their grid across setJobs (reload)', async () => {
    const runs: number[] = [];
    const s = new Scheduler();
    s.setJobs([job('a', 10_000, 0, runs)], 0);
    await Promise.all(s.tick(0));
    s.setJobs([job('a', 10_000, 0, runs), job('b', 10_000, 5_000, runs)], 4_000);
    for (let t = 4_000; t <= 10_000; t += 1000) await Promise.all(s.tick(t));
    expect(runs).toEqual([0, 5_000, 10_000]);
  });

  it('runs a job again after a reload that came while it was in flight', async () => {
    const runs: number[] = [];
    const missed: number[] = [];
    const hold: { release?: () => void } = {};
    const s = new Scheduler({ missed: (_k, n) => missed.push(n) });
    s.setJobs([job('a', 10_000, 0, runs, hold)], 0);
    s.tick(0);
    // Reload mid-run, once with the same grid and once with a new interval.
    s.setJobs([job('a', 10_000, 0, runs, hold)], 5_000);
    hold.release!();
    await new Promise((r) => setImmediate(r));
    s.tick(10_000);
    expect(runs).toEqual([0, 10_000]);
    s.setJobs([job('a', 20_000, 0, runs, hold)], 15_000);
    hold.release!();
    await new Promise((r) => setImmediate(r));
    s.tick(20_000);
    expect(runs).toEqual([0, 10_000, 20_000]);
    expect(missed).toEqual([]);
  });

  it('stop aborts in-flight runs and prevents new ones', async () => {
    let aborted = false;
    const s = new Scheduler();
    s.setJobs(
      [
        {
          key: 'x',
          intervalMs: 1000,
          offsetMs: 0,
          run: (_at, signal) =>
            new Promise<void>((r) =>
              signal.addEventListener('abort', () => {
                aborted = true;
                r();
              }),
            ),
        },
      ],
      0,
    );
    s.tick(0);
    await s.stop();
    expect(aborted).toBe(true);
    expect(s.tick(5000)).toEqual([]);
  });
});
