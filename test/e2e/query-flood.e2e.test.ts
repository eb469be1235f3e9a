/**
 * A flood of expensive /api/v1/query_range calls must not stall the daemon: while several clients
 * keep asking for queries that each need seconds of CPU, the real daemon keeps scraping a target
 * every second and keeps notifying a webhook every second. The queries run in slices through the
 * shared query gate (src/promql/engine/gate.ts), and many hit the configured query.timeout (2s).
 */
import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemon, waitFor, type RunningDaemon } from '../helpers/daemon.js';

const SERIES = 2000;
const FLOOD_MS = 12_000;
const CLIENTS = 6;

function exposition(): string {
  let s = '# TYPE flood_series gauge\n';
  for (let i = 0; i < SERIES; i++) s += `flood_series{i="${i}"} ${i}\n`;
  return s;
}

function maxGap(times: readonly number[], from: number, to: number): number {
  const inside = times.filter((t) => t >= from && t <= to);
  let gap = 0;
  for (let i = 1; i < inside.length; i++) gap = Math.max(gap, inside[i]! - inside[i - 1]!);
  return gap;
}

async function counter(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(name)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}

describe('query flood against a live daemon', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-flood-'));
  const scrapes: number[] = [];
  const notifications: number[] = [];
  const body = exposition();
  const server = http.createServer((req, res) => {
    if (req.url === '/metrics') {
      scrapes.push(Date.now());
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body);
      return;
    }
    req.resume();
    req.on('end', () => {
      notifications.push(Date.now());
      res.writeHead(200).end();
    });
  });
  let daemon: RunningDaemon | undefined;
  afterAll(async () => {
    daemon?.kill('SIGKILL');
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('keeps every scrape slot and the notification cadence while queries time out', async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    // A new alert every evaluation (its label is the evaluation time), so the group notifies every group_interval.
    writeFileSync(join(dir, 'rules.yaml'), `groups:
  - name: tick
    interval: 1s
    rules:
      - alert: Tick
        expr: count_values("sec", vector(time()))
`);
    const cfg = join(dir, 'leaksleuth.yaml');
    writeFileSync(cfg, `global: { scrape_interval: 1s, scrape_timeout: 900ms, evaluation_interval: 1s }
storage: { data_dir: ${join(dir, 'data')} }
query: { timeout: 2s }
cgroup_discovery: { enabled: false }
go_discovery: { enabled: false }
rule_files: [rules.yaml]
scrape_configs:
  - job_name: flood
    static_configs: [ { targets: ["127.0.0.1:${port}"] } ]
route: { receiver: hook, group_by: [alertname], group_wait: 0s, group_interval: 1s, repeat_interval: 1h }
receivers:
  - name: hook
    webhook_configs: [ { url: "http://127.0.0.1:${port}/hook", send_resolved: false } ]
`);
    daemon = await startDaemon(['--config', cfg]);
    const url = daemon.url;
    await waitFor(async () => notifications.length >= 3 && scrapes.length >= 3, 'scrapes and notifications to flow');
    const missedBefore = await counter(url, 'leaksleuth_scrape_iterations_missed_total') + await counter(url, 'leaksleuth_rule_group_iterations_missed_total');

    // Each query sums 2,000 series at every second of a two-hour subquery window: seconds of CPU.
    const now = Date.now() / 1000;
    const query = new URLSearchParams({ query: 'max_over_time(sum(flood_series)[2h:1s])', start: String(now - 3600), end: String(now + 60), step: '1' });
    const from = Date.now();
    const results: Array<{ status: number; ms: number; body: string }> = [];
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (Date.now() - from < FLOOD_MS) {
        const t0 = Date.now();
        const r = await fetch(`${url}/api/v1/query_range?${query}`);
        results.push({ status: r.status, ms: Date.now() - t0, body: await r.text() });
      }
    }));
    const to = Date.now();

    const missedAfter = await counter(url, 'leaksleuth_scrape_iterations_missed_total') + await counter(url, 'leaksleuth_rule_group_iterations_missed_total');
    const scrapeGap = maxGap(scrapes, from, to);
    const notifyGap = maxGap(notifications, from, to);
    const timeouts = results.filter((r) => r.status === 503);
    console.log(`query flood: ${results.length} queries (${timeouts.length} timed out, longest ${Math.max(...results.map((r) => r.ms))} ms); ` +
      `max gap between scrapes ${scrapeGap} ms, between notifications ${notifyGap} ms; missed slots ${missedAfter - missedBefore}`);

    // The flood was real: queries ran into the 2 s timeout, each far longer than a scrape interval.
    expect(timeouts.length).toBeGreaterThan(0);
    expect(JSON.parse(timeouts[0]!.body)).toEqual({ status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' });
    for (const r of results) expect([200, 503]).toContain(r.status);
    // …and the daemon kept its cadence: no scrape or rule slot missed, no notification late by more than a slot.
    expect(missedAfter - missedBefore).toBe(0);
    expect(scrapeGap).toBeLessThan(1900);
    expect(notifyGap).toBeLessThan(2500);
    daemon.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    daemon = undefined;
  }, 90_000);
});
