/**
 * analyse: builds a pprof report from profile files kept on disk (heap profiles oldest first, goroutine
 * dumps with the time each was fetched). It yields between files when run on the main thread; the
 * daemon runs it in a worker (analyse-worker.ts). Unreadable or corrupt files become error lines, and a
 * corrupt heap profile is removed so it does not spoil the next window.
 */
import { readFile, rm } from 'node:fs/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { PprofReport } from '../model/finding.js';
import { parseGoroutineProfile, type GoroutineDump } from './goroutines.js';
import { parseHeapProfile, type HeapProfile } from './heap-profile.js';
import { pprofReport } from './where.js';

/** AnalyseJob is everything an analysis needs; plain data, so it can cross to a worker. */
export interface AnalyseJob {
  readonly key: string;
  readonly heap: readonly string[];
  readonly goroutine: ReadonlyArray<{ readonly path: string; readonly at: number }>;
  readonly errors: readonly string[];
  readonly maxDecoded?: number;
}

/** analyseFiles decodes the files one at a time and builds the report; it never throws. */
export async function analyseFiles(job: AnalyseJob): Promise<PprofReport> {
  const heap: HeapProfile[] = [];
  const goroutines: GoroutineDump[] = [];
  const times: number[] = [];
  const errs = [...job.errors];
  for (const path of job.heap) {
    await yieldToLoop();
    try {
      heap.push(parseHeapProfile(await readFile(path), `heap profile of ${job.key}`, job.maxDecoded));
    } catch (err) {
      errs.push(`heap: ${(err as Error).message}`);
      await rm(path, { force: true });
    }
  }
  // only the oldest and newest dump matter for the growth; the ones between are kept for the next window
  const g = job.goroutine;
  const ends = g.length > 2 ? [g[0]!, g[g.length - 1]!] : g;
  for (const f of ends) {
    await yieldToLoop();
    try {
      goroutines.push(parseGoroutineProfile(await readFile(f.path), `goroutine dump of ${job.key}`));
      times.push(f.at);
    } catch (err) {
      errs.push(`goroutine: ${(err as Error).message}`);
    }
  }
  return pprofReport({ heap, goroutines, goroutineTimesMs: times, errors: errs });
}
