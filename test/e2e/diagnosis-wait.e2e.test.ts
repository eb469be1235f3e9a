/**
 * diagnosis_wait end to end, on a real recording (test/fixtures/diagnose/page_cache: a tar backup
 * fills the page cache of a freshly started Go service's cgroup up to its limit). A user's own rule,
 * "usage above 80 % of the limit" with `diagnose: true`, fires before the diagnosis has the history it
 * needs (min_window is set to 10 minutes here so that the alert fires first):
 * - through the CLI (`leaksleuth replay`, dist/): without a wait the first notification says
 *   insufficient_data; with the default 2m it says page_cache, and it went out at most 2m late;
 * - through the real rules engine, diagnosis service and notifier posting to a loopback webhook, as
 *   the daemon wires them: later notifications carry the current diagnosis in annotations while the
 *   `diagnosis` label, which routing and grouping see, keeps the first send's value.
 */
import http from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { ManualClock } from '../../src/core/clock.js';
import { nopLogger } from '../../src/core/log.js';
import { readRecordingText } from '../../src/diagnose/recording-file.js';
import { DiagnosisService } from '../../src/diagnose/service.js';
import { createNotifier } from '../../src/notify/index.js';
import { alertTemplateFn, engineQueryFn, RuleManager, storeTemplateQuery } from '../../src/rules/index.js';
import { readRecording } from '../../src/scrape/exposition/recording.js';
import { MemoryStore } from '../../src/store/memory.js';

const SCENARIO = 'test/fixtures/diagnose/page_cache';
const USER_RULES = `groups:
  - name: user
    interval: 1m
    rules:
      - alert: MemoryHigh
        expr: container_memory_usage_bytes / container_spec_memory_limit_bytes > 0.8
        for: 1m
        diagnose: true
        labels: {severity: page}
        annotations: {summary: "memory at {{ $value | humanizePercentage }} of the limit"}
`;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leaksleuth-diagnosis-wait-'));
  writeFileSync(join(dir, 'user.yaml'), USER_RULES);
});

interface ReplayJson {
  alerts: Array<{ rule: string; labels: Record<string, string>; annotations: Record<string, string>; firedAt: string; notifiedAt: string; verdict: string | null }>;
}

async function replayCli(wait: string): Promise<ReplayJson> {
  const args = ['replay', '--rules', join(dir, 'user.yaml'), '--openmetrics', join(SCENARIO, 'recording.om.gz'), '--step', '30s', '--diagnosis-wait', wait, '--min-window', '10m', '--json'];
  return cli(args).then((r) => {
    if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as ReplayJson;
  });
}

describe('leaksleuth replay --diagnosis-wait', () => {
  it('the first notification of a look-alike alert says page_cache only when it may wait for the verdict', async () => {
    const [noWait, withWait] = await Promise.all([replayCli('0s'), replayCli('2m')]);
    const a0 = noWait.alerts.find((a) => a.rule === 'MemoryHigh');
    const a2 = withWait.alerts.find((a) => a.rule === 'MemoryHigh');
    expect(a0?.verdict, JSON.stringify(noWait)).toBe('insufficient_data');
    expect(a0!.notifiedAt).toBe(a0!.firedAt);
    expect(a2?.verdict, JSON.stringify(withWait)).toBe('page_cache');
    expect(a2!.labels['diagnosis']).toBe('page_cache');
    expect(a2!.annotations['diagnosis_explanation']).toMatch(/cache/i);
    const waited = Date.parse(a2!.notifiedAt) - Date.parse(a2!.firedAt);
    expect(waited).toBeGreaterThan(0);
    expect(waited).toBeLessThanOrEqual(120_000);
  }, 60_000);
});

interface WebhookPayload {
  alerts: Array<{ status: string; labels: Record<string, string>; annotations: Record<string, string> }>;
}

describe('daemon wiring: rules → diagnosis (with wait) → notifier → webhook', () => {
  const received: Array<{ at: number; body: WebhookPayload }> = [];
  let server: http.Server;
  let hookUrl = '';
  let clock: ManualClock;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ at: clock.now(), body: JSON.parse(body) as WebhookPayload });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  async function run(waitMs: number): Promise<Array<{ at: number; body: WebhookPayload }>> {
    const meta = JSON.parse(readFileSync(join(SCENARIO, 'meta.json'), 'utf8')) as { job: string; instance: string; start: number; end: number };
    const store = new MemoryStore({ rawRetentionMs: 24 * 3_600_000 });
    for (const s of readRecording(readRecordingText(join(SCENARIO, 'recording.om.gz')))) for (let i = 0; i < s.t.length; i++) store.append(s.labels, s.t[i]!, s.v[i]!);
    const tmp = mkdtempSync(join(tmpdir(), 'leaksleuth-wait-notify-'));
    clock = new ManualClock(meta.start);
    const notifier = createNotifier(
      {
        route: { receiver: 'oncall', group_by: ['alertname', 'instance', 'diagnosis'], group_wait: '0s', group_interval: '1m', repeat_interval: '1m' },
        receivers: [{ name: 'oncall', webhook_configs: [{ url: hookUrl }] }],
      },
      { dataDir: join(tmp, 'data'), clock, log: nopLogger, registry: new Registry() },
    );
    const diagnosis = new DiagnosisService(store, () => ({ windowMs: 6 * 3_600_000, minSpanMs: 10 * 60_000, waitMs }));
    const rules = new RuleManager({
      query: engineQueryFn(store, {}),
      appender: store,
      expand: alertTemplateFn(storeTemplateQuery(store)),
      clock,
      notify: async (_expr, alerts, rule) => {
        await notifier.send(diagnosis.attach(alerts, rule.diagnose ? { diagnose: {} } : {}, clock.now()), clock.now());
      },
    });
    await rules.update(rules.loadFiles([join(dir, 'user.yaml')]));
    const before = received.length;
    const target = { job: meta.job, instance: meta.instance };
    for (let at = meta.start + 60_000; at <= meta.end; at += 30_000) {
      clock.advance(at - clock.now());
      diagnosis.runCycle([target], at);
      // The daemon releases held first sends after each diagnosis cycle (and at their deadline).
      await notifier.send(diagnosis.release(at), at);
      await rules.evaluateAll(at);
      await notifier.flush();
    }
    for (let i = 0; i < 50; i++) await new Promise((r) => setTimeout(r, 20));
    await notifier.stop();
    return received.slice(before);
  }

  it('with diagnosis_wait the first webhook says page_cache; without, later ones carry the current verdict under a stable label', async () => {
    const waited = (await run(120_000)).flatMap((p) => p.body.alerts.map((a) => ({ at: p.at, ...a }))).filter((a) => a.labels['alertname'] === 'MemoryHigh');
    expect(waited.length, JSON.stringify(waited)).toBeGreaterThan(0);
    expect(waited[0]!.labels['diagnosis']).toBe('page_cache');
    expect(waited[0]!.annotations['diagnosis_verdict']).toBe('page_cache');

    const now = (await run(0)).flatMap((p) => p.body.alerts.map((a) => ({ at: p.at, ...a }))).filter((a) => a.labels['alertname'] === 'MemoryHigh');
    expect(now.length, JSON.stringify(now)).toBeGreaterThan(1);
    expect(now[0]!.labels['diagnosis']).toBe('insufficient_data');
    // Every later notification keeps the routing label; the last one tells the verdict found since.
    for (const a of now) expect(a.labels['diagnosis']).toBe('insufficient_data');
    const last = now[now.length - 1]!;
    expect(last.annotations['diagnosis_verdict']).toBe('page_cache');
    expect(last.annotations['diagnosis_explanation']).toMatch(/cache/i);
  }, 60_000);
});
