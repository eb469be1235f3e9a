import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { nopLogger } from '../../core/log.js';
import { createNotifier } from '../index.js';
import type { PostableAlert } from './alertmanager.js';
import { makeAlert } from './fake.js';

const T0 = Date.parse('2026-11-22T00:00:00Z');

async function startAm(status = 200) {
  const posts: Array<{ path: string; body: PostableAlert[] }> = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      posts.push({ path: req.url ?? '', body: JSON.parse(data) as PostableAlert[] });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { posts, port: (server.address() as AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('forwarding to Alertmanager /api/v2/alerts', () => {
  it('posts what the rule engine hands on to every Alertmanager, endsAt = validUntil (else 4 × resend_delay), and the resolution', async () => {
    const a = await startAm();
    const b = await startAm();
    closers.push(a.close, b.close);
    const clock = new ManualClock(T0);
    const n = createNotifier(
      {
        alerting: {
          alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`] }], path_prefix: '/am' }],
          resend_delay: '15s',
        },
        route: { receiver: 'blackhole' },
        receivers: [{ name: 'blackhole' }],
      },
      { dataDir: mkdtempSync(join(tmpdir(), 'am-')), clock, log: nopLogger, registry: new Registry() },
    );
    const alert = makeAlert({ alertname: 'HeapGrowth', instance: 'x', empty: '' }, { firedAt: T0, activeAt: T0 - 60_000, annotations: { summary: 's' } });
    await n.send([alert, makeAlert({ alertname: 'Pending' }, { state: 'pending' })], T0);
    await n.flush();
    expect(a.posts).toHaveLength(1);
    expect(b.posts).toHaveLength(1);
    expect(a.posts[0]!.path).toBe('/am/api/v2/alerts');
    expect(a.posts[0]!.body).toEqual([
      { labels: { alertname: 'HeapGrowth', instance: 'x' }, annotations: { summary: 's' }, startsAt: '2026-11-22T00:00:00Z', endsAt: '2026-11-22T00:01:00Z' },
    ]);
    // The rule engine decides when to re-send (resend_delay) and stamps validUntil; both are taken as given.
    await n.send([{ ...alert, validUntil: T0 + 60_000 + 240_000 }], T0 + 60_000);
    await n.flush();
    expect(a.posts).toHaveLength(2);
    expect(a.posts[1]!.body[0]!.endsAt).toBe('2026-11-22T00:05:00Z');
    await n.send([{ ...alert, state: 'inactive', resolvedAt: T0 + 75_000 }], T0 + 75_000);
    await n.flush();
    expect(a.posts).toHaveLength(3);
    expect(a.posts[2]!.body[0]!.endsAt).toBe('2026-11-22T00:01:15Z');
    await n.stop();
  });

  it('counts a failing Alertmanager and posts again at the next hand-over (no queue, as Prometheus)', async () => {
    const down = await startAm(503);
    closers.push(down.close);
    const clock = new ManualClock(T0);
    const registry = new Registry();
    const n = createNotifier(
      { alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${down.port}`] }] }] }, route: { receiver: 'none' }, receivers: [{ name: 'none' }] },
      { dataDir: mkdtempSync(join(tmpdir(), 'am-')), clock, log: nopLogger, registry },
    );
    const alert = makeAlert({ alertname: 'X' }, { firedAt: T0 });
    await n.send([alert], T0);
    await n.flush();
    await n.send([alert], T0 + 15_000);
    await n.flush();
    expect(down.posts).toHaveLength(2);
    expect(await registry.metrics()).toMatch(/integration="alertmanager",reason="serverError"\} 2/);
    await n.stop();
  });
});
