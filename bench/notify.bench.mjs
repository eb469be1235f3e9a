// notify benchmark: run `npm run build` first; it imports the compiled notifier from dist/.
//   node --expose-gc bench/notify.bench.mjs
// 1. latency from notifier.send() (group_wait 0) to the Slack chat.postMessage request arriving at a
//    loopback Slack Web API, through the real @slack/web-api client;
// 2. an alert storm of 10k alerts in one cycle: grouped sends to a loopback webhook, time and heap.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Registry } from 'prom-client';
import { systemClock } from '../dist/core/clock.js';
import { nopLogger } from '../dist/core/log.js';
import { createNotifier } from '../dist/notify/index.js';

const gc = globalThis.gc ?? (() => {});

function listen(handler) {
  const server = createServer(handler);
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, url: `http://127.0.0.1:${server.address().port}` })));
}

function alert(labels, firedAt) {
  return { labels, annotations: { summary: 'bench' }, state: 'firing', value: 1, activeAt: firedAt, firedAt, resolvedAt: 0, lastSentAt: 0, keepFiringSince: 0, validUntil: 0 };
}

function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function latency(runs = 60) {
  const waiters = new Map();
  const { server, url } = await listen((req, res) => {
    const at = performance.now();
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, channel: 'C1', ts: '1.000001' }));
      const m = /alertname%22%3A%22(L\d+)/.exec(body) ?? /"alertname":"(L\d+)"/.exec(body);
      const name = m?.[1] ?? /L\d+/.exec(decodeURIComponent(body))?.[0];
      if (req.url?.endsWith('chat.postMessage') && name && waiters.has(name)) waiters.get(name)(at);
    });
  });
  const n = createNotifier(
    {
      route: { receiver: 'slack', group_by: ['alertname'], group_wait: '0s' },
      receivers: [{ name: 'slack', slack_configs: [{ token: 'xoxb-bench', channel: '#bench' }] }],
    },
    { dataDir: mkdtempSync(join(tmpdir(), 'bench-lat-')), clock: systemClock, log: nopLogger, registry: new Registry(), slackApiUrl: `${url}/api/` },
  );
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const name = `L${i}`;
    const arrived = new Promise((r) => waiters.set(name, r));
    const t0 = performance.now();
    await n.send([alert({ alertname: name, instance: 'api-7' }, Date.now())], Date.now());
    const t1 = await arrived;
    if (i >= 5) samples.push(t1 - t0); // the first sends warm up the client and the JIT
  }
  await n.stop();
  server.close();
  return { p50: pct(samples, 50), p95: pct(samples, 95), max: Math.max(...samples), runs: samples.length };
}

async function storm(total, groups) {
  let requests = 0;
  let alertsReceived = 0;
  let done;
  const finished = new Promise((r) => (done = r));
  const { server, url } = await listen((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests++;
      alertsReceived += JSON.parse(body).alerts.length;
      res.end('ok');
      if (alertsReceived >= total) done(performance.now());
    });
  });
  const n = createNotifier(
    {
      route: { receiver: 'hook', group_by: ['alertname'], group_wait: '0s' },
      receivers: [{ name: 'hook', webhook_configs: [{ url: `${url}/hook` }] }],
    },
    { dataDir: mkdtempSync(join(tmpdir(), 'bench-storm-')), clock: systemClock, log: nopLogger, registry: new Registry() },
  );
  const now = Date.now();
  const alerts = Array.from({ length: total }, (_, i) => alert({ alertname: `Storm${i % groups}`, instance: `host-${i}`, severity: 'warning' }, now));
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  await n.send(alerts, now);
  const tInserted = performance.now();
  const tDone = await finished;
  const heapPeak = process.memoryUsage().heapUsed;
  await n.flush();
  await n.stop();
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  server.close();
  return { total, groups, requests, insertMs: tInserted - t0, deliverMs: tDone - t0, heapBefore, heapPeak, heapAfter };
}

const mb = (b) => (b / 1024 / 1024).toFixed(1) + ' MiB';
const ms = (x) => x.toFixed(1) + ' ms';

const lat = await latency();
const storms = [await storm(10_000, 20), await storm(10_000, 200), await storm(10_000, 1000)];

console.log('\nleaksleuth notify benchmark (node ' + process.version + ')\n');
console.log('| scenario | result |');
console.log('|---|---|');
console.log(`| send → Slack chat.postMessage arrives (group_wait 0, ${lat.runs} runs) | p50 ${ms(lat.p50)}, p95 ${ms(lat.p95)}, max ${ms(lat.max)} (target < 100 ms) |`);
for (const s of storms) {
  console.log(
    `| storm: ${s.total} alerts in one cycle → ${s.groups} groups | ${s.requests} webhook sends; routed in ${ms(s.insertMs)}; all delivered in ${ms(s.deliverMs)}; heap ${mb(s.heapBefore)} → peak ${mb(s.heapPeak)} → after ${mb(s.heapAfter)} |`,
  );
}
