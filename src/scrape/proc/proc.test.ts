import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseProcStatus } from './parse-status.js';
import { parseSmapsRollup } from './parse-smaps-rollup.js';
import { readProcMemory } from './read.js';
import { procSeries } from './series.js';
import { nodeCgroupIo } from '../cgroup/io.js';
import { expectDaemonError, memoryCgroupIo, rejectsDaemonError } from '../cgroup/fake.js';

const FIX = fileURLToPath(new URL('../../../test/fixtures/proc', import.meta.url));
const fx = (n: string) => readFileSync(`${FIX}/${n}`, 'utf8');

describe('parseProcStatus', () => {
  it('reads recorded status files in bytes', () => {
    const s = parseProcStatus(fx('status-node-32mib.txt'));
    expect(s.name).toBe('node');
    expect(s.memory['RssAnon']).toBeGreaterThan(32 * 2 ** 20);
    expect(s.memory['VmRSS']).toBe(s.memory['RssAnon']! + s.memory['RssFile']! + s.memory['RssShmem']!);
    expect(parseProcStatus(fx('status-cp.txt')).memory['RssShmem']).toBe(0);
  });

  it('rejects lines without a colon and malformed kB values', () => {
    expect(expectDaemonError(() => parseProcStatus('Name:\tx\nbroken\n', '/proc/1/status'), 'CGROUP_PARSE').position).toEqual({ file: '/proc/1/status', line: 2, col: 1 });
    expect(expectDaemonError(() => parseProcStatus('VmRSS:\t12x kB\n'), 'CGROUP_PARSE').position?.col).toBe(7);
  });
});

describe('parseSmapsRollup', () => {
  it('skips the header and converts kB to bytes', () => {
    const r = parseSmapsRollup(fx('smaps_rollup-node-32mib.txt'));
    expect(r['Rss']).toBeGreaterThan(32 * 2 ** 20);
    expect(r['LazyFree']).toBeTypeOf('number');
    expect(r['AnonHugePages']).toBeTypeOf('number');
  });

  it('rejects a malformed field line', () => {
    const e = expectDaemonError(() => parseSmapsRollup('00400000-7fff0000 ---p 00000000 00:00 0 [rollup]\nRss: 12\n', 'r'), 'CGROUP_PARSE');
    expect(e.position).toEqual({ file: 'r', line: 2, col: 1 });
  });
});

describe('readProcMemory / procSeries', () => {
  it('reads this process from the real /proc', async () => {
    const m = await readProcMemory(nodeCgroupIo, '/proc', process.pid);
    expect(m.missing).toEqual([]);
    const s = procSeries(m, { job: 'api', instance: 'h:1' });
    expect(s.map((x) => x.labels['__name__']).sort()).toEqual([
      'process_anon_huge_bytes',
      'process_lazyfree_bytes',
      'process_rss_anon_bytes',
      'process_rss_file_bytes',
      'process_rss_shmem_bytes',
    ]);
    for (const x of s) expect(x.labels).toMatchObject({ job: 'api', instance: 'h:1' });
    expect(s.find((x) => x.labels['__name__'] === 'process_rss_anon_bytes')!.value).toBeGreaterThan(1 << 20);
  });

  it('records a missing smaps_rollup and fails for a gone process', async () => {
    const io = memoryCgroupIo({ '/p/7/status': 'Name:\tgo\nRssAnon:\t 4 kB\n' });
    const m = await readProcMemory(io, '/p', 7);
    expect(m).toEqual({ pid: 7, name: 'go', status: { RssAnon: 4096 }, missing: ['smaps_rollup'] });
    expect(procSeries(m, {})).toEqual([{ labels: { __name__: 'process_rss_anon_bytes' }, value: 4096 }]);
    await rejectsDaemonError(readProcMemory(io, '/p', 8), 'CGROUP_NOT_FOUND');
  });
});
