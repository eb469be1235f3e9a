/**
 * Links that work: a real daemon with `server.external_url` under a path prefix fires an alert; the
 * alert's generatorURL (what Alertmanager, webhooks and Slack show as "source") must answer 200 on
 * the daemon, at the prefixed path and at the root (proxy that strips the prefix), and headless
 * Chromium must see the expression, its current value in the table and a drawn line.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemon, waitFor, type RunningDaemon } from '../helpers/daemon.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const EXTERNAL = 'http://leaksleuth.example.invalid/ops/leaksleuth/';

describe.skipIf(!existsSync(CHROMIUM) && process.env['CI'] !== 'true')('generatorURL opens the graph page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-graph-'));
  let daemon: RunningDaemon | undefined;
  let browser: Browser | undefined;
  let target: http.Server | undefined;
  let hook: http.Server | undefined;
  const urls: string[] = [];

  afterAll(async () => {
    await browser?.close();
    daemon?.kill('SIGKILL');
    if (daemon) await daemon.exited;
    for (const s of [target, hook]) if (s) await new Promise<void>((r) => s.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 200 with the expression, its current result and a graph', async () => {
    target = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end('# TYPE leak_bytes gauge\nleak_bytes 734003200\n');
    });
    await new Promise<void>((r) => target!.listen(0, '127.0.0.1', r));
    const port = (target.address() as { port: number }).port;
    // The webhook is where a user meets the link: take generatorURL from what was really sent.
    hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        for (const a of (JSON.parse(body) as { alerts: Array<{ generatorURL: string }> }).alerts) urls.push(a.generatorURL);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => hook!.listen(0, '127.0.0.1', r));
    const hookPort = (hook.address() as { port: number }).port;
    writeFileSync(
      join(dir, 'rules.yaml'),
      `groups:
  - name: g
    interval: 1s
    rules:
      - alert: LeakHigh
        expr: leak_bytes{job="app"} > 1000
`,
    );
    const cfg = join(dir, 'leaksleuth.yaml');
    writeFileSync(
      cfg,
      `global: { scrape_interval: 1s, scrape_timeout: 900ms, evaluation_interval: 1s }
server: { external_url: "${EXTERNAL}" }
storage: { data_dir: ${join(dir, 'data')} }
cgroup_discovery: { enabled: false }
go_discovery: { enabled: false }
diagnosis: { enabled: false }
rule_files: [rules.yaml]
scrape_configs:
  - job_name: app
    static_configs: [ { targets: ["127.0.0.1:${port}"] } ]
route: { receiver: hook, group_wait: 0s }
receivers:
  - name: hook
    webhook_configs: [ { url: "http://127.0.0.1:${hookPort}/" } ]
`,
    );
    daemon = await startDaemon(['--config', cfg]);
    const d = daemon;
    const gen = await waitFor(async () => urls[0], 'the webhook to get the firing alert', 20_000);
    expect(gen.startsWith(`${EXTERNAL}graph?g0.expr=`)).toBe(true);
    // Give the chart a few points.
    await new Promise((r) => setTimeout(r, 2500));

    const prefixed = gen.replace('http://leaksleuth.example.invalid', d.url);
    const stripped = gen.replace(EXTERNAL.slice(0, -1), d.url);
    for (const u of [prefixed, stripped]) {
      const res = await fetch(u);
      expect(res.status, u).toBe(200);
      const html = await res.text();
      expect(html).toContain('leak_bytes{job=&quot;app&quot;} &gt; 1000');
      expect(html).toContain('<td class="value">734003200</td>');
    }

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    const resp = await page.goto(prefixed);
    expect(resp?.status()).toBe(200);
    expect(await page.locator('#expression').textContent()).toBe('leak_bytes{job="app"} > 1000');
    expect(await page.locator('#result-table td.query').first().textContent()).toMatch(/^leak_bytes\{instance="127\.0\.0\.1:\d+", job="app"\}$/);
    expect(await page.locator('#result-table td.value').first().textContent()).toBe('734003200');
    expect(await page.locator('#graph svg path').count()).toBe(1);
    // The stylesheet came through the prefix (relative link), so the page is styled.
    expect(await page.locator('main.graph-page figure').evaluate((e) => (globalThis as unknown as { getComputedStyle(x: unknown): { borderTopStyle: string } }).getComputedStyle(e).borderTopStyle)).toBe('solid');
    // The expression box re-runs the query under the same prefix.
    await page.locator('#range').selectOption('1h');
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/ops\/leaksleuth\/graph\?.*g0\.range_input=1h/);
    expect(await page.locator('#graph-title').textContent()).toBe('Graph, last 1h');
    expect(failed).toEqual([]);
  }, 60_000);
});
