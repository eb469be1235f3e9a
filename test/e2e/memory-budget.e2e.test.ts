/**
 * Memory budget, end to end: the daemon in a real cgroup v1 memory group takes 80 % of the
 * group's limit as its budget (`auto`); with a budget below its own RSS it refuses new series but
 * keeps scraping (targets stay up), says so in the log and in its metrics, and takes series again
 * once a reload lifts the budget.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCgroup, type TestCgroup } from '../helpers/cgroup.js';
import { startDaemon, waitFor, type RunningDaemon } from '../helpers/daemon.js';

async function metric(url: string, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function count(url: string): Promise<string | undefined> {
  const r = (await (await fetch(`${url}/api/v1/query?query=count(m)`)).json()) as { data: { result: Array<{ value: [number, string] }> } };
  return r.data.result[0]?.value[1];
}

describe('memory budget', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-budget-'));
  let server: Server;
  let addr = '';
  let cg: TestCgroup;
  let daemon: RunningDaemon | undefined;
  const LIMIT = 600 * 2 ** 20;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(Array.from({ length: 50 }, (_, i) => `m{i="${i}"} 1`).join('\n') + '\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    addr = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    cg = createTestCgroup(`leaksleuth-budget-${process.pid}`, LIMIT);
  });

  afterAll(async () => {
    daemon?.kill('SIGKILL');
    await daemon?.exited;
    cg?.remove();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  const config = (budget: string): string =>
    `global: { scrape_interval: 1s, scrape_timeout: 900ms }\nstorage: { data_dir: ${join(dir, 'data')}, keep_all_series: true, memory_budget: ${budget} }\n` +
    `cgroup_discovery: { enabled: false }\ngo_discovery: { enabled: false }\nscrape_configs:\n  - job_name: t\n    static_configs: [{ targets: ["${addr}"] }]\n`;

  it('auto: 80 % of the limit of the cgroup the daemon runs in', async () => {
    const cfg = join(dir, 'auto.yaml');
    writeFileSync(cfg, config('auto'));
    daemon = await startDaemon(['--config', cfg], {}, 30_000, join(cg.dir, 'cgroup.procs'));
    expect(await metric(daemon.url, 'leaksleuth_memory_budget_bytes')).toBe(Math.floor(LIMIT * 0.8));
    expect(await metric(daemon.url, 'leaksleuth_memory_budget_exceeded')).toBe(0);
    daemon.kill('SIGKILL');
    await daemon.exited;
  });

  it('over budget: refuses new series, keeps the target up, says so; a reload lifts it', async () => {
    const cfg = join(dir, 'tight.yaml');
    writeFileSync(cfg, config('1MB'));
    daemon = await startDaemon(['--config', cfg], {}, 30_000, join(cg.dir, 'cgroup.procs'));
    const d = daemon;
    expect(await metric(d.url, 'leaksleuth_memory_budget_exceeded')).toBe(1);
    await waitFor(async () => d.logs.some((l) => l.includes('store refused samples of new series: the memory budget is exceeded')), 'refusal log', 20_000);
    expect(d.logs.some((l) => l.includes('memory budget exceeded'))).toBe(true);
    const targets = (await (await fetch(`${d.url}/api/v1/targets`)).json()) as { data: { activeTargets: Array<{ health: string }> } };
    expect(targets.data.activeTargets[0]!.health).toBe('up');
    expect(await count(d.url)).toBeUndefined();
    expect(await metric(d.url, 'leaksleuth_store_refused_series_samples_total{reason="memory_budget"}')).toBeGreaterThan(0);
    writeFileSync(cfg, config('0'));
    expect((await fetch(`${d.url}/-/reload`, { method: 'POST' })).status).toBe(200);
    expect(await metric(d.url, 'leaksleuth_memory_budget_exceeded')).toBe(0);
    await waitFor(async () => (await count(d.url)) === '50', 'series stored after the reload', 20_000);
  });
});
