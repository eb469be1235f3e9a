/**
 * Go discovery against real Go processes: the test builds two Go programs with Debian's Go, starts
 * them on loopback and checks that procfs scanning, the build info reader, the socket matching and
 * the probes find what each one really serves. Pure parsers get table tests on the side.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, openSync, closeSync, writeSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGo } from '../../../test/helpers/go.js';
import { waitFor } from '../../../test/helpers/daemon.js';
import { GoDiscovery, foundBy, probePlan, processWatches, targetGroups, wanted } from '../go-discovery.js';
import { parseGoBuildInfo } from './go-buildinfo.js';
import { GoExeCache, readGoBuildInfoFrom } from './go-exe.js';
import { httpProber, looksLikeExposition } from './go-probe.js';
import { cgroupOf, ownerOf, scanGoProcesses, type GoProcess } from './go-process.js';
import { decodeIp, parseProcNetTcp, probeHost, socketInode } from './proc-net.js';
import { freePort } from '../../../test/helpers/net.js';
import { compileAnchored } from '../../core/re2.js';


describe('proc-net', () => {
  const tcp = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1 0000000000000000 100 0 0 10 0',
    '   1: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1235 1 0000000000000000 100 0 0 10 0',
    '   2: 0500000A:0051 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1236 1 0000000000000000 100 0 0 10 0',
    '   3: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 1237 1 0000000000000000 100 0 0 10 0',
    'garbage',
  ].join('\n');

  it('keeps LISTEN sockets with address, port and inode (little-endian host)', () => {
    expect(parseProcNetTcp(tcp, 4, true)).toEqual([
      { ip: '127.0.0.1', port: 8080, inode: 1234, family: 4 },
      { ip: '0.0.0.0', port: 80, inode: 1235, family: 4 },
      { ip: '10.0.0.5', port: 81, inode: 1236, family: 4 },
    ]);
  });

  it('decodes IPv6 words, wildcard, loopback and IPv4-mapped addresses', () => {
    expect(decodeIp('00000000000000000000000001000000', true)).toBe('::1');
    expect(decodeIp('00000000000000000000000000000000', true)).toBe('::');
    expect(decodeIp('0000000000000000FFFF00000100007F', true)).toBe('127.0.0.1');
    expect(decodeIp('7F000001', false)).toBe('127.0.0.1');
    expect(decodeIp('xyz', true)).toBeUndefined();
  });

  it('probes loopback and wildcard listeners on loopback, never other addresses', () => {
    expect(probeHost({ ip: '127.0.0.2', port: 1, inode: 1, family: 4 })).toBe('127.0.0.2');
    expect(probeHost({ ip: '0.0.0.0', port: 1, inode: 1, family: 4 })).toBe('127.0.0.1');
    expect(probeHost({ ip: '::', port: 1, inode: 1, family: 6 })).toBe('127.0.0.1');
    expect(probeHost({ ip: '::1', port: 1, inode: 1, family: 6 })).toBe('[::1]');
    expect(probeHost({ ip: '10.0.0.5', port: 1, inode: 1, family: 4 })).toBeUndefined();
    expect(socketInode('socket:[99]')).toBe(99);
    expect(socketInode('pipe:[99]')).toBeUndefined();
  });

  it('probes at most max_ports ports per process and says which were left out', () => {
    const ls = [1, 2, 3].map((port) => ({ ip: '127.0.0.1', port, inode: port, family: 4 as const }));
    const plan = probePlan([...ls, { ip: '10.1.1.1', port: 9, inode: 9, family: 4 }], 2);
    expect(plan.probe.map((p) => p.address)).toEqual(['127.0.0.1:1', '127.0.0.1:2']);
    expect(plan.skipped).toEqual(['127.0.0.1:3 (over max_ports)', '10.1.1.1:9 (not loopback)']);
  });
});

describe('cgroup owner', () => {
  it('finds the memory cgroup on v1 and v2, and the unit or container it belongs to', () => {
    expect(cgroupOf('12:memory:/system.slice/api.service\n1:name=systemd:/system.slice/api.service\n')).toBe('/system.slice/api.service');
    expect(cgroupOf('0::/user.slice/user-0.slice/session-1.scope\n')).toBe('/user.slice/user-0.slice/session-1.scope');
    expect(ownerOf('/system.slice/api.service')).toEqual({ unit: 'api.service' });
    const id = 'a'.repeat(64);
    expect(ownerOf(`/system.slice/docker-${id}.scope`)).toEqual({ container: id.slice(0, 12), containerId: id });
  });

  it('matches include and exclude against name, unit and container', () => {
    const p = { name: 'api', unit: 'api.service', container: 'abcdef012345' } as GoProcess;
    const re = (s: string) => compileAnchored(s);
    expect(wanted(p, [], [])).toBe(true);
    expect(wanted(p, [re('api\\.service')], [])).toBe(true);
    expect(wanted(p, [re('other')], [])).toBe(false);
    expect(wanted(p, [], [re('abcdef012345')])).toBe(false);
  });

  it('recognises exposition bodies and nothing else', () => {
    expect(looksLikeExposition('text/plain; version=0.0.4', '# HELP go_goroutines x\n')).toBe(true);
    expect(looksLikeExposition('application/openmetrics-text', 'up 1\n')).toBe(true);
    expect(looksLikeExposition('text/html', '<html>')).toBe(false);
    expect(looksLikeExposition('text/plain', '404 page not found\n')).toBe(false);
  });
});

describe('go discovery with real Go processes', () => {
  let withMetrics: ChildProcess;
  let without: ChildProcess;
  let metricsAddr: string;
  let plainAddr: string;
  let metricsBin: string;

  beforeAll(async () => {
    const [a, b] = await Promise.all([buildGo('test/e2e/gotarget'), buildGo('test/fixtures/go/nometrics')]);
    metricsBin = a;
    metricsAddr = `127.0.0.1:${await freePort()}`;
    plainAddr = `127.0.0.1:${await freePort()}`;
    withMetrics = spawn(a, [metricsAddr], { stdio: 'ignore' });
    without = spawn(b, [plainAddr], { stdio: 'ignore' });
    await waitFor(async () => (await fetch(`http://${metricsAddr}/metrics`)).ok, 'go target');
    await waitFor(async () => (await fetch(`http://${plainAddr}/`)).ok, 'nometrics');
  });

  afterAll(() => {
    withMetrics?.kill('SIGKILL');
    without?.kill('SIGKILL');
  });

  it('reads the build info of a real Go binary from its .go.buildinfo section, and of nothing else', async () => {
    const version = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
    const cache = new GoExeCache();
    const info = await cache.lookup(metricsBin);
    expect(info?.goVersion).toBe(version);
    expect(info?.path).toMatch(/gotarget$/);
    expect(await cache.lookup(`/proc/${withMetrics.pid}/exe`)).toEqual(info);
    // The binary and the process' exe link are one (device, inode): read once.
    expect(cache.reads).toBe(1);
    expect(await cache.lookup(process.execPath)).toBeUndefined();
    expect(await cache.lookup('/etc/hostname')).toBeUndefined();
  });

  it('finds the build info by a bounded prefix scan when the section headers are gone', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'leaksleuth-noshdr-')), 'bin');
    copyFileSync(metricsBin, copy);
    // Zero e_shoff and e_shnum (ELF64): no section table to look in.
    const fd = openSync(copy, 'r+');
    writeSync(fd, Buffer.alloc(8), 0, 8, 0x28);
    writeSync(fd, Buffer.alloc(2), 0, 2, 0x3c);
    closeSync(fd);
    const fh = await open(copy, 'r');
    try {
      expect((await readGoBuildInfoFrom(fh))?.path).toMatch(/gotarget$/);
      // A prefix limit shorter than where the build info lies finds nothing: the read is bounded.
      expect(await readGoBuildInfoFrom(fh, 1024 * 1024)).toBeUndefined();
    } finally {
      await fh.close();
    }
    expect(parseGoBuildInfo(readFileSync(copy).subarray(0, 64))).toBeUndefined();
  });

  it('scans procfs: both Go processes with their listening ports and cgroup, no Node process', async () => {
    const procs = await scanGoProcesses({ procRoot: '/proc', cache: new GoExeCache() });
    const mine = procs.find((p) => p.pid === withMetrics.pid);
    const other = procs.find((p) => p.pid === without.pid);
    expect(mine?.name).toBe('bin');
    expect(mine?.listeners.map((l) => `${l.ip}:${l.port}`)).toContain(metricsAddr);
    expect(other?.listeners.length).toBe(2);
    expect(mine?.cgroup).toMatch(/^\//);
    expect(procs.find((p) => p.pid === process.pid)).toBeUndefined();
  });

  it('probes: /metrics makes a scrape target, a Go service without it is still watched, pprof is recorded', async () => {
    const d = new GoDiscovery({ scan: scanGoProcesses, prober: httpProber, cache: new GoExeCache() });
    const settings = { procRoot: '/proc', include: [], exclude: [], maxPorts: 8, probeTimeoutMs: 2000 };
    expect(await d.refresh(settings, 0)).toBe(true);
    const mine = d.services().find((s) => s.process.pid === withMetrics.pid)!;
    const other = d.services().find((s) => s.process.pid === without.pid)!;
    expect(mine.metrics).toBe(metricsAddr);
    expect(mine.pprof).toBe(false);
    expect(other.metrics).toBeUndefined();
    expect(other.pprof).toBe(true);
    expect(other.probes.find((p) => p.address === plainAddr)?.result.detail).toMatch(/^404/);
    expect(foundBy(mine)).toContain(`/metrics answered on ${metricsAddr}`);
    expect(foundBy(other)).toContain('cgroup and /proc only');
    const groups = targetGroups(d.services()).filter((g) => g.source === `go:${withMetrics.pid}`);
    expect(groups).toEqual([expect.objectContaining({ targets: [metricsAddr], cgroup: { pid: withMetrics.pid } })]);
    expect(processWatches(d.services())).toContainEqual({ key: `go:${without.pid}`, labels: { job: 'bin', instance: `pid:${without.pid}` }, spec: { pid: without.pid } });
    // Nothing changed: the second pass says so and does not probe the answered ports again.
    // (Only this test's processes are counted: other Go programs on the host come and go.)
    const ours = new Set([...mine.probes, ...other.probes].map((p) => p.address));
    let probes = 0;
    const counting = new GoDiscovery({ scan: scanGoProcesses, prober: (a, t) => (ours.has(a) && probes++, httpProber(a, t)), cache: new GoExeCache() });
    await counting.refresh(settings, 0);
    expect(probes).toBe(3);
    await counting.refresh(settings, 1);
    expect(probes).toBe(3);
  });

  it('include and exclude filter by process name', async () => {
    const d = new GoDiscovery({ scan: scanGoProcesses, prober: httpProber, cache: new GoExeCache() });
    await d.refresh({ procRoot: '/proc', include: ['no-such-*'], exclude: [], maxPorts: 8, probeTimeoutMs: 2000 }, 0);
    expect(d.services()).toEqual([]);
    await d.refresh({ procRoot: '/proc', include: [], exclude: ['bin'], maxPorts: 8, probeTimeoutMs: 2000 }, 0);
    expect(d.services().some((s) => s.process.pid === withMetrics.pid)).toBe(false);
  });
});
