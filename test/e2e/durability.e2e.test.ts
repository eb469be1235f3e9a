/**
 * Nothing is lost: the real daemon is SIGKILLed while a webhook delivery is in flight, restarted on
 * the same data directory, and must deliver that notification (at least once, same dedupe key) and
 * then not repeat it before repeat_interval, although its rule keeps firing every second.
 */
import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemon, waitFor, type RunningDaemon } from '../helpers/daemon.js';

interface Hit {
  key: string | undefined;
  alertnames: string[];
  at: number;
}

describe('notification durability across SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-durable-'));
  const hits: Hit[] = [];
  const held: http.ServerResponse[] = [];
  let holdFirst = true;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const p = JSON.parse(body) as { alerts: Array<{ labels: Record<string, string> }> };
      hits.push({ key: req.headers['idempotency-key'] as string | undefined, alertnames: p.alerts.map((a) => a.labels['alertname']!), at: Date.now() });
      if (holdFirst) {
        holdFirst = false;
        held.push(res); // never answered: the daemon dies while waiting for it
        return;
      }
      res.writeHead(200).end();
    });
  });
  let daemon: RunningDaemon | undefined;
  afterAll(async () => {
    daemon?.kill('SIGKILL');
    for (const r of held) r.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('re-delivers the in-flight notification once after a restart and does not repeat it early', async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    writeFileSync(
      join(dir, 'rules.yaml'),
      `groups:
  - name: always
    interval: 1s
    rules:
      - alert: AlwaysFiring
        expr: vector(1)
        labels: { severity: page }
        annotations: { summary: "fires every evaluation" }
`,
    );
    const cfg = join(dir, 'leaksleuth.yaml');
    writeFileSync(
      cfg,
      `global: { evaluation_interval: 1s }
storage: { data_dir: ${join(dir, 'data')} }
cgroup_discovery: { enabled: false }
go_discovery: { enabled: false }
rule_files: [rules.yaml]
scrape_configs: []
route: { receiver: hook, group_by: [alertname], group_wait: 0s, group_interval: 1s, repeat_interval: 1h }
receivers:
  - name: hook
    webhook_configs: [ { url: "http://127.0.0.1:${port}/", send_resolved: false } ]
`,
    );
    daemon = await startDaemon(['--config', cfg]);
    await waitFor(async () => held.length === 1, 'the first delivery to be in flight');
    daemon.kill('SIGKILL');
    await daemon.exited;
    held[0]!.destroy();
    const first = hits[0]!;
    expect(first.alertnames).toEqual(['AlwaysFiring']);
    expect(first.key).toBeTruthy();

    daemon = await startDaemon(['--config', cfg]);
    const again = await waitFor(async () => hits[1], 'the re-delivery after restart');
    expect(again.alertnames).toEqual(['AlwaysFiring']);
    // Same notification, same dedupe key: a receiver can drop the duplicate.
    expect(again.key).toBe(first.key);
    // The rule keeps firing every second with group_interval 1s; nothing new until repeat_interval (1h).
    await new Promise((r) => setTimeout(r, 6000));
    expect(hits).toHaveLength(2);
    daemon.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    daemon = undefined;
  });
});
