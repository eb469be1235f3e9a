/**
 * page-cache: NOT a leak. File pages (a backup's tar archive, logs, mmap'd reads) are charged to the
 * cgroup that first touched them, so container usage rises while anon memory and the Go heap stay flat.
 * The kernel reclaims them under pressure, so they never cause an OOM kill on their own.
 */
import type { Finding } from '../../model/finding.js';
import type { Detector } from '../types.js';
import type { Context } from './context.js';
import { bytes, clamp, ev, MiB, windowOf } from './format.js';
import { combine } from './context.js';
import { lastOf, shmem } from './signals.js';
import type { Points } from '../stats/floor.js';

function first(p: Points): number {
  const n = Math.min(3, p.v.length);
  return Math.min(...p.v.slice(0, n));
}

/** detectPageCache reports page_cache when file cache, not anon memory, explains container usage. */
export function detectPageCache(ctx: Context): Finding[] {
  const usage = ctx.points('container_memory_usage_bytes');
  const rawCache =
    ctx.points('container_memory_cache') ??
    ctx.points('cgroup_memory_stat', { field: 'total_cache' }) ??
    ctx.points('cgroup_memory_stat', { field: 'file' });
  // tmpfs / shared memory is charged as cache but cannot be reclaimed (offheap-leak reports it)
  const shm = shmem(ctx);
  const cache = shm ? combine(rawCache, shm.points, (c, s) => Math.max(0, c - s)) ?? rawCache : rawCache;
  const cacheName = shm ? `container_memory_cache − ${shm.source}` : 'container_memory_cache';
  const anon = ctx.points('container_memory_rss') ?? ctx.points('cgroup_memory_stat', { field: 'anon' });
  if (!usage || !cache) return [];
  const cacheNow = lastOf(cache)!;
  const usageNow = lastOf(usage)!;
  const cachePeak = Math.max(...cache.v);
  const cacheRise = cachePeak - first(cache);
  const anonRise = anon ? Math.max(...anon.v) - first(anon) : 0;
  // Significance in memory terms: 16 MiB is more than any runtime/allocator jitter, and 5 % of the
  // limit is where usage-based dashboards start to look different.
  const floor = Math.max(16 * MiB, ctx.limitBytes ? 0.05 * ctx.limitBytes : 0);
  const share = usageNow > 0 ? cacheNow / usageNow : 0;
  const grew = cacheRise >= floor;
  // a large cache share only matters when usage is high enough for someone to look at it
  const dominant = cacheNow >= floor && share >= 0.5 && (ctx.limitBytes === undefined || usageNow >= 0.25 * ctx.limitBytes);
  if (!grew && !dominant) return [];
  const explainedShare = cacheRise > 0 ? cacheRise / Math.max(cacheRise, cacheRise + Math.max(0, anonRise)) : 0;
  const inactive = ctx.points('cgroup_memory_stat', { field: 'total_inactive_file' }) ?? ctx.points('cgroup_memory_stat', { field: 'inactive_file' });
  const ws = ctx.points('container_memory_working_set_bytes');
  const conf = clamp(0.55 + 0.3 * Math.max(explainedShare, share) + (inactive ? 0.1 : 0), 0.5, 0.95);
  const evidence = [
    ev('usage_now', usageNow, 'bytes', 'container_memory_usage_bytes'),
    ev('cache_now', cacheNow, 'bytes', cacheName),
    ev('cache_rise', cacheRise, 'bytes', `max − first of ${cacheName}`),
    ev('cache_share_of_usage', share, 'ratio', `(${cacheName}) / container_memory_usage_bytes`),
    ev('anon_rise', anonRise, 'bytes', 'max − first of container_memory_rss'),
  ];
  const inactiveNow = lastOf(inactive);
  if (inactiveNow !== undefined) evidence.push(ev('inactive_file_now', inactiveNow, 'bytes', 'cgroup_memory_stat{field="total_inactive_file"}'));
  const wsNow = lastOf(ws);
  if (wsNow !== undefined) evidence.push(ev('working_set_now', wsNow, 'bytes', 'container_memory_working_set_bytes'));
  const heap = lastOf(ctx.points('go_memstats_heap_alloc_bytes'));
  const heapNote = heap !== undefined ? ` The Go heap (go_memstats_heap_alloc_bytes) is ${bytes(heap)}.` : '';
  // file pages mapped into the process (mmap'd reads) are the same page cache, seen from the process
  // as RssFile: name them so a growing RSS is not mistaken for a leak
  const mapped = lastOf(ctx.points('container_memory_mapped_file'));
  const mappedRise = mapped !== undefined ? mapped - first(ctx.points('container_memory_mapped_file')!) : 0;
  const rssFile = ctx.points('process_rss_file_bytes');
  const mappedNote =
    mapped !== undefined && mappedRise >= floor
      ? ` ${bytes(mapped)} of the cache is mapped into the process (container_memory_mapped_file rose by ${bytes(mappedRise)}` +
        (rssFile ? `; process_rss_file_bytes is ${bytes(lastOf(rssFile)!)}` : '') +
        '): the service reads a file through mmap, so its resident memory (process_resident_memory_bytes) grows with file pages, not with anonymous memory.'
      : '';
  if (mapped !== undefined && mappedRise >= floor) evidence.push(ev('mapped_file_rise', mappedRise, 'bytes', 'last − first of container_memory_mapped_file'));
  return [
    {
      verdict: 'page_cache',
      confidence: conf,
      window: windowOf(ctx),
      evidence,
      explanation:
        `Container usage (container_memory_usage_bytes) is ${bytes(usageNow)}, but ${bytes(cacheNow)} of it (${Math.round(share * 100)} %) is reclaimable file cache` +
        (grew ? `, which grew by ${bytes(cacheRise)} while anonymous memory (container_memory_rss) changed by ${bytes(anonRise)}` : '') +
        `.${mappedNote}${heapNote} File cache is reclaimed by the kernel when needed; the cache itself is not a leak.` +
        (wsNow !== undefined ? ` The working set (container_memory_working_set_bytes, usage − inactive file) is ${bytes(wsNow)}.` : ''),
      recommendations: [
        'Alert on container_memory_working_set_bytes or anon/RSS, not on container_memory_usage_bytes (podman/docker "usage" views that include cache mislead).',
        'If a backup or batch job (tar, log rotation) runs inside the container, run it in its own cgroup, or read/write with O_DIRECT / posix_fadvise(DONTNEED) so its pages are not charged to the service.',
        'To confirm by hand: `sync; echo 1 > /proc/sys/vm/drop_caches` (host-wide, debugging only) and watch usage drop.',
      ],
      ...(ctx.missing.length ? { missing: ctx.missing } : {}),
    },
  ];
}

/** pageCache is the registered page_cache detector. */
export const pageCache: Detector = { name: 'page_cache', detect: detectPageCache };
