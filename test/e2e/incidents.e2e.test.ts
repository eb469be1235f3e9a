/**
 * The four seed incidents (real-world reports, described in scripts/record/go/seed*), each reproduced by a real Go process in a real cgroup
 * and recorded (test/fixtures/diagnose/seed*), must end in a correct, explained alert: the recording
 * is replayed through the real store, the diagnosis cycle, the shipped rule expressions
 * (rules/go-memory.yaml, with `for` shortened to fit a 10-minute recording) and the real notifier,
 * which posts the Alertmanager v4 webhook payload to a loopback HTTP server.
 */
import http from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { nopLogger } from '../../src/core/log.js';
import { readRecordingText } from '../../src/diagnose/recording-file.js';
import { DiagnosisService } from '../../src/diagnose/service.js';
import { createNotifier } from '../../src/notify/index.js';
import { alertTemplateFn, engineQueryFn, RuleManager, storeTemplateQuery } from '../../src/rules/index.js';
import { readRecording } from '../../src/scrape/exposition/recording.js';
import { MemoryStore } from '../../src/store/memory.js';

interface WebhookAlert {
  status: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
interface WebhookPayload {
  version: string;
  status: string;
  alerts: WebhookAlert[];
}

const received: WebhookPayload[] = [];
let server: http.Server;
let hookUrl = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body) as WebhookPayload);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** shippedRulesWithShortFor writes rules/go-memory.yaml with every `for:` set to 1m. */
function shippedRulesWithShortFor(dir: string): string {
  const text = readFileSync('rules/go-memory.yaml', 'utf8').replace(/^(\s+)for: \S+$/gm, '$1for: 1m');
  const file = join(dir, 'go-memory.yaml');
  writeFileSync(file, text);
  return file;
}

async function replay(scenario: string): Promise<{ alerts: WebhookAlert[]; meta: { expected: string; job: string; instance: string } }> {
  const dir = `test/fixtures/diagnose/${scenario}`;
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { expected: string; job: string; instance: string; start: number; end: number };
  const store = new MemoryStore({ rawRetentionMs: 24 * 3_600_000 });
  for (const s of readRecording(readRecordingText(join(dir, 'recording.om.gz')))) for (let i = 0; i < s.t.length; i++) store.append(s.labels, s.t[i]!, s.v[i]!);

  const tmp = mkdtempSync(join(tmpdir(), `leaksleuth-incident-${scenario}-`));
  const clock = new ManualClock(meta.start);
  const notifier = createNotifier(
    {
      route: { receiver: 'oncall', group_by: ['alertname', 'instance'], group_wait: '0s', group_interval: '1m', repeat_interval: '4h' },
      receivers: [{ name: 'oncall', webhook_configs: [{ url: hookUrl }] }],
    },
    { dataDir: join(tmp, 'data'), clock, log: nopLogger, registry: new Registry() },
  );
  const diagnosis = new DiagnosisService(store, () => ({ windowMs: 6 * 3_600_000, minSpanMs: 5 * 60_000 }));
  const rules = new RuleManager({
    query: engineQueryFn(store, {}),
    appender: store,
    expand: alertTemplateFn(storeTemplateQuery(store)),
    clock,
    notify: async (_expr, alerts, rule) => {
      await notifier.send(diagnosis.attach(alerts, rule.diagnose ? { diagnose: {} } : {}, clock.now()), clock.now());
    },
  });
  await rules.update(rules.loadFiles([shippedRulesWithShortFor(tmp)]));
  const before = received.length;
  const target = { job: meta.job, instance: meta.instance };
  for (let at = meta.start + 60_000; at <= meta.end; at += 30_000) {
    clock.advance(at - clock.now());
    diagnosis.runCycle([target], at);
    await rules.evaluateAll(at);
    await notifier.flush();
  }
  clock.advance(60_000);
  await notifier.flush();
  // Deliveries are HTTP requests; give the loopback server a moment to record the last ones.
  for (let i = 0; i < 50 && received.length === before; i++) await new Promise((r) => setTimeout(r, 100));
  await notifier.stop();
  return { alerts: received.slice(before).flatMap((p) => p.alerts), meta };
}

describe('seed incidents end in a correct, explained alert', () => {
  it.each([
    ['seed001_podman_tar', 'page_cache', /cache/i],
    ['seed002_thanos_madvfree', 'runtime_retention', /MADV_FREE|madvdontneed|released/i],
    ['seed003_detectify', 'runtime_retention', /idle|released|retain|scaveng/i],
    ['seed004_glean', 'runtime_retention', /MADV_FREE|madvdontneed|released/i],
  ])('%s → %s, told quietly and never paged', async (scenario, verdict, explains) => {
    const { alerts } = await replay(scenario);
    expect(alerts.length).toBeGreaterThan(0);
    // A look-alike never pages.
    expect(alerts.filter((a) => a.labels['severity'] === 'page')).toEqual([]);
    const told = alerts.find((a) => a.labels['alertname'] === 'GoMemoryLookAlike' && a.status === 'firing');
    expect(told, JSON.stringify(alerts.map((a) => a.labels))).toBeDefined();
    expect(told!.labels['diagnosis']).toBe(verdict);
    expect(told!.labels['severity']).toBe('info');
    expect(told!.annotations['diagnosis_explanation']).toMatch(explains);
    expect(told!.annotations['diagnosis_recommendations']).toMatch(/^- /);
    expect(told!.annotations['summary']).toContain(`it is ${verdict}, not a leak`);
  });

  it('a real heap leak pages with the evidence', async () => {
    const { alerts } = await replay('heap_leak');
    const page = alerts.find((a) => a.labels['alertname'] === 'GoMemoryLeak' && a.status === 'firing');
    expect(page, JSON.stringify(alerts.map((a) => a.labels))).toBeDefined();
    expect(page!.labels['severity']).toBe('page');
    expect(page!.labels['diagnosis']).toBe('heap_leak');
    expect(page!.annotations['diagnosis_explanation']).toMatch(/heap/i);
    expect(page!.annotations['diagnosis_recommendations']).toMatch(/pprof/);
  });
});
