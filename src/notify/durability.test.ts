import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let bundle = '';

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'notify-child-'));
  // Bare imports in the bundle resolve through this link to the project's dependencies.
  symlinkSync(join(root, 'node_modules'), join(out, 'node_modules'));
  bundle = join(out, 'child.mjs');
  await build({
    input: join(root, 'test/fixtures/notify/notifier-child.ts'),
    platform: 'node',
    external: [/^[^./]/],
    output: { file: bundle, format: 'esm' },
    logLevel: 'silent',
  });
});

interface Hit {
  key: string;
  id: string;
  alertnames: string[];
  acked: boolean;
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function runChild(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolveP, reject) => {
    const c = spawn(process.execPath, [bundle], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(c);
    let err = '';
    c.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    c.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('sent')) resolveP(c);
    });
    c.on('exit', (code, sig) => {
      if (sig !== 'SIGKILL') reject(new Error(`child exited ${code} ${sig}: ${err}`));
    });
  });
}

async function until(cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('durable outbox', () => {
  it('SIGKILL mid-send: restarted notifier delivers each dedupe key exactly once and re-sends nothing early', async () => {
    const hits: Hit[] = [];
    const held: ServerResponse[] = [];
    let holdNext = 1;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const msg = JSON.parse(body) as { alerts: Array<{ labels: Record<string, string> }> };
        const hit: Hit = {
          key: String(req.headers['idempotency-key']),
          id: String(req.headers['x-leaksleuth-notification-id']),
          alertnames: msg.alerts.map((a) => a.labels.alertname!),
          acked: false,
        };
        hits.push(hit);
        if (holdNext > 0) {
          // Keep the request open: the sender is killed while it waits for our answer.
          holdNext--;
          held.push(res);
          return;
        }
        res.on('finish', () => (hit.acked = true));
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const dataDir = mkdtempSync(join(tmpdir(), 'notify-durable-'));
    const env = { DATA_DIR: dataDir, HOOK_URL: hook, FIRED_AT: String(Date.now() - 60_000) };

    // Run 1: the send is on the wire when the process dies.
    const c1 = await runChild({ ...env, ALERTS: 'A' });
    await until(() => hits.length === 1);
    c1.kill('SIGKILL');
    await new Promise((r) => c1.once('exit', r));
    for (const r of held) r.destroy();
    expect(hits[0]!.acked).toBe(false);

    // Run 2: the intent is replayed from disk; the rule engine also re-sends A and now B.
    const c2 = await runChild({ ...env, ALERTS: 'A,B' });
    await until(() => hits.filter((h) => h.acked).length >= 2);
    await new Promise((r) => setTimeout(r, 2500)); // a few group_intervals for any stray re-send
    c2.kill('SIGKILL');
    await new Promise((r) => c2.once('exit', r));

    // Run 3: everything was delivered; a restart within repeat_interval must stay quiet.
    const before = hits.length;
    const c3 = await runChild({ ...env, ALERTS: 'A,B' });
    await new Promise((r) => setTimeout(r, 2500));
    c3.kill('SIGKILL');
    server.closeAllConnections();
    server.close();

    expect(hits.length).toBe(before);
    const acked = hits.filter((h) => h.acked);
    const perKey = new Map<string, number>();
    for (const h of acked) perKey.set(h.key, (perKey.get(h.key) ?? 0) + 1);
    expect([...perKey.values()].every((c) => c === 1)).toBe(true);
    // The interrupted notification was delivered after the restart, under the same key and id.
    expect(acked.some((h) => h.key === hits[0]!.key && h.id === hits[0]!.id)).toBe(true);
    expect(acked.flatMap((h) => h.alertnames).sort()).toEqual(['A', 'B']);
  });
});
