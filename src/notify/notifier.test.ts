import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { nopLogger } from '../core/log.js';
import type { RawNotifyConfig } from './config.js';
import { fingerprint } from './fingerprint.js';
import { createNotifier } from './index.js';
import { fakeFetch, makeAlert } from './receivers/fake.js';
import type { WebhookMessage } from './receivers/webhook.js';

const T0 = Date.parse('2026-11-22T00:00:00Z');
const S = 1000;
const M = 60 * S;

const config = (extra: Partial<RawNotifyConfig> = {}): RawNotifyConfig => ({
  route: { receiver: 'hook', group_by: ['alertname'], routes: [{ matchers: ['team="db"'], receiver: 'db', group_by: ['alertname', 'instance'] }] },
  receivers: [
    { name: 'hook', webhook_configs: [{ url: 'http://127.0.0.1:1/hook' }] },
    { name: 'db', webhook_configs: [{ url: 'http://127.0.0.1:1/db', send_resolved: false }] },
  ],
  ...extra,
});

function setup(cfg = config(), dataDir = mkdtempSync(join(tmpdir(), 'notifier-')), script?: Parameters<typeof fakeFetch>[0]) {
  const clock = new ManualClock(T0);
  const ff = fakeFetch(script);
  const n = createNotifier(cfg, {
    dataDir,
    clock,
    log: nopLogger,
    registry: new Registry(),
    fetch: ff.fetch,
    retryPolicy: { initialMs: 1000, maxMs: 8000, random: () => 0.5 },
  });
  const step = async (ms: number): Promise<void> => {
    clock.advance(ms);
    await n.flush();
  };
  const bodies = (): WebhookMessage[] => ff.requests.map((r) => r.body as WebhookMessage);
  return { clock, n, ff, step, bodies, dataDir };
}

describe('notifier pipeline with a ManualClock', () => {
  it('waits group_wait, batches the group, then respects group_interval and repeat_interval', async () => {
    const { n, step, bodies } = setup();
    await n.send([makeAlert({ alertname: 'HeapGrowth', instance: 'a' }, { firedAt: T0 })], T0);
    await step(29 * S);
    expect(bodies()).toHaveLength(0);
    await n.send([makeAlert({ alertname: 'HeapGrowth', instance: 'b' }, { firedAt: T0 + 29 * S })], T0 + 29 * S);
    await step(1 * S);
    expect(bodies()).toHaveLength(1);
    expect(bodies()[0]!.alerts.map((a) => a.labels.instance)).toEqual(['a', 'b']);
    expect(bodies()[0]!.groupKey).toBe('{}:{alertname="HeapGrowth"}');
    // Same alerts re-sent every minute: no new notification until repeat_interval (4h).
    for (let i = 0; i < 10; i++) {
      await n.send([makeAlert({ alertname: 'HeapGrowth', instance: 'a' }, { firedAt: T0 }), makeAlert({ alertname: 'HeapGrowth', instance: 'b' }, { firedAt: T0 + 29 * S })], T0 + 30 * S + i * M);
      await step(M);
    }
    expect(bodies()).toHaveLength(1);
    // A new alert joins: it goes out at the next group_interval tick (5m after the last flush), not at once.
    const tJoin = T0 + 30 * S + 10 * M;
    await n.send([makeAlert({ alertname: 'HeapGrowth', instance: 'c' }, { firedAt: tJoin })], tJoin);
    await step(1 * S);
    expect(bodies()).toHaveLength(1);
    await step(5 * M);
    expect(bodies()).toHaveLength(2);
    expect(bodies()[1]!.alerts).toHaveLength(3);
  });

  it('repeats after repeat_interval when nothing changes', async () => {
    const { n, step, bodies, clock } = setup();
    const keep = async (): Promise<void> => n.send([makeAlert({ alertname: 'A' }, { firedAt: T0 })], clock.now());
    await keep();
    await step(30 * S);
    expect(bodies()).toHaveLength(1);
    for (let t = 0; t < 4 * 60; t += 1) {
      await keep();
      await step(M);
    }
    // At exactly 4h the entry is not yet older than repeat_interval; the next group_interval tick repeats.
    expect(bodies()).toHaveLength(1);
    for (let t = 0; t < 5; t += 1) {
      await keep();
      await step(M);
    }
    expect(bodies()).toHaveLength(2);
  });

  it('sends resolutions to webhooks (send_resolved default true) but not where disabled', async () => {
    const { n, step, bodies } = setup();
    await n.send([makeAlert({ alertname: 'A' }, { firedAt: T0 }), makeAlert({ alertname: 'B', team: 'db', instance: 'x' }, { firedAt: T0 })], T0);
    await step(30 * S);
    expect(bodies().map((b) => b.receiver).sort()).toEqual(['db', 'hook']);
    const tr = T0 + 60 * S;
    await n.send([makeAlert({ alertname: 'A' }, { firedAt: T0, resolvedAt: tr }), makeAlert({ alertname: 'B', team: 'db', instance: 'x' }, { firedAt: T0, resolvedAt: tr })], tr);
    await step(5 * M);
    expect(bodies()).toHaveLength(3);
    const last = bodies()[2]!;
    expect(last.receiver).toBe('hook');
    expect(last.status).toBe('resolved');
    expect(last.alerts[0]!.endsAt).toBe(new Date(tr).toISOString().replace('.000Z', 'Z'));
    expect(n.groups()).toHaveLength(0);
  });

  it('resolves an alert nobody re-sends after validUntil / resolve_timeout', async () => {
    const { n, step, bodies } = setup();
    await n.send([makeAlert({ alertname: 'A' }, { firedAt: T0, validUntil: T0 + 4 * M })], T0);
    await step(30 * S);
    await step(5 * M);
    expect(bodies().map((b) => b.status)).toEqual(['firing', 'resolved']);
  });

  it('inhibits and silences before notifying', async () => {
    const cfg = config({ inhibit_rules: [{ source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['instance'] }] });
    const { n, step, bodies } = setup(cfg);
    n.silences.create(
      { matchers: [{ name: 'alertname', value: 'Noisy', isRegex: false, isEqual: true }], startsAt: new Date(T0).toISOString(), endsAt: new Date(T0 + 3600_000).toISOString(), createdBy: 't', comment: 'c' },
      T0,
    );
    await n.send(
      [
        makeAlert({ alertname: 'Down', severity: 'critical', instance: 'a' }, { firedAt: T0 }),
        makeAlert({ alertname: 'Slow', severity: 'warning', instance: 'a' }, { firedAt: T0 }),
        makeAlert({ alertname: 'Slow', severity: 'warning', instance: 'b' }, { firedAt: T0 }),
        makeAlert({ alertname: 'Noisy' }, { firedAt: T0 }),
      ],
      T0,
    );
    await step(30 * S);
    const sent = bodies().flatMap((b) => b.alerts.map((a) => `${a.labels.alertname}/${a.labels.instance ?? ''}`)).sort();
    expect(sent).toEqual(['Down/a', 'Slow/b']);
  });

  it('says why an alert is held back, for the status page', async () => {
    const cfg = config({ inhibit_rules: [{ source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['instance'] }] });
    const { n } = setup(cfg);
    const sil = n.silences.create(
      { matchers: [{ name: 'alertname', value: 'Noisy', isRegex: false, isEqual: true }], startsAt: new Date(T0).toISOString(), endsAt: new Date(T0 + 3600_000).toISOString(), createdBy: 't', comment: 'c' },
      T0,
    );
    await n.send([makeAlert({ alertname: 'Down', severity: 'critical', instance: 'a' }, { firedAt: T0 })], T0);
    expect(n.suppressed({ alertname: 'Slow', severity: 'warning', instance: 'a' }, T0)).toEqual({ silencedBy: [], inhibited: true });
    expect(n.suppressed({ alertname: 'Slow', severity: 'warning', instance: 'b' }, T0)).toEqual({ silencedBy: [], inhibited: false });
    expect(n.suppressed({ alertname: 'Noisy' }, T0)).toEqual({ silencedBy: [sil.silenceID], inhibited: false });
    await n.stop();
  });

  it('retries 5xx with backoff and drops 4xx as permanent, counting both', async () => {
    const registry = new Registry();
    const clock = new ManualClock(T0);
    const ff = fakeFetch([{ status: 503 }, { status: 500 }, { status: 200 }, { status: 400, body: 'bad' }]);
    const n = createNotifier(config(), { dataDir: mkdtempSync(join(tmpdir(), 'notifier-')), clock, log: nopLogger, registry, fetch: ff.fetch, retryPolicy: { initialMs: 1000, maxMs: 8000, random: () => 0 } });
    await n.send([makeAlert({ alertname: 'A' }, { firedAt: T0 })], T0);
    clock.advance(30 * S);
    await n.flush();
    expect(ff.requests).toHaveLength(1);
    clock.advance(500); // equal jitter with random=0: first retry after 500ms
    await n.flush();
    expect(ff.requests).toHaveLength(2);
    clock.advance(1000);
    await n.flush();
    expect(ff.requests).toHaveLength(3);
    expect(n.pending()).toHaveLength(0);
    await n.send([makeAlert({ alertname: 'B' }, { firedAt: clock.now() })], clock.now());
    clock.advance(30 * S);
    await n.flush();
    expect(ff.requests).toHaveLength(4);
    expect(n.pending()).toHaveLength(0);
    const text = await registry.metrics();
    expect(text).toMatch(/leaksleuth_notifications_total\{receiver="hook",integration="webhook"\} 4/);
    expect(text).toMatch(/leaksleuth_notifications_failed_total\{receiver="hook",integration="webhook",reason="serverError"\} 2/);
    expect(text).toMatch(/leaksleuth_notifications_failed_total\{receiver="hook",integration="webhook",reason="clientError"\} 1/);
    expect(text).toMatch(/leaksleuth_notification_latency_seconds_count\{receiver="hook",integration="webhook"\} 1/);
    // Queued at the flush, delivered after two retries 1.5s later.
    expect(text).toMatch(/leaksleuth_notification_latency_seconds_sum\{receiver="hook",integration="webhook"\} 1.5/);
  });

  it('after a restart, neither re-sends before repeat_interval nor forgets a pending send', async () => {
    const a = setup(config(), undefined, [{ status: 200 }, { status: 503 }]);
    await a.n.send([makeAlert({ alertname: 'Sent' }, { firedAt: T0 })], T0);
    await a.step(30 * S);
    await a.n.send([makeAlert({ alertname: 'Stuck' }, { firedAt: a.clock.now() })], a.clock.now());
    await a.step(30 * S);
    expect(a.ff.requests).toHaveLength(2);
    expect(a.n.pending()).toHaveLength(1);
    await a.n.stop();

    const b = setup(config(), a.dataDir);
    await b.n.flush();
    // The stuck intent is delivered at start-up, before any new evaluation.
    expect(b.bodies().map((x) => x.commonLabels.alertname)).toEqual(['Stuck']);
    await b.n.send([makeAlert({ alertname: 'Sent' }, { firedAt: T0 }), makeAlert({ alertname: 'Stuck' }, { firedAt: T0 + 30 * S })], b.clock.now());
    await b.step(60 * S);
    expect(b.bodies()).toHaveLength(1);
    expect(b.n.pending()).toHaveLength(0);
  });

  it('notifies both sibling routes with equal matchers (the first with continue), each its own group', async () => {
    const cfg: RawNotifyConfig = {
      route: {
        receiver: 'hook',
        group_by: ['alertname'],
        routes: [
          { matchers: ['team="a"'], receiver: 'hook', continue: true },
          { matchers: ['team="a"'], receiver: 'db' },
        ],
      },
      receivers: config().receivers!,
    };
    const { n, step, bodies } = setup(cfg);
    await n.send([makeAlert({ alertname: 'X', team: 'a' }, { firedAt: T0 })], T0);
    await step(30 * S);
    expect(n.groups().map((g) => g.routeId).sort()).toEqual(['{}/{team="a"}/0', '{}/{team="a"}/1']);
    expect(bodies().map((b) => [b.receiver, b.groupKey]).sort()).toEqual([
      ['db', '{}/{team="a"}:{alertname="X"}'],
      ['hook', '{}/{team="a"}:{alertname="X"}'],
    ]);
  });

  it('after an upgrade, reads the log under the old key spelling: no re-page, and sends again after repeat_interval', async () => {
    // Two matchers out of order: the old key kept config order, Alertmanager's (and now ours) sorts them.
    const cfg = config({ route: { receiver: 'hook', group_by: ['alertname'], routes: [{ matchers: ['team="db"', 'env="prod"'], receiver: 'hook' }] } });
    const dataDir = mkdtempSync(join(tmpdir(), 'notifier-'));
    const legacy = '{}/{team="db",env="prod"}:{alertname="Old"}|hook|webhook/0';
    const alert = makeAlert({ alertname: 'Old', team: 'db', env: 'prod' }, { firedAt: T0 - 2 * M });
    mkdirSync(join(dataDir, 'notify'), { recursive: true });
    writeFileSync(join(dataDir, 'notify', 'log.jsonl'), JSON.stringify({ t: 'log', entry: { key: legacy, at: T0 - M, firing: [fingerprint(alert.labels)], resolved: [] } }) + '\n');
    const b = setup(cfg, dataDir);
    await b.n.send([alert], T0);
    await b.step(30 * S);
    expect(b.bodies()).toHaveLength(0);
    // The adopted entry now answers under the new key; repeat_interval still counts from the old send.
    for (let t = 0; t < 4 * 60 + 5; t++) {
      await b.n.send([alert], b.clock.now());
      await b.step(M);
    }
    expect(b.bodies()).toHaveLength(1);
    expect(b.bodies()[0]!.groupKey).toBe('{}/{env="prod",team="db"}:{alertname="Old"}');
  });

  it('adds external labels (rule labels win) and applies alert_relabel_configs on every path out', async () => {
    const cfg: RawNotifyConfig = {
      ...config({ route: { receiver: 'hook', group_by: ['alertname'], routes: [{ matchers: ['cluster="eu"'], receiver: 'db', group_by: ['cluster'] }] } }),
      external_labels: { cluster: 'eu', replica: 'a', severity: 'info' },
      alerting: {
        alertmanagers: [{ static_configs: [{ targets: ['127.0.0.1:1'] }] }],
        alert_relabel_configs: [
          { action: 'labeldrop', regex: 'replica' },
          { source_labels: ['alertname'], regex: 'Noise', action: 'drop' },
        ],
      },
    };
    const { n, step, ff } = setup(cfg);
    await n.send([makeAlert({ alertname: 'A', severity: 'critical' }, { firedAt: T0 }), makeAlert({ alertname: 'Noise' }, { firedAt: T0 })], T0);
    await step(30 * S);
    const forwarded = ff.requests.filter((r) => r.url.endsWith('/api/v2/alerts'));
    const hooks = ff.requests.filter((r) => !r.url.endsWith('/api/v2/alerts')).map((r) => r.body as WebhookMessage);
    expect(forwarded).toHaveLength(1);
    expect((forwarded[0]!.body as Array<{ labels: Record<string, string> }>).map((a) => a.labels)).toEqual([{ alertname: 'A', cluster: 'eu', severity: 'critical' }]);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.receiver).toBe('db');
    expect(hooks[0]!.groupKey).toBe('{}/{cluster="eu"}:{cluster="eu"}');
    expect(hooks[0]!.alerts.map((a) => a.labels)).toEqual([{ alertname: 'A', cluster: 'eu', severity: 'critical' }]);
  });

  it('keeps an emptied group ticking until the 30s sweep, as Alertmanager: a returning alert waits for the tick', async () => {
    const { n, step, bodies } = setup();
    const a = makeAlert({ alertname: 'A' }, { firedAt: T0 });
    await n.send([a], T0);
    await step(30 * S);
    await n.send([{ ...a, state: 'inactive', resolvedAt: T0 + 40 * S }], T0 + 40 * S);
    await step(5 * M); // resolved goes out at the 5m tick (T0 + 5m30s)
    expect(bodies().map((b) => b.status)).toEqual(['firing', 'resolved']);
    expect(n.groups()).toHaveLength(0);
    const t = T0 + 5 * M + 40 * S;
    await n.send([makeAlert({ alertname: 'A' }, { firedAt: t })], t);
    await step(10 * S + 30 * S); // past group_wait: still waiting for the group's next tick (T0 + 10m30s)
    expect(bodies()).toHaveLength(2);
    await step(5 * M);
    expect(bodies().map((b) => b.status)).toEqual(['firing', 'resolved', 'firing']);
  });

  it('writes to the log when no receiver is configured', async () => {
    const lines: string[] = [];
    const { createLogger } = await import('../core/log.js');
    const clock = new ManualClock(T0);
    const n = createNotifier({}, { dataDir: mkdtempSync(join(tmpdir(), 'notifier-')), clock, log: createLogger('info', (l) => lines.push(l)), registry: new Registry() });
    await n.send([makeAlert({ alertname: 'Lonely' }, { firedAt: T0 })], T0);
    clock.advance(30 * S);
    await n.flush();
    expect(lines.some((l) => l.includes('"msg":"notification"') && l.includes('Lonely'))).toBe(true);
  });
});
