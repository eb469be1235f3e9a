import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { DaemonError } from '../core/errors.js';
import { nopLogger } from '../core/log.js';
import { createNotifyMetrics } from './metrics.js';
import { NotifyLog, type Intent } from './nflog.js';
import { backoffDelay, Deliverer, DEFAULT_RETRY_POLICY, httpFailure, parseRetryAfter, sendFailure } from './retry.js';
import { mapSlackError } from './receivers/slack.js';

const policy = { ...DEFAULT_RETRY_POLICY, random: () => 1 };

describe('retry policy', () => {
  it('backs off exponentially with a cap, and obeys Retry-After', () => {
    expect([0, 1, 2, 3, 10, 40].map((a) => backoffDelay(a, policy))).toEqual([1000, 2000, 4000, 8000, 300_000, 300_000]);
    expect(backoffDelay(0, { ...policy, random: () => 0 })).toBe(500);
    expect(backoffDelay(5, policy, 30_000)).toBe(30_000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('7', 0)).toBe(7000);
    expect(parseRetryAfter(new Date(61_000).toUTCString(), 1000)).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });

  it('classifies HTTP statuses like Alertmanager', () => {
    expect([500, 503, 429, 400, 401, 404].map((s) => httpFailure('x', s, '').retryable)).toEqual([true, true, true, false, false, false]);
    expect(sendFailure('network', 'down').code).toBe('NOTIFY_UNAVAILABLE');
    expect(sendFailure('clientError', 'no').code).toBe('NOTIFY_REJECTED');
  });

  it('maps Slack client errors: ok:false is permanent unless Slack says try later', () => {
    const platform = (error: string): unknown => ({ code: 'slack_webapi_platform_error', data: { ok: false, error } });
    expect((mapSlackError('m', platform('invalid_auth')) as DaemonError).retryable).toBe(false);
    expect((mapSlackError('m', platform('internal_error')) as DaemonError).retryable).toBe(true);
    const rl = mapSlackError('m', { code: 'slack_webapi_rate_limited_error', retryAfter: 3 }) as DaemonError;
    expect([rl.retryable, rl.retryAfterMs]).toEqual([true, 3000]);
    expect((mapSlackError('m', { code: 'slack_webapi_request_error' }) as DaemonError).retryable).toBe(true);
  });
});

describe('Deliverer', () => {
  const intent = (id: string, key: string, createdAt = 0): Intent => ({
    id,
    key,
    dedupeKey: id,
    receiver: 'r',
    integrationIndex: 0,
    createdAt,
    firing: [],
    resolved: [],
    notification: { receiver: 'r', status: 'firing', alerts: [], groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: '', groupKey: key, truncatedAlerts: 0 },
  });

  function setup(send: (i: Intent) => Promise<void>, maxConcurrent?: number) {
    const clock = new ManualClock(0);
    const log = new NotifyLog(mkdtempSync(join(tmpdir(), 'deliverer-')));
    const d = new Deliverer({
      log,
      clock,
      policy: { ...policy, random: () => 0 },
      send,
      metrics: createNotifyMetrics(new Registry()),
      logger: nopLogger,
      integrationName: () => 'webhook',
      ...(maxConcurrent ? { maxConcurrent } : {}),
    });
    return { clock, log, d };
  }

  it('supersedes a waiting intent of the same group with the newer state', async () => {
    const sent: string[] = [];
    let fail = true;
    const { clock, log, d } = setup(async (i) => {
      sent.push(i.id);
      if (fail) throw sendFailure('serverError', 'down');
    });
    await log.enqueue(intent('old', 'g'));
    d.submit(intent('old', 'g'), 0);
    await d.idle();
    expect(d.pendingRetries).toBe(1);
    fail = false;
    await log.enqueue(intent('new', 'g'));
    d.submit(intent('new', 'g'), 100);
    await d.idle();
    clock.advance(10_000);
    await d.idle();
    expect(sent).toEqual(['old', 'new']);
    expect(log.pending()).toHaveLength(0);
  });

  it('gives up on an intent older than maxAgeMs', async () => {
    const { clock, log, d } = setup(async () => {
      throw sendFailure('network', 'down');
    });
    await log.enqueue(intent('x', 'g'));
    d.submit(intent('x', 'g'), 0);
    for (let i = 0; i < 400; i++) {
      clock.advance(300_000);
      await d.idle();
    }
    expect(log.pending()).toHaveLength(0);
    expect(d.pendingRetries).toBe(0);
  });

  it('pauses every group of an integration after a 429 until Retry-After has passed', async () => {
    const attempts: Array<[string, number]> = [];
    let limited = true;
    const { clock, log, d } = setup(async (i) => {
      attempts.push([i.id, clock.now()]);
      if (limited && i.id === 'a') {
        limited = false;
        throw sendFailure('rateLimited', '429', { retryAfterMs: 5000 });
      }
    });
    await log.enqueue(intent('a', 'g1'));
    d.submit(intent('a', 'g1'), 0);
    await d.idle();
    await log.enqueue(intent('b', 'g2'));
    d.submit(intent('b', 'g2'), 0);
    await d.idle();
    expect(attempts).toEqual([['a', 0]]);
    clock.advance(5000);
    await d.idle();
    expect(attempts.map(([id, t]) => `${id}@${t}`).sort()).toEqual(['a@0', 'a@5000', 'b@5000']);
    expect(log.pending()).toHaveLength(0);
  });

  it('keeps at most maxConcurrent sends on the wire and still delivers everything', async () => {
    let active = 0;
    let peak = 0;
    const { log, d } = setup(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
    }, 3);
    for (let i = 0; i < 20; i++) {
      await log.enqueue(intent(`i${i}`, `g${i}`));
      d.submit(intent(`i${i}`, `g${i}`), 0);
    }
    await d.idle();
    expect(peak).toBe(3);
    expect(log.pending()).toHaveLength(0);
  });
});
