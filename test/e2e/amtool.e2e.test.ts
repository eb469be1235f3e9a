/**
 * amtool against the daemon, differentially: the same amtool commands run against a real
 * Alertmanager 0.25 (Debian prometheus-alertmanager, loopback, cluster off) and against the daemon,
 * both with the same route and receivers delivering to one loopback webhook sink. Alert lists,
 * silences, routing tree, cluster status and error messages must read the same, and the posted
 * alerts must reach the daemon's own receiver like they reach Alertmanager's.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, waitFor, type RunningDaemon } from '../helpers/daemon.js';
import { freePort } from '../helpers/net.js';

const AM_BIN = '/usr/bin/prometheus-alertmanager';
const AMTOOL = '/usr/bin/amtool';
const have = existsSync(AM_BIN) && existsSync(AMTOOL);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function amtool(url: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(AMTOOL, [`--alertmanager.url=${url}`, '--no-version-check', ...args], { timeout: 15_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}


const notifySections = (hook: string, who: string): string => `route: { receiver: hook, group_by: [alertname], group_wait: 1s, group_interval: 1s, repeat_interval: 1h }
receivers:
  - name: hook
    webhook_configs: [ { url: "${hook}/${who}", send_resolved: true } ]
`;

describe.skipIf(!have && process.env['CI'] !== 'true')('amtool against the daemon and a real Alertmanager', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-amtool-'));
  const received: Record<string, Array<{ status: string; labels: Record<string, string> }>> = { am: [], ls: [] };
  let sink: http.Server;
  let am: ChildProcess | undefined;
  let amUrl = '';
  let daemon: RunningDaemon | undefined;
  const S = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000).toISOString().replace('.000Z', 'Z');
  const E = new Date(Math.floor(Date.now() / 1000) * 1000 + 3600_000).toISOString().replace('.000Z', 'Z');

  /** both runs the command against each side; `norm` removes what legitimately differs (ids). */
  const both = async (args: string[], norm: (s: string) => string = (s) => s): Promise<[Run, Run]> => {
    const a = await amtool(amUrl, args);
    const l = await amtool(daemon!.url, args);
    return [
      { ...a, stdout: norm(a.stdout), stderr: norm(a.stderr) },
      { ...l, stdout: norm(l.stdout), stderr: norm(l.stderr) },
    ];
  };

  beforeAll(async () => {
    if (!have) throw new Error(`${AM_BIN} or ${AMTOOL} missing: apt-get install -y prometheus-alertmanager (CI=true makes this a failure)`);
    sink = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const who = (req.url ?? '').slice(1);
        for (const a of (JSON.parse(body) as { alerts: Array<{ status: string; labels: Record<string, string> }> }).alerts) received[who]?.push(a);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    const hook = `http://127.0.0.1:${(sink.address() as { port: number }).port}`;
    writeFileSync(join(dir, 'am.yml'), notifySections(hook, 'am'));
    const port = await freePort();
    amUrl = `http://127.0.0.1:${port}`;
    am = spawn(AM_BIN, [`--config.file=${join(dir, 'am.yml')}`, `--storage.path=${join(dir, 'am-data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], { stdio: 'ignore' });
    const cfg = join(dir, 'leaksleuth.yaml');
    writeFileSync(
      cfg,
      `storage: { data_dir: ${join(dir, 'data')} }
cgroup_discovery: { enabled: false }
go_discovery: { enabled: false }
diagnosis: { enabled: false }
rule_files: []
scrape_configs: []
${notifySections(hook, 'ls')}`,
    );
    daemon = await startDaemon(['--config', cfg]);
    await waitFor(async () => (await fetch(`${amUrl}/-/ready`)).ok, 'Alertmanager to be ready', 20_000);
  });

  afterAll(async () => {
    am?.kill('SIGKILL');
    daemon?.kill('SIGKILL');
    if (daemon) await daemon.exited;
    await new Promise<void>((r) => sink.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('alert add and alert query read the same', async () => {
    for (const args of [
      ['alert', 'add', 'DiskFull', 'sev=page', 'instance=a', '--annotation=summary=disk full', `--start=${S}`, `--end=${E}`, '--generator-url=http://gen/x'],
      ['alert', 'add', 'DiskFull', 'sev=page', 'instance=b', '--annotation=summary=disk full', `--start=${S}`, `--end=${E}`],
      ['alert', 'add', 'Other', 'sev=info', `--start=${S}`, `--end=${E}`],
    ]) {
      const [a, l] = await both(args);
      expect(l).toEqual(a);
      expect(a.code).toBe(0);
    }
    const [ja, jl] = await both(['alert', 'query', '-o', 'json']);
    const strip = (s: string): unknown =>
      (JSON.parse(s) as Array<Record<string, unknown>>).map(({ updatedAt: _u, ...rest }) => rest).sort((x, y) => String(x['fingerprint']).localeCompare(String(y['fingerprint'])));
    expect(strip(jl.stdout)).toEqual(strip(ja.stdout));
    expect((strip(ja.stdout) as unknown[]).length).toBe(3);
    const sortLines = (s: string): string => s.split('\n').sort().join('\n');
    for (const q of [['alert', 'query'], ['alert', 'query', 'sev=page'], ['alert', 'query', '-o', 'extended', 'instance=~"a|b"'], ['alert', 'query', '--receiver=hook']]) {
      const [a, l] = await both(q, sortLines);
      expect(l, q.join(' ')).toEqual(a);
    }
    // A post refused by the server: the reason, not a parse error, in both.
    const [ba, bl] = await both(['alert', 'add', 'Bad', `--start=${E}`, `--end=${S}`]);
    expect(bl).toEqual(ba);
    expect(ba.stderr).toMatch(/start time must be before end time/);
  });

  it('posted alerts reach the daemon’s own receivers as they reach Alertmanager’s', async () => {
    const seen = (who: string): string[] => [...new Set(received[who]!.map((a) => `${a.status} ${a.labels['alertname']} ${a.labels['instance'] ?? ''}`))].sort();
    await waitFor(async () => seen('am').length === 3 && seen('ls').length === 3, 'both sinks to get the three alerts', 15_000);
    expect(seen('ls')).toEqual(seen('am'));
  });

  it('silence add, query and expire; alert query shows the silence', async () => {
    const ids: string[] = [];
    const [addA, addL] = await both(['silence', 'add', 'alertname=Other', '--comment=maintenance', '--author=ops', `--end=${E}`]);
    expect([addA.code, addL.code]).toEqual([0, 0]);
    ids.push(addA.stdout.trim(), addL.stdout.trim());
    const norm = (s: string): string => ids.reduce((acc, id) => acc.split(id).join('<id>'), s);
    const [qa, ql] = await both(['silence', 'query'], norm);
    expect(ql).toEqual(qa);
    expect(qa.stdout).toContain('alertname="Other"');
    await new Promise((r) => setTimeout(r, 300));
    const [sa, sl] = await both(['alert', 'query', '--silenced', '-o', 'extended'], (s) => s.split('\n').sort().join('\n'));
    expect(sl).toEqual(sa);
    expect(sa.stdout).toMatch(/suppressed/);
    const ea = await amtool(amUrl, ['silence', 'expire', ids[0]!]);
    const el = await amtool(daemon!.url, ['silence', 'expire', ids[1]!]);
    expect([el.code, el.stderr]).toEqual([ea.code, ea.stderr]);
    const [qa2, ql2] = await both(['silence', 'query'], norm);
    expect(ql2).toEqual(qa2);
    const [ua, ul] = await both(['silence', 'expire', '00000000-0000-0000-0000-000000000000']);
    expect(ul).toEqual(ua);
    expect(ua.stderr).toMatch(/500.*silence not found/);
  });

  it('answers errors with the same status and body as Alertmanager', async () => {
    const zero = '00000000-0000-0000-0000-000000000000';
    const json = { 'content-type': 'application/json' };
    const cases: Array<[string, string, string | undefined]> = [
      ['GET', `/api/v2/silence/${zero}`, undefined],
      ['DELETE', `/api/v2/silence/${zero}`, undefined],
      ['POST', '/api/v2/alerts', '[{"labels":{}}]'],
      ['POST', '/api/v2/alerts', '[{"labels":{"a":"b"},"startsAt":"2030-01-01T00:00:00Z","endsAt":"2029-01-01T00:00:00Z"}]'],
      ['POST', '/api/v2/alerts', '[{"labels":{"0bad":"b"}}]'],
      ['GET', '/api/v2/alerts?filter=foo', undefined],
      ['GET', '/api/v2/silences?filter=foo', undefined],
    ];
    for (const [method, path, body] of cases) {
      const call = async (base: string) => {
        const r = await fetch(base + path, { method, headers: json, ...(body ? { body } : {}) });
        return { status: r.status, body: await r.text() };
      };
      expect(await call(daemon!.url), `${method} ${path}`).toEqual(await call(amUrl));
    }
    // A body that is not JSON: same status and go-swagger's {code, message} shape.
    const bad = async (base: string) => (await fetch(base + '/api/v2/alerts', { method: 'POST', headers: json, body: 'nope' })).json() as Promise<{ code: number; message: string }>;
    const [a, l] = [await bad(amUrl), await bad(daemon!.url)];
    expect(l.code).toBe(a.code);
    expect(l.message.startsWith('parsing alerts body from "" failed, because')).toBe(a.message.startsWith('parsing alerts body from "" failed, because'));
  });

  it('a real Prometheus posting to the daemon as its Alertmanager pages the daemon’s receiver', async () => {
    writeFileSync(join(dir, 'prom-rules.yml'), 'groups:\n  - name: p\n    interval: 1s\n    rules:\n      - alert: FromPrometheus\n        expr: vector(1)\n        labels: { sev: page }\n        annotations: { summary: "posted by Prometheus" }\n');
    const host = daemon!.url.replace('http://', '');
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global: { evaluation_interval: 1s }\nrule_files: [prom-rules.yml]\nscrape_configs: []\nalerting:\n  alertmanagers:\n    - api_version: v2\n      static_configs: [ { targets: ["${host}"] } ]\n`,
    );
    const port = await freePort();
    // Prometheus drops what it evaluates before it has discovered its Alertmanagers and re-sends
    // after resend-delay (1m by default): 1s keeps the test short.
    const prom = spawn('/usr/bin/prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'prom-data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn', '--rules.alert.resend-delay=1s'], { stdio: 'ignore' });
    try {
      await waitFor(async () => received['ls']!.some((a) => a.labels['alertname'] === 'FromPrometheus' && a.status === 'firing'), 'the Prometheus alert to reach the daemon’s webhook', 30_000);
      const q = await amtool(daemon!.url, ['alert', 'query', 'alertname=FromPrometheus', '-o', 'extended']);
      expect(q.stdout).toMatch(/alertname="FromPrometheus" sev="page"\s+summary="posted by Prometheus".*active/);
      expect(q.stdout).toMatch(new RegExp(`http://[^ ]+:${port}/graph\\?g0\\.expr=vector%281%29`));
    } finally {
      prom.kill('SIGKILL');
    }
  }, 45_000);

  it('cluster show, config routes and config show', async () => {
    const [ca, cl] = await both(['cluster', 'show']);
    expect(cl).toEqual(ca);
    expect(ca.stdout).toMatch(/Cluster Status:\s+disabled/);
    const [ra, rl] = await both(['config', 'routes']);
    expect(rl).toEqual(ra);
    const [, sl] = await both(['config', 'show']);
    expect(sl.code).toBe(0);
    expect(sl.stdout).toMatch(/route:\n {2}receiver: hook/);
  });
});
