/**
 * The command line as a user runs it: the compiled bin in a child process, checking output and
 * exit codes of check, test, diagnose (recording and live), silence and notify test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, waitFor, type RunningDaemon } from '../helpers/daemon.js';
import { cli } from '../helpers/cli.js';
import { buildGo } from '../helpers/go.js';


const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-cli-'));

describe('leaksleuth check', () => {
  it('passes the shipped rule pack and example config', async () => {
    const r = await cli(['check', '--config', 'config/leaksleuth.yaml', 'rules/go-memory.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('SUCCESS');
  });
  it('reports every error as file:line:col and exits 1', async () => {
    const r = await cli(['check', 'test/fixtures/rules/many-bad.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^test\/fixtures\/rules\/many-bad\.yaml:3:15: .*interval/m);
    expect(r.stderr).toMatch(/^test\/fixtures\/rules\/many-bad\.yaml:\d+:\d+: .*BadParse/m);
    expect(r.stdout).toContain('FAILED');
  });
  it('rejects a bad config with positions', async () => {
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, 'global:\n  scrape_interval: 1x\nscrape_configz: []\n');
    const r = await cli(['check', '--config', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${f}:2:20:`);
    expect(r.stderr).toMatch(/scrape_configz/);
  });
});

describe('leaksleuth test', () => {
  it('runs promtool-format unit tests: pass → 0, fail → 1', async () => {
    const ok = await cli(['test', 'test/promtool-compat/cases/pass-memory.test.yaml']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('SUCCESS');
    const bad = await cli(['test', 'test/promtool-compat/cases/fail-memory-wrong-value.test.yaml']);
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toContain('FAILED');
  });
});

describe('leaksleuth diagnose', () => {
  it('diagnoses a recording: a leak exits 2 with the JSON schema', async () => {
    const r = await cli(['diagnose', '--openmetrics', 'test/fixtures/diagnose/heap_leak/recording.om.gz', '--json']);
    expect(r.code).toBe(2);
    const j = JSON.parse(r.stdout) as { verdict: string; findings: Array<{ verdict: string; confidence: number; evidence: unknown[]; explanation: string; recommendations: string[] }> };
    expect(j.verdict).toBe('heap_leak');
    expect(j.findings[0]!.evidence.length).toBeGreaterThan(0);
    expect(j.findings[0]!.explanation).toMatch(/heap/i);
  });
  it('diagnoses a look-alike recording: exit 0 and a human report', async () => {
    const r = await cli(['diagnose', '--openmetrics', 'test/fixtures/diagnose/seed001_podman_tar/recording.om.gz']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/page_cache/);
    expect(r.stdout).toMatch(/[▁▂▃▄▅▆▇█]/);
  });
  it('fails clearly on bad input', async () => {
    const r = await cli(['diagnose', '--openmetrics', join(dir, 'missing.om')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read recording/);
    const u = await cli(['diagnose']);
    expect(u.code).toBe(1);
    expect(u.stderr).toMatch(/--target URL/);
  });

  let go: ChildProcess | undefined;
  afterAll(() => void go?.kill('SIGKILL'));
  it('watches a live Go process by pid and reports', async () => {
    const bin = await buildGo('test/e2e/gotarget');
    const port = 20000 + (process.pid % 20000);
    go = spawn(bin, [`127.0.0.1:${port}`], { stdio: 'ignore' });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).ok, 'go target');
    const r = await cli(['diagnose', '--target', `http://127.0.0.1:${port}/metrics`, '--pid', String(go.pid), '--duration', '6s', '--interval', '1s', '--json']);
    expect(r.stderr).toMatch(/\[\d+s\/6s\] up heap/);
    const j = JSON.parse(r.stdout) as { verdict: string; target: string };
    // Six seconds cannot show a trend: the honest answer is insufficient_data, which exits 0.
    expect(j.verdict).toBe('insufficient_data');
    expect(r.code).toBe(0);
  });
});

describe('leaksleuth replay', () => {
  it('backtests the shipped pack over a recording: the leak pages with its verdict', async () => {
    const r = await cli(['replay', '--rules', 'rules/*.yaml', '--openmetrics', 'test/fixtures/diagnose/heap_leak/recording.om.gz', '--step', '30s', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { steps: number; targets: number; alerts: Array<{ rule: string; labels: Record<string, string>; verdict: string | null; firedAt: string; resolvedAt: string | null }> };
    expect(out.targets).toBe(1);
    expect(out.steps).toBeGreaterThan(20);
    const page = out.alerts.find((a) => a.labels['severity'] === 'page');
    expect(page?.verdict).toBe('heap_leak');
    expect(page?.firedAt).toMatch(/^2026-11-22T/);
    const text = await cli(['replay', '--rules', 'rules/go-memory.yaml', '--openmetrics', 'test/fixtures/diagnose/seed001_podman_tar/recording.om.gz', '--step', '30s', '--min-window', '5m']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^replay: 1 rule file\(s\), 1 Go target\(s\), \d+ steps from /);
    expect(text.stdout).not.toMatch(/severity="page"/);
  });

  it('says what is wrong with its arguments', async () => {
    const none = await cli(['replay', '--rules', 'rules/go-memory.yaml']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/give --openmetrics FILE \(a recording\) or --from URL/);
    const badTime = await cli(['replay', '--rules', 'rules/go-memory.yaml', '--from', 'http://127.0.0.1:9', '--start', 'yesterday']);
    expect(badTime.code).toBe(1);
    expect(badTime.stderr).toMatch(/--start: "yesterday" is neither RFC 3339/);
    const down = await cli(['replay', '--rules', 'rules/go-memory.yaml', '--from', 'http://127.0.0.1:9']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/datasource http:\/\/127\.0\.0\.1:9: .*ECONNREFUSED/);
    const noRules = await cli(['replay', '--rules', join(dir, 'none-*.yaml'), '--openmetrics', 'x']);
    expect(noRules.code).toBe(1);
    expect(noRules.stderr).toMatch(/matches no rule file/);
  });
});

describe('leaksleuth silence and notify test', () => {
  let daemon: RunningDaemon;
  const hooks: string[] = [];
  let hook: http.Server;
  let cfg: string;
  beforeAll(async () => {
    hook = http.createServer((req, res) => {
      let b = '';
      req.on('data', (c: Buffer) => (b += c.toString()));
      req.on('end', () => {
        hooks.push(b);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    cfg = join(dir, 'daemon.yaml');
    writeFileSync(
      cfg,
      `storage: { data_dir: ${join(dir, 'data')} }
cgroup_discovery: { enabled: false }
go_discovery: { enabled: false }
rule_files: []
scrape_configs: []
route: { receiver: hook }
receivers:
  - name: hook
    webhook_configs: [ { url: "http://127.0.0.1:${(hook.address() as { port: number }).port}/" } ]
`,
    );
    daemon = await startDaemon(['--config', cfg]);
  });
  afterAll(async () => {
    daemon?.kill('SIGTERM');
    await daemon?.exited;
    await new Promise<void>((r) => hook.close(() => r()));
  });

  it('adds, lists and expires a silence', async () => {
    const add = await cli(['silence', 'add', 'alertname=GoMemoryLeak', 'instance=~"api.*"', '--duration', '2h', '--comment', 'deploying the fix', '--url', daemon.url]);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const id = add.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const list = await cli(['silence', 'list', '--url', daemon.url]);
    expect(list.stdout).toContain(id);
    expect(list.stdout).toMatch(/active\s/);
    expect(list.stdout).toContain('instance=~"api.*"');
    expect((await cli(['silence', 'expire', id, '--url', daemon.url])).code).toBe(0);
    const after = await cli(['silence', 'list', '--url', daemon.url]);
    expect(after.stdout).toMatch(new RegExp(`${id}\\s+expired`));
    const bad = await cli(['silence', 'add', 'alertname=~"(', '--comment', 'x', '--url', daemon.url]);
    expect(bad.code).toBe(1);
  });

  it('notify test sends a sample through the receiver', async () => {
    const r = await cli(['notify', 'test', '--receiver', 'hook', '--config', cfg]);
    expect(r.stdout).toMatch(/^OK/m);
    expect(r.code).toBe(0);
    const payload = JSON.parse(hooks.at(-1)!) as { version: string; alerts: Array<{ labels: Record<string, string> }> };
    expect(payload.version).toBe('4');
    expect(payload.alerts[0]!.labels['alertname']).toBeTruthy();
    const missing = await cli(['notify', 'test', '--receiver', 'nope', '--config', cfg]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no receiver named "nope"/);
  });
});
