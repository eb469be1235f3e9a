/**
 * Restarts change nothing a receiver sees. A real daemon scrapes a loopback target and runs rules
 * that fire (a `for:` rule, rules on `up`, a rule reading ALERTS, a rate over a range, a
 * keep_firing_for rule whose condition is gone), with the storage filter on (`keep_all_series:
 * false`, the setting the restart bug was found with). It pages a loopback webhook and posts to a
 * loopback Alertmanager API sink. Then it is restarted again and again on the same data directory,
 * SIGTERM and SIGKILL mixed, and neither receiver may see a resolve, a second page or a new startsAt;
 * `absent(up)` must never fire, a 15s `for` must keep counting through restarts 4s apart, and `up`'s
 * history must survive a clean stop (and a kill -9 up to the last periodic snapshot).
 */
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemon, waitFor, type RunningDaemon } from '../helpers/daemon.js';

interface Posted {
  labels: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  at: number;
}
interface Hook {
  status: string;
  groupKey: string;
  alerts: Array<{ status: string; labels: Record<string, string>; startsAt: string }>;
}

const FIRING = ['LeakHigh', 'TargetUp', 'LeakAlertsSeen', 'RequestsFlowing', 'BlipRemembered'];

function listen(handler: (path: string, body: string) => void): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      handler(req.url ?? '', body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

const portOf = (s: http.Server): number => (s.address() as { port: number }).port;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('restarts under a firing workload', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-restart-'));
  let requests = 0;
  let served = 0;
  const servers: http.Server[] = [];
  const hooks: Hook[] = [];
  const posts: Posted[] = [];
  let daemon: RunningDaemon | undefined;

  afterAll(async () => {
    daemon?.kill('SIGKILL');
    if (daemon) await daemon.exited;
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends no resolve, no second page and keeps startsAt across SIGTERM and SIGKILL restarts', async () => {
    const target = http.createServer((_req, res) => {
      requests += 7;
      // blip is 1 only for the first scrapes: BlipRemembered fires on it, then lives on keep_firing_for.
      const blip = served++ < 5 ? 1 : 0;
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(`# TYPE leak_bytes gauge\nleak_bytes 500\n# TYPE app_requests_total counter\napp_requests_total ${requests}\n# TYPE blip gauge\nblip ${blip}\n`);
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const hook = await listen((_p, body) => hooks.push(JSON.parse(body) as Hook));
    const am = await listen((path, body) => {
      if (path.endsWith('/api/v2/alerts')) for (const a of JSON.parse(body) as Posted[]) posts.push({ ...a, at: Date.now() });
    });
    servers.push(target, hook, am);

    writeFileSync(
      join(dir, 'rules.yaml'),
      `groups:
  - name: workload
    interval: 1s
    rules:
      - alert: LeakHigh
        expr: leak_bytes > 100
        for: 2s
      - alert: TargetUp
        expr: up{job="app"} == 1
        for: 1s
      - alert: TargetMissing
        expr: absent(up{job="app"})
      - alert: LeakAlertsSeen
        expr: count(ALERTS{alertname="LeakHigh", alertstate="firing"}) > 0
        for: 1s
      - alert: RequestsFlowing
        expr: rate(app_requests_total[20s]) > 0
        for: 1s
      - alert: BlipRemembered
        expr: blip == 1
        keep_firing_for: 10m
      - alert: SlowBurn
        expr: leak_bytes > 100
        for: 15s
`,
    );
    const cfg = join(dir, 'leaksleuth.yaml');
    writeFileSync(
      cfg,
      `global: { scrape_interval: 1s, scrape_timeout: 900ms, evaluation_interval: 1s }
storage: { data_dir: ${join(dir, 'data')}, keep_all_series: false, snapshot_interval: 5s }
cgroup_discovery: { enabled: false }
go_discovery: { enabled: false }
diagnosis: { enabled: false }
rule_files: [rules.yaml]
scrape_configs:
  - job_name: app
    static_configs: [ { targets: ["127.0.0.1:${portOf(target)}"] } ]
alerting:
  alertmanagers: [ { static_configs: [ { targets: ["127.0.0.1:${portOf(am)}"] } ] } ]
route: { receiver: hook, group_by: [alertname], group_wait: 0s, group_interval: 1s, repeat_interval: 1h }
receivers:
  - name: hook
    webhook_configs: [ { url: "http://127.0.0.1:${portOf(hook)}/", send_resolved: true } ]
`,
    );

    const upSamples = async (url: string): Promise<number> => {
      const r = await fetch(`${url}/api/v1/query?query=${encodeURIComponent('count_over_time(up{job="app"}[1h])')}`);
      const j = (await r.json()) as { data: { result: Array<{ value: [number, string] }> } };
      return Number(j.data.result[0]?.value[1] ?? 0);
    };
    const firingNames = (): Set<string> => new Set(hooks.flatMap((h) => h.alerts.filter((a) => a.status === 'firing').map((a) => a.labels['alertname']!)));

    daemon = await startDaemon(['--config', cfg]);
    await waitFor(async () => FIRING.every((n) => firingNames().has(n)) && FIRING.every((n) => posts.some((p) => p.labels['alertname'] === n)), 'every alert to page both receivers', 20_000);
    await sleep(1500); // let the last group flush and the state save land before the first kill

    const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGKILL', 'SIGKILL', 'SIGTERM', 'SIGKILL', 'SIGTERM'];
    for (const sig of signals) {
      const before = await upSamples(daemon.url);
      daemon.kill(sig);
      await daemon.exited;
      daemon = await startDaemon(['--config', cfg]);
      const after = await upSamples(daemon.url);
      if (sig === 'SIGTERM') {
        // A clean stop writes a last snapshot: `up` keeps every sample it had.
        expect(after).toBeGreaterThanOrEqual(before);
      } else {
        // kill -9 loses at most what was scraped since the last periodic snapshot (5s at 1s scrapes,
        // plus the time a save takes on a busy machine).
        expect(after, `up samples before kill -9: ${before}`).toBeGreaterThanOrEqual(before - 10);
        expect(after).toBeGreaterThan(0);
      }
      await sleep(2500); // several evaluations and scrapes on the restored state
    }

    const live = (await (await fetch(`${daemon.url}/api/v1/alerts`)).json()) as { data: { alerts: Array<{ labels: Record<string, string>; state: string; activeAt: string }> } };
    const liveFiring = live.data.alerts.filter((a) => a.state === 'firing').map((a) => a.labels['alertname']).sort();
    expect(liveFiring).toEqual([...FIRING, 'SlowBurn'].sort());
    // SlowBurn's 15s `for` ran across restarts about 4s apart: had a restart reset it, it could
    // not have fired. It fires 15s after it became active (+ one evaluation), not after a restart.
    const slow = hooks.flatMap((h) => h.alerts).find((a) => a.labels['alertname'] === 'SlowBurn' && a.status === 'firing');
    expect(slow, 'SlowBurn paged').toBeDefined();
    const activeAt = Date.parse(live.data.alerts.find((a) => a.labels['alertname'] === 'SlowBurn')!.activeAt);
    expect(Date.parse(slow!.startsAt) - activeAt).toBeGreaterThanOrEqual(15_000);
    expect(Date.parse(slow!.startsAt) - activeAt).toBeLessThan(15_000 + 5_000);

    // Webhook: one page per alert group, nothing resolved.
    const resolved = hooks.filter((h) => h.status === 'resolved' || h.alerts.some((a) => a.status === 'resolved'));
    expect(resolved, JSON.stringify(resolved)).toEqual([]);
    const pages = new Map<string, number>();
    for (const h of hooks) pages.set(h.groupKey, (pages.get(h.groupKey) ?? 0) + 1);
    expect([...pages.values()].filter((n) => n > 1), JSON.stringify(hooks.map((h) => h.groupKey))).toEqual([]);
    const hookStarts = new Map<string, Set<string>>();
    for (const h of hooks) for (const a of h.alerts) hookStarts.set(a.labels['alertname']!, (hookStarts.get(a.labels['alertname']!) ?? new Set()).add(a.startsAt));
    for (const [name, s] of hookStarts) expect(s.size, name).toBe(1);

    // Alertmanager API: never an endsAt in the past (a resolve), one startsAt per alert, no TargetMissing.
    expect(posts.filter((p) => p.labels['alertname'] === 'TargetMissing')).toEqual([]);
    const amResolved = posts.filter((p) => p.endsAt !== undefined && Date.parse(p.endsAt) <= p.at);
    expect(amResolved, JSON.stringify(amResolved)).toEqual([]);
    const amStarts = new Map<string, Set<string>>();
    for (const p of posts) amStarts.set(p.labels['alertname']!, (amStarts.get(p.labels['alertname']!) ?? new Set()).add(p.startsAt));
    for (const n of FIRING) expect(amStarts.get(n)?.size, n).toBe(1);
  }, 90_000);
});

describe('the first evaluation after start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-gate-'));
  let daemon: RunningDaemon | undefined;
  const servers: http.Server[] = [];
  afterAll(async () => {
    daemon?.kill('SIGKILL');
    if (daemon) await daemon.exited;
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for the first scrape, so a series not scraped yet is not "absent"', async () => {
    // A slow target (1.5 s per scrape) scraped every 4 s: rules evaluating every second would run
    // several times before `up` exists if they did not wait.
    const target = http.createServer((_req, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end('# TYPE x gauge\nx 1\n'), 1500);
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const hooks: string[] = [];
    const hook = await listen((_p, body) => hooks.push(...(JSON.parse(body) as Hook).alerts.map((a) => a.labels['alertname']!)));
    servers.push(target, hook);
    writeFileSync(
      join(dir, 'rules.yaml'),
      `groups:
  - name: g
    interval: 1s
    rules:
      - alert: AppMissing
        expr: absent(up{job="app"})
      - alert: AppUp
        expr: up{job="app"} == 1
`,
    );
    const cfg = join(dir, 'leaksleuth.yaml');
    writeFileSync(
      cfg,
      `global: { scrape_interval: 4s, scrape_timeout: 3s, evaluation_interval: 1s }
storage: { data_dir: ${join(dir, 'data')} }
cgroup_discovery: { enabled: false }
go_discovery: { enabled: false }
diagnosis: { enabled: false }
rule_files: [rules.yaml]
scrape_configs:
  - job_name: app
    static_configs: [ { targets: ["127.0.0.1:${portOf(target)}"] } ]
route: { receiver: hook, group_by: [alertname], group_wait: 0s, group_interval: 1s, repeat_interval: 1h }
receivers:
  - name: hook
    webhook_configs: [ { url: "http://127.0.0.1:${portOf(hook)}/" } ]
`,
    );
    daemon = await startDaemon(['--config', cfg]);
    await waitFor(async () => hooks.includes('AppUp'), 'AppUp to page', 20_000);
    await sleep(1500);
    expect(hooks).toEqual(['AppUp']);
  }, 40_000);
});
