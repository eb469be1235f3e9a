import { describe, expect, it } from 'vitest';
import { parsePressure } from './parse-pressure.js';
import { expectDaemonError, fixture } from './fake.js';

describe('parsePressure', () => {
  it('reads some and full lines', () => {
    const p = parsePressure(fixture('v2/systemd-host/system.slice/api.service/memory.pressure'), 'memory.pressure');
    expect(p.some).toEqual({ avg10: 0, avg60: 0, avg300: 0, totalMicros: 1843210 });
    expect(p.full?.totalMicros).toBe(902111);
  });

  it('reads averages with decimals and a some-only file', () => {
    const p = parsePressure('some avg10=12.50 avg60=3.01 avg300=0.80 total=123456789\n', 'cpu.pressure');
    expect(p.some?.avg10).toBe(12.5);
    expect(p.full).toBeUndefined();
  });

  it('reads the real host file when the kernel exposes PSI', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile('/proc/pressure/memory', 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'EOPNOTSUPP') return 'some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n';
      throw err;
    });
    expect(parsePressure(text, '/proc/pressure/memory').some).toBeDefined();
  });

  it('rejects unknown kinds, missing fields and bad numbers', () => {
    expect(expectDaemonError(() => parsePressure('most avg10=0 avg60=0 avg300=0 total=0\n', 'p'), 'CGROUP_PARSE').position?.line).toBe(1);
    expectDaemonError(() => parsePressure('some avg10=0.00 avg60=0.00 total=1\n', 'p'), 'CGROUP_PARSE');
    const e = expectDaemonError(() => parsePressure('some avg10=0.00 avg60=0.00 avg300=0.00 total=1\nfull avg10=x avg60=0 avg300=0 total=0\n', 'p'), 'CGROUP_PARSE');
    expect(e.position).toEqual({ file: 'p', line: 2, col: 12 });
    expectDaemonError(() => parsePressure('some avg10\n', 'p'), 'CGROUP_PARSE');
    expectDaemonError(() => parsePressure('', 'p'), 'CGROUP_PARSE');
    expectDaemonError(() => parsePressure('some avg10=0 avg60=0 avg300=0 total=0\nsome avg10=0 avg60=0 avg300=0 total=0\n', 'p'), 'CGROUP_PARSE');
  });
});
