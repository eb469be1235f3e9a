/**
 * End to end: `alerting.resend_delay`, `global.external_labels` with `alert_relabel_configs`, and
 * sibling routes with equal matchers, as the daemon applies them. A
 * rule firing every second is forwarded to a loopback Alertmanager-API sink; with resend_delay 2s
 * and a 1s group interval, Prometheus re-sends a firing alert every 3s (resend strictly after the
 * delay, at an evaluation) with endsAt = evaluation time + 4 × max(2s, 1s) = +8s.
 */
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemon, waitFor, type RunningDaemon } from '../helpers/daemon.js';

interface Post {
  readonly at: number;
  readonly alerts: Array<{ labels: Record<string, string>; startsAt: string; endsAt: string }>;
}

interface Hook {
  readonly path: string;
  readonly body: { receiver: string; groupKey: string; alerts: Array<{ labels: Record<string, string> }> };
}

describe('alerting settings take effect in the daemon', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-resend-'));
  let daemon: RunningDaemon | undefined;
  const posts: Post[] = [];
  const hooks: Hook[] = [];
  const sink = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url?.startsWith('/hook/')) hooks.push({ path: req.url, body: JSON.parse(body) as Hook['body'] });
      else posts.push({ at: Date.now(), alerts: JSON.parse(body) as Post['alerts'] });
      res.writeHead(200).end();
    });
  });

  afterAll(async () => {
    daemon?.kill('SIGTERM');
    await daemon?.exited;
    await new Promise((r) => sink.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('re-sends every resend_delay with endsAt = now + 4 × max(resend_delay, interval); external labels on every path; both sibling receivers notified', async () => {
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    const port = (sink.address() as AddressInfo).port;
    writeFileSync(join(dir, 'rules.yaml'), 'groups:\n  - name: g\n    interval: 1s\n    rules:\n      - alert: Always\n        expr: vector(1)\n        labels: {severity: page}\n');
    writeFileSync(
      join(dir, 'leaksleuth.yaml'),
      [
        'global:',
        '  external_labels: {cluster: eu, replica: a, severity: info}',
        'storage:',
        `  data_dir: ${join(dir, 'data')}`,
        'cgroup_discovery: {enabled: false}',
        'go_discovery: {enabled: false}',
        'diagnosis: {enabled: false}',
        `rule_files: [${join(dir, 'rules.yaml')}]`,
        'alerting:',
        `  alertmanagers: [{static_configs: [{targets: ['127.0.0.1:${port}']}]}]`,
        '  resend_delay: 2s',
        '  alert_relabel_configs: [{action: labeldrop, regex: replica}]',
        // Two sibling routes with equal matchers, the first with continue: both receivers get the alert.
        'route:',
        '  receiver: log',
        '  group_wait: 1s',
        '  routes:',
        '    - {matchers: [\'cluster="eu"\'], receiver: first, continue: true}',
        '    - {matchers: [\'cluster="eu"\'], receiver: second}',
        'receivers:',
        `  - {name: first, webhook_configs: [{url: 'http://127.0.0.1:${port}/hook/first'}]}`,
        `  - {name: second, webhook_configs: [{url: 'http://127.0.0.1:${port}/hook/second'}]}`,
        '',
      ].join('\n'),
    );
    daemon = await startDaemon(['--config', join(dir, 'leaksleuth.yaml')]);
    await waitFor(async () => posts.length >= 4, 'four posts', 20_000);
    const firing = posts.filter((p) => p.alerts.some((a) => a.labels['alertname'] === 'Always'));
    expect(firing[0]!.alerts[0]!.labels).toEqual({ alertname: 'Always', cluster: 'eu', severity: 'page' });
    const gaps = firing.slice(1).map((p, i) => p.at - firing[i]!.at);
    for (const g of gaps) {
      expect(g).toBeGreaterThan(2500);
      expect(g).toBeLessThan(3600);
    }
    for (const p of firing) {
      const ahead = Date.parse(p.alerts[0]!.endsAt) - p.at;
      expect(ahead).toBeGreaterThan(6000);
      expect(ahead).toBeLessThanOrEqual(8000);
    }
    // Both sibling receivers were notified, with the external labels routed on and replica dropped.
    const got = hooks.map((h) => [h.path, h.body.groupKey, h.body.alerts.map((a) => a.labels)]);
    expect(got.sort()).toEqual([
      ['/hook/first', '{}/{cluster="eu"}:{}', [{ alertname: 'Always', cluster: 'eu', severity: 'page' }]],
      ['/hook/second', '{}/{cluster="eu"}:{}', [{ alertname: 'Always', cluster: 'eu', severity: 'page' }]],
    ]);
  }, 40_000);
});
