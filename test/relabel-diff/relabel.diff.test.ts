/**
 * Differential proof for external labels + alert_relabel_configs: real Prometheus evaluates
 * `vector(1)` alerts with fixed labels every second and posts them to a loopback sink speaking
 * Alertmanager's POST /api/v2/alerts; the labels it sends must equal what leaksleuth's
 * outgoingLabels (external labels, then model/relabel.ts) computes for the same rule labels,
 * and the alerts Prometheus drops must be the ones we drop. With CI=true a missing binary fails.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dump } from 'js-yaml';
import { compileRelabelConfig, type RawRelabelConfig } from '../../src/model/relabel.js';
import { outgoingLabels } from '../../src/notify/outgoing.js';

const available = await promisify(execFile)('prometheus', ['--version']).then(
  () => true,
  () => false,
);
const ci = process.env['CI'] === 'true';

interface Case {
  readonly name: string;
  readonly external: Record<string, string>;
  readonly relabel: RawRelabelConfig[];
  /** alerts: rule name → rule labels (alertname is the rule name). */
  readonly alerts: Record<string, Record<string, string>>;
}

const ALERTS = {
  Plain: {},
  Replica: { replica: 'b', instance: 'api-7:6060', job: 'api' },
  Mixed: { Env: 'Prod', team: 'db', instance: 'db-1:9187', severity: 'critical' },
  Odd: { path: '/a;b/$1', team: 'web', 'instance': 'x' },
};

const CASES: Case[] = [
  { name: 'external-only', external: { cluster: 'eu', replica: 'a', severity: 'info' }, relabel: [], alerts: ALERTS },
  { name: 'ha-labeldrop', external: { cluster: 'eu', replica: 'a' }, relabel: [{ action: 'labeldrop', regex: 'replica' }], alerts: ALERTS },
  {
    name: 'replace-forms',
    external: { dc: 'fra1' },
    relabel: [
      { source_labels: ['instance'], regex: '([^:]+):\\d+', target_label: 'host' },
      { source_labels: ['dc', 'team'], separator: '/', target_label: 'where' },
      { source_labels: ['team'], regex: '(.*)', target_label: 'team_$1', replacement: '${1}x' },
      { source_labels: ['job'], target_label: 'job', replacement: '$1_suffix' },
      { source_labels: ['path'], target_label: 'money', replacement: '$$ $1 $' },
      { source_labels: ['instance'], regex: '(?P<h>[a-z]+)-(?P<n>\\d+).*', target_label: 'num', replacement: '$n-$h' },
      { target_label: 'static', replacement: 'yes' },
    ],
    alerts: ALERTS,
  },
  {
    name: 'keep-drop',
    external: { cluster: 'eu' },
    relabel: [
      { source_labels: ['severity'], regex: 'critical', action: 'drop' },
      { source_labels: ['team', 'cluster'], regex: '(|web);eu', action: 'keep' },
    ],
    alerts: ALERTS,
  },
  {
    name: 'maps-and-cases',
    external: { region: 'EU-West' },
    relabel: [
      { regex: '(E|e)(nv)', action: 'labelmap', replacement: 'x_${1}${2}' },
      { source_labels: ['region'], target_label: 'region_lc', action: 'lowercase' },
      { source_labels: ['team'], target_label: 'TEAM', action: 'Uppercase' },
      { source_labels: ['instance'], target_label: 'shard', modulus: 7, action: 'hashmod' },
      { regex: 'alertname|region_lc|x_.*|TEAM|shard|instance', action: 'labelkeep' },
    ],
    alerts: ALERTS,
  },
  {
    name: 'equal-actions',
    external: { owner: 'db', cluster: 'eu' },
    relabel: [
      { source_labels: ['team'], target_label: 'owner', action: 'dropequal' },
      { source_labels: ['cluster'], target_label: 'cluster', action: 'keepequal' },
    ],
    alerts: ALERTS,
  },
  {
    name: 'empties-and-collisions',
    external: { zone: 'z1' },
    relabel: [
      { regex: '(.*)_?(ance|am)', action: 'labelmap', replacement: 'm_$2' },
      { source_labels: ['nope'], target_label: 'team' },
      { source_labels: ['nope'], target_label: 'lc', action: 'lowercase' },
      { source_labels: ['instance'], regex: '(x)', target_label: '${1}1', replacement: 'is-x' },
      { source_labels: ['zone', 'nope', 'severity'], separator: '', target_label: 'joined' },
      { source_labels: ['instance'], target_label: 'shard', modulus: 1000, action: 'HashMod' },
    ],
    alerts: ALERTS,
  },
];

/** Sink collects the alert label sets Prometheus posts, per case (the path prefix). */
function startSink(): Promise<{ server: Server; port: number; got: Map<string, Map<string, Record<string, string>>> }> {
  const got = new Map<string, Map<string, Record<string, string>>>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const name = (req.url ?? '').split('/')[1] ?? '';
      const m = got.get(name) ?? new Map();
      got.set(name, m);
      for (const a of JSON.parse(body) as Array<{ labels: Record<string, string> }>) m.set(a.labels['alertname'] ?? '', a.labels);
      res.writeHead(200).end();
    });
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, port: (server.address() as AddressInfo).port, got })));
}

async function runPrometheus(dir: string, c: Case, sinkPort: number, sink: Map<string, unknown>): Promise<void> {
  const rules = { groups: [{ name: 'g', interval: '1s', rules: Object.entries(c.alerts).map(([alert, labels]) => ({ alert, expr: 'vector(1)', labels })) }] };
  await writeFile(join(dir, 'rules.yml'), dump(rules));
  const cfg = {
    global: { evaluation_interval: '1s', external_labels: c.external },
    rule_files: [join(dir, 'rules.yml')],
    alerting: {
      alert_relabel_configs: c.relabel,
      alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${sinkPort}`] }], path_prefix: `/${c.name}` }],
    },
  };
  await writeFile(join(dir, 'prometheus.yml'), dump(cfg));
  const proc: ChildProcess = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, '--web.listen-address=127.0.0.1:0', '--log.level=warn', '--rules.alert.resend-delay=1s'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  try {
    const deadline = Date.now() + 30_000;
    while (!sink.has(c.name)) {
      if (proc.exitCode !== null) throw new Error(`prometheus exited: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`no alerts from prometheus for ${c.name}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // The first sends race the notifier's discovery and may be dropped; with resend-delay 1s every
    // alert is sent again within the next evaluations.
    await new Promise((r) => setTimeout(r, 3000));
  } finally {
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  }
}

describe.runIf(available || ci)('external labels + alert_relabel_configs against real Prometheus', () => {
  let dir = '';
  let sink: Awaited<ReturnType<typeof startSink>>;

  beforeAll(async () => {
    if (!available) throw new Error('CI=true but prometheus is not on PATH');
    dir = await mkdtemp(join(tmpdir(), 'relabel-diff-'));
    sink = await startSink();
    // All at once: each mostly waits for Prometheus' notifier discovery (about 5 s), not for CPU.
    await Promise.all(
      CASES.map(async (c) => {
        const d = join(dir, c.name);
        await mkdir(d);
        await runPrometheus(d, c, sink.port, sink.got);
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await new Promise((r) => sink?.server.close(r));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(c.name, () => {
      const chain = c.relabel.map((r) => {
        const x = compileRelabelConfig(r);
        if ('error' in x) throw new Error(x.error.message);
        return x.config;
      });
      const ours: Record<string, Record<string, string> | null> = {};
      const theirs: Record<string, Record<string, string> | null> = {};
      for (const [name, labels] of Object.entries(c.alerts)) {
        ours[name] = (outgoingLabels({ alertname: name, ...labels }, c.external, chain) as Record<string, string> | undefined) ?? null;
        theirs[name] = sink.got.get(c.name)?.get(name) ?? null;
      }
      // Alerts whose alertname was relabeled away cannot be matched by name; none of the cases does that.
      expect(ours).toEqual(theirs);
    });
  }
});
