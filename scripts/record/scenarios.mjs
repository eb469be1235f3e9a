// scenarios: the recorded corpus. Each entry says how to run one Go program in its own cgroup v1
// memory group and what the diagnosis is expected to say about it (meta.json copies this).
/** @typedef {{name:string, expected:string, acceptable?:string[], limitMiB:number, godebug?:string, env?:string[], shm?:boolean, args?:string[], variant?:string[], backup?:boolean, rtmetrics?:boolean, about:string}} Scenario */
// `variant` holds alternative flags (`record.mjs --variant`): other rates and sizes, to check that
// the detectors generalise beyond the committed corpus.

/** SCENARIOS lists every scenario; onset is passed as -onset, so it is the same for all. */
export const SCENARIOS = /** @type {Scenario[]} */ ([
  { name: 'healthy', variant: ['-live-mb', '60', '-alloc-mbps', '4'], expected: 'healthy', limitMiB: 256, about: 'steady request workload; GC sawtooth only' },
  { name: 'churn', variant: ['-alloc-mbps', '15', '-live-mb', '40'], expected: 'healthy', limitMiB: 384, args: ['-alloc-mbps', '8'], rtmetrics: true, about: 'high allocation rate and a live set that swings with a 4-minute load wave' },
  { name: 'heap_leak', variant: ['-leak-mbpm', '3'], expected: 'heap_leak', limitMiB: 512, about: 'unbounded map cache leaking ~6 MiB/min from onset' },
  { name: 'heap_leak_slow', variant: ['-leak-mbpm', '0.9'], expected: 'heap_leak', limitMiB: 512, rtmetrics: true, about: 'slow leak ~1 MiB/min (≈12 % of the limit per hour)' },
  { name: 'goroutine_leak', variant: ['-per-sec', '4'], expected: 'goroutine_leak', limitMiB: 384, about: '10 goroutines/s blocked forever on a channel, each holding 2 KiB' },
  { name: 'offheap', variant: ['-leak-mbpm', '5'], expected: 'offheap_leak', limitMiB: 512, about: 'syscall.Mmap 12 MiB/min of anonymous memory, touched, never unmapped' },
  { name: 'page_cache', variant: ['-every', '100s'], expected: 'page_cache', limitMiB: 384, backup: true, about: 'tar backup every 150 s inside the cgroup; archives fill the page cache up to the limit' },
  { name: 'seed001_podman_tar', expected: 'page_cache', limitMiB: 512, backup: true, about: 'incident 001: small API, two back-to-back tar backups at onset, then quiet' },
  { name: 'madv_free', variant: ['-burst-mb', '120'], expected: 'runtime_retention', limitMiB: 512, godebug: 'madvdontneed=0', about: 'one 200 MiB burst at onset with MADV_FREE' },
  { name: 'idle_heap', variant: ['-alloc-mbps', '0.05', '-burst-mb', '250', '-every', '3m'], expected: 'runtime_retention', acceptable: ['healthy'], limitMiB: 512, args: ['-alloc-mbps', '0.05'], rtmetrics: true, about: 'mostly idle service, 180 MiB bursts every ~4 min; freed spans kept until scavenged' },
  { name: 'fragmentation', variant: ['-mb', '100'], expected: 'fragmentation', limitMiB: 384, about: '160 MiB of 128-byte objects, one kept per 8 KiB span' },
  { name: 'leak_and_backup', variant: ['-leak-mbpm', '8', '-every', '120s'], expected: 'heap_leak', limitMiB: 512, backup: true, args: [], about: 'heap leak ~5 MiB/min plus a tar backup every 180 s' },
  { name: 'seed002_thanos_madvfree', expected: 'runtime_retention', limitMiB: 512, godebug: 'madvdontneed=0', about: 'incident 002: query bursts of growing size with MADV_FREE; RSS ratchets up' },
  { name: 'seed003_detectify', expected: 'runtime_retention', limitMiB: 768, godebug: 'madvdontneed=0', about: 'incident 003: repeated large JSON decodes; small live heap, RSS stays hundreds of MB' },
  { name: 'mmap_file', variant: ['-read-mbpm', '35', '-file-mb', '600'], expected: 'page_cache', acceptable: ['healthy'], limitMiB: 512, about: 'reads through a 400 MiB file mapped read-only, 20 MiB/min: RssFile and mapped page cache grow, anonymous memory flat' },
  { name: 'tmpfs_spool', variant: ['-spool-mbpm', '6'], expected: 'offheap_leak', limitMiB: 384, shm: true, about: 'spools 10 MiB/min to files on /dev/shm, never deleted: shmem charged as cache, not reclaimable' },
  { name: 'gogc_off', variant: ['-live-mb', '40', '-alloc-mbps', '4'], expected: 'runtime_retention', limitMiB: 384, env: ['GOGC=off', 'GOMEMLIMIT=300MiB'], about: 'GOGC=off with GOMEMLIMIT=300MiB: heap_alloc climbs with garbage to the memory limit, live set 20 MiB' },
  { name: 'churn_heavy', variant: ['-workers', '4', '-buf-mb', '12'], expected: 'healthy', limitMiB: 512, rtmetrics: true, about: '8 concurrent requests each holding a 1-6 MiB buffer for 0.1-0.4 s: high heap_idle as working room, no trend' },
  { name: 'seed004_glean', expected: 'runtime_retention', limitMiB: 384, godebug: 'madvdontneed=0', about: 'incident 004 scaled down: growing bursts with MADV_FREE creep towards the limit' },
]);
