/**
 * registry: every Go-memory detector, in one array. Order does not decide the verdict (diagnose.ts
 * ranks findings); it only fixes the order findings are listed in.
 */
import { fragmentation } from './go-memory/fragmentation.js';
import { goroutineLeak } from './go-memory/goroutine-leak.js';
import { healthy } from './go-memory/healthy.js';
import { heapLeak } from './go-memory/heap-leak.js';
import { offheapLeak } from './go-memory/offheap-leak.js';
import { pageCache } from './go-memory/page-cache.js';
import { runtimeRetention } from './go-memory/runtime-retention.js';
import type { Detector } from './types.js';

/** DETECTORS lists the detectors run on every window (insufficient_data is checked first by diagnose). */
export const DETECTORS: readonly Detector[] = [heapLeak, goroutineLeak, offheapLeak, pageCache, runtimeRetention, fragmentation, healthy];
