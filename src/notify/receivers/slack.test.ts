import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { nopLogger } from '../../core/log.js';
import type { Alert } from '../../model/alert.js';
import type { RawNotifyConfig } from '../config.js';
import { createNotifier, type Notifier } from '../index.js';
import { sampleAlert, sampleChart } from '../sample.js';
import { makeAlert, startFakeSlack, type FakeSlack } from './fake.js';

const cfg = (sendResolved = true): RawNotifyConfig => ({
  route: { receiver: 'slack', group_by: ['alertname'], group_wait: '0s', group_interval: '1s', repeat_interval: '4h' },
  receivers: [{ name: 'slack', slack_configs: [{ token: 'xoxb-test', channel: '#alerts', send_resolved: sendResolved }] }],
});

let slack: FakeSlack;
let notifier: Notifier | undefined;
let registry: Registry;
beforeEach(async () => {
  slack = await startFakeSlack();
  registry = new Registry();
});
afterEach(async () => {
  await notifier?.stop();
  notifier = undefined;
  await slack.close();
});

function start(c = cfg(), withChart = true): Notifier {
  notifier = createNotifier(c, {
    dataDir: mkdtempSync(join(tmpdir(), 'slack-')),
    clock: systemClock,
    log: nopLogger,
    registry,
    slackApiUrl: slack.apiUrl,
    retryPolicy: { initialMs: 50, maxMs: 200 },
    ...(withChart ? { chartSource: () => sampleChart(Date.now()) } : {}),
  });
  return notifier;
}

const blocksText = (p: Record<string, unknown>): string => JSON.stringify([p.blocks, p.attachments]);

describe('Slack through the real @slack/web-api client', () => {
  it('posts a Block Kit message with verdict, colour, evidence and the chart in the thread', async () => {
    const n = start();
    const now = Date.now();
    await n.send([sampleAlert(now)], now);
    const [post] = await slack.waitFor('chat.postMessage', 1);
    await slack.waitFor('files.completeUploadExternal', 1);
    expect(post!.auth).toBe('Bearer xoxb-test');
    expect(post!.params.channel).toBe('#alerts');
    const blocks = post!.params.blocks as Array<{ type: string; text?: { text: string } }>;
    expect(blocks[0]!.type).toBe('header');
    expect(blocks[0]!.text!.text).toContain('heap_leak');
    const att = post!.params.attachments as Array<{ color: string }>;
    expect(att[0]!.color).toBe('#E69F00');
    const all = blocksText(post!.params);
    expect(all).toContain('Real leak: the live Go heap keeps growing');
    expect(all).toContain('+38 MiB/h');
    expect(all).toContain('What to do');
    expect(all).toContain('Reaches the 3 GiB limit in about 1d 5h');
    const upload = slack.calls.find((c) => c.method === 'files.getUploadURLExternal')!;
    expect(upload.params.filename).toBe('leaksleuth-chart.png');
    const complete = slack.calls.find((c) => c.method === 'files.completeUploadExternal')!;
    expect(complete.params.thread_ts).toBe('1700000000.000001');
    expect(complete.params.channel_id).toBe('C0LEAK');
    expect(slack.uploads[0]!.includes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  });

  it('replies in the thread for changes and resolution, and updates the original to resolved', async () => {
    const n = start(cfg(true), false);
    const t0 = Date.now();
    const a = (inst: string, o: Partial<Alert> = {}): Alert => makeAlert({ alertname: 'GoroutineLeak', severity: 'critical', instance: inst }, { firedAt: t0, ...o });
    await n.send([a('a')], t0);
    await slack.waitFor('chat.postMessage', 1);
    await n.send([a('a'), a('b')], Date.now());
    const posts = await slack.waitFor('chat.postMessage', 2);
    expect(posts[1]!.params.thread_ts).toBe('1700000000.000001');
    expect(JSON.stringify(posts[1]!.params.blocks)).toContain('Still firing: 2 alerts');
    const [upd] = await slack.waitFor('chat.update', 1);
    expect(upd!.params.ts).toBe('1700000000.000001');
    const tr = Date.now();
    await n.send([a('a', { resolvedAt: tr }), a('b', { resolvedAt: tr })], tr);
    const posts3 = await slack.waitFor('chat.postMessage', 3);
    expect(posts3[2]!.params.thread_ts).toBe('1700000000.000001');
    expect(posts3[2]!.params.text).toContain('Resolved');
    const updates = await slack.waitFor('chat.update', 2);
    const resolvedUpdate = updates[1]!.params;
    expect((resolvedUpdate.attachments as Array<{ color: string }>)[0]!.color).toBe('#2EB67D');
    expect(JSON.stringify(resolvedUpdate.blocks)).toContain('RESOLVED');
    // The group is clear: the next firing starts a fresh top-level message.
    await n.flush();
    await n.send([a('c', { firedAt: Date.now() })], Date.now());
    const posts4 = await slack.waitFor('chat.postMessage', 4);
    expect(posts4[3]!.params.thread_ts).toBeUndefined();
  });

  it('starts a new message when the original was deleted, and does not re-send when only chat.update fails', async () => {
    const n = start(cfg(true), false);
    const t0 = Date.now();
    const a = (inst: string): Alert => makeAlert({ alertname: 'Gone', instance: inst }, { firedAt: t0 });
    await n.send([a('a')], t0);
    await slack.waitFor('chat.postMessage', 1);
    slack.script('chat.postMessage', { error: 'thread_not_found' });
    await n.send([a('a'), a('b')], Date.now());
    const posts = await slack.waitFor('chat.postMessage', 3);
    expect(posts[1]!.params.thread_ts).toBe('1700000000.000001');
    expect(posts[2]!.params.thread_ts).toBeUndefined();
    slack.script('chat.update', { status: 500 });
    await n.send([a('a'), a('b'), a('c')], Date.now());
    const posts4 = await slack.waitFor('chat.postMessage', 4);
    expect(posts4[3]!.params.thread_ts).toBe('1700000000.000002'); // the fresh top-level message
    await slack.waitFor('chat.update', 1);
    await new Promise((r) => setTimeout(r, 300));
    await n.flush();
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(4);
    expect(n.pending()).toHaveLength(0);
  });

  it("honours 429 Retry-After before retrying", async () => {
    slack.script('chat.postMessage', { status: 429, retryAfter: 1 });
    const n = start(cfg(), false);
    const now = Date.now();
    await n.send([makeAlert({ alertname: 'RateLimited' }, { firedAt: now })], now);
    const calls = await slack.waitFor('chat.postMessage', 2, 5000);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(await registry.metrics()).toMatch(/leaksleuth_notifications_failed_total\{receiver="slack",integration="slack",reason="rateLimited"\} 1/);
  });

  it('retries HTTP 500 and gives up on invalid_auth without retrying', async () => {
    slack.script('chat.postMessage', { status: 500 }, { status: 500 });
    const n = start(cfg(), false);
    const now = Date.now();
    await n.send([makeAlert({ alertname: 'Flaky' }, { firedAt: now })], now);
    await slack.waitFor('chat.postMessage', 3);
    await n.flush();
    expect(n.pending()).toHaveLength(0);

    slack.script('chat.postMessage', { error: 'invalid_auth' });
    await n.send([makeAlert({ alertname: 'BadToken' }, { firedAt: now })], now);
    await slack.waitFor('chat.postMessage', 4);
    await new Promise((r) => setTimeout(r, 400));
    await n.flush();
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(4);
    expect(n.pending()).toHaveLength(0);
    const m = await registry.metrics();
    expect(m).toMatch(/reason="serverError"\} 2/);
    expect(m).toMatch(/reason="clientError"\} 1/);
  });

  it('posts to incoming-webhook URLs without threads', async () => {
    const n = start(
      {
        route: { receiver: 'hook', group_wait: '0s' },
        receivers: [{ name: 'hook', slack_configs: [{ api_url: `${slack.url}/api/incoming`, channel: '#ops' }] }],
      },
      false,
    );
    const now = Date.now();
    await n.send([sampleAlert(now)], now);
    const [call] = await slack.waitFor('incoming', 1);
    expect(call!.params.channel).toBe('#ops');
    expect(JSON.stringify(call!.params.blocks)).toContain('heap_leak');
  });
});
