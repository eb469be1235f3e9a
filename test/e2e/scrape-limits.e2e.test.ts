/**
 * Scrape limits, differential: real Prometheus and the real daemon scrape the same loopback
 * targets with the same per-job limits; each job's target must end in the same health with the
 * same reason. Then a cardinality explosion (60,000 series from one target) against the daemon's
 * default limits: that target is refused, the others go on, and the store stays small.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, waitFor, type RunningDaemon } from '../helpers/daemon.js';

interface Tgt { labels: Record<string, string>; health: string; lastError: string }

const series = (n: number, extra = ''): string => Array.from({ length: n }, (_, i) => `m{i="${i}"${extra}} ${i}`).join('\n') + '\n';
const PAGES: Record<string, string> = {
  ok: '# TYPE m gauge\nm{a="1"} 1\n',
  samples: series(20),
  labels: 'm{a="1",b="2",c="3",d="4"} 1\n',
  name: 'm{a_label_name_of_thirty_chars_="1"} 1\n',
  value: `m{a="${'v'.repeat(80)}"} 1\n`,
  metric: `${'n'.repeat(70)} 1\n`,
  utf8: `m{a="${'é'.repeat(30)}"} 1\n`,
  body: `# ${'x'.repeat(4000)}\nm 1\n`,
  explosion: series(60_000),
};

// Limits per job: each job's page breaks exactly its limit (ok breaks none).
const JOBS: Array<[string, string]> = [
  ['ok', 'sample_limit: 5\n    label_limit: 5'],
  ['samples', 'sample_limit: 10'],
  ['labels', 'label_limit: 5'],
  ['name', 'label_name_length_limit: 20'],
  ['value', 'label_value_length_limit: 50'],
  ['metric', 'label_value_length_limit: 50'],
  ['utf8', 'label_value_length_limit: 59'],
  ['body', 'body_size_limit: 1KB'],
];

const LIMIT_KEYS = ['sample_limit', 'body_size_limit', 'label_limit', 'label_name_length_limit', 'label_value_length_limit'];

// jobsYaml writes one job per page; with `zeroOthers` every limit the job does not set is written as
// 0, so that on our side (which has defaults) each job tests exactly one limit, as on Prometheus'.
function jobsYaml(addr: string, jobs: Array<[string, string]>, zeroOthers: boolean): string {
  return jobs
    .map(([name, limits]) => {
      const extra = zeroOthers ? LIMIT_KEYS.filter((k) => !limits.includes(k + ':')).map((k) => `${k}: 0\n    `).join('') : '';
      return `  - job_name: ${name}\n    metrics_path: /${name}\n    ${extra}${limits}\n    static_configs: [{ targets: ["${addr}"] }]\n`;
    })
    .join('');
}

async function targets(url: string): Promise<Map<string, Tgt>> {
  const r = (await (await fetch(`${url}/api/v1/targets`)).json()) as { data: { activeTargets: Tgt[] } };
  return new Map(r.data.activeTargets.map((t) => [t.labels['job']!, t]));
}

// settled: every job has been scraped at least once (health known) and no job shows a transient timeout.
async function settled(url: string, jobs: readonly string[]): Promise<Map<string, Tgt> | undefined> {
  const t = await targets(url);
  return jobs.every((j) => t.get(j) && t.get(j)!.health !== 'unknown' && !/timeout|deadline/i.test(t.get(j)!.lastError)) ? t : undefined;
}

describe('scrape limits against real Prometheus', () => {
  let server: Server;
  let addr = '';
  const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-limits-'));
  let daemon: RunningDaemon | undefined;
  let prom: ReturnType<typeof spawn> | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const page = PAGES[(req.url ?? '/').slice(1)];
      if (page === undefined) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(page);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    addr = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    daemon?.kill('SIGKILL');
    prom?.kill('SIGKILL');
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends every job in the same health with the same reason as Prometheus', async () => {
    const names = JOBS.map(([n]) => n);
    const ours = join(dir, 'ours.yaml');
    writeFileSync(ours, `global: { scrape_interval: 1s, scrape_timeout: 900ms }\nstorage: { data_dir: ${join(dir, 'data')} }\ncgroup_discovery: { enabled: false }\ngo_discovery: { enabled: false }\nscrape_configs:\n${jobsYaml(addr, JOBS, true)}`);
    const theirs = join(dir, 'prometheus.yml');
    writeFileSync(theirs, `global: { scrape_interval: 1s, scrape_timeout: 900ms }\nscrape_configs:\n${jobsYaml(addr, JOBS, false)}`);
    const port = await new Promise<number>((r) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => r(p));
      });
    });
    prom = spawn('prometheus', [`--config.file=${theirs}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=error'], { stdio: 'ignore' });
    daemon = await startDaemon(['--config', ours]);
    const promUrl = `http://127.0.0.1:${port}`;
    const theirT = await waitFor(() => settled(promUrl, names), 'prometheus targets', 40_000, 500);
    const ourT = await waitFor(() => settled(daemon!.url, names), 'daemon targets', 40_000, 500);
    for (const job of names) {
      const a = theirT.get(job)!;
      const b = ourT.get(job)!;
      expect({ job, health: b.health }).toEqual({ job, health: a.health });
      // Ours may add the limit in force after Prometheus' own text.
      expect(b.lastError.startsWith(a.lastError), `${job}: ours "${b.lastError}" vs Prometheus "${a.lastError}"`).toBe(true);
    }
    // The cases really tested something: only ok is up. utf8's value is 30 characters but 60
    // bytes, so both count bytes, as Go's len() does.
    expect(names.filter((j) => ourT.get(j)!.health === 'up')).toEqual(['ok']);
    expect(ourT.get('utf8')!.lastError).toContain('length: 60, limit: 59');
    expect(ourT.get('labels')!.lastError).toBe('label_limit exceeded (metric: m, number of labels: 7, limit: 5)');
  });

  it('refuses a 60,000-series target with the default sample_limit and keeps scraping the others', async () => {
    daemon?.kill('SIGKILL');
    await daemon?.exited;
    const cfg = join(dir, 'explosion.yaml');
    const jobs: Array<[string, string]> = [['ok', ''], ['explosion', '']];
    writeFileSync(cfg, `global: { scrape_interval: 1s, scrape_timeout: 900ms }\nstorage: { data_dir: ${join(dir, 'data2')}, keep_all_series: true }\ncgroup_discovery: { enabled: false }\ngo_discovery: { enabled: false }\nscrape_configs:\n${jobsYaml(addr, jobs, false)}`);
    daemon = await startDaemon(['--config', cfg]);
    const t = await waitFor(() => settled(daemon!.url, ['ok', 'explosion']), 'targets', 40_000, 500);
    expect(t.get('ok')!.health).toBe('up');
    expect(t.get('explosion')!.health).toBe('down');
    expect(t.get('explosion')!.lastError).toBe('sample limit exceeded (limit: 50000)');
    const q = (await (await fetch(`${daemon.url}/api/v1/query?query=count(m)`)).json()) as { data: { result: Array<{ value: [number, string] }> } };
    // Only the ok target's one series is stored; none of the explosion's.
    expect(q.data.result[0]!.value[1]).toBe('1');
  });
});
