/**
 * The first-hour bar, end to end: with a real Go service listening on loopback, `npm start` with no
 * config written (the embedded default from the repository) lists that service as a scrape target
 * within a minute, scrapes it, reads its cgroup through its pid, and says on /api/v1/targets how it
 * was found. Only the listen address and data directory are overridden, so the test cannot clash
 * with a daemon on 9817 or leave data in the checkout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, waitListening } from '../helpers/daemon.js';
import { buildGo } from '../helpers/go.js';
import { freePort } from '../helpers/net.js';

interface TargetsBody {
  data: {
    activeTargets: Array<{ labels: Record<string, string>; discoveredLabels: Record<string, string>; health: string; cgroup?: { health: string; path: string } }>;
    goServices?: Array<{ pid: number; foundBy: string; scraped: boolean; labels: Record<string, string>; pprof: boolean }>;
  };
}


describe('npm start finds the Go services on this host', () => {
  let go: ChildProcess;
  let npm: ChildProcess;
  let goAddr: string;
  let url = '';
  const logs: string[] = [];

  beforeAll(async () => {
    const bin = await buildGo('test/e2e/gotarget');
    goAddr = `127.0.0.1:${await freePort()}`;
    go = spawn(bin, [goAddr], { stdio: 'ignore' });
    await waitFor(async () => (await fetch(`http://${goAddr}/metrics`)).ok, 'go service');
    const dataDir = join(mkdtempSync(join(tmpdir(), 'leaksleuth-first-')), 'data');
    // Its own process group, so the whole npm → node tree can be ended at once.
    npm = spawn('npm', ['start', '--silent', '--', '--listen', '127.0.0.1:0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    url = await waitListening(npm, logs);
  });

  afterAll(async () => {
    if (npm?.pid) {
      try {
        process.kill(-npm.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    go?.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
  });

  it('lists the Go service as a target within a minute, scrapes it and reads its cgroup', async () => {
    const started = Date.now();
    const target = await waitFor(
      async () => {
        const body = (await (await fetch(`${url}/api/v1/targets`)).json()) as TargetsBody;
        return body.data.activeTargets.find((t) => t.labels['instance'] === goAddr);
      },
      'the Go service as a target',
      60_000,
      500,
    );
    const listedAfterMs = Date.now() - started;
    expect(listedAfterMs).toBeLessThan(60_000);
    expect(target.labels['job']).toBe('bin');
    expect(target.discoveredLabels['__meta_go_pid']).toBe(String(go.pid));
    const up = await waitFor(
      async () => {
        const body = (await (await fetch(`${url}/api/v1/targets`)).json()) as TargetsBody;
        const t = body.data.activeTargets.find((x) => x.labels['instance'] === goAddr);
        return t?.health === 'up' && t.cgroup?.health === 'up' ? { t, body } : undefined;
      },
      'the first scrape with its cgroup',
      60_000,
      500,
    );
    expect(up.t.cgroup?.path).toMatch(/^\//);
    const svc = up.body.data.goServices?.find((s) => s.pid === go.pid);
    expect(svc?.scraped).toBe(true);
    expect(svc?.foundBy).toContain(`/metrics answered on ${goAddr}`);
    // The scraped Go runtime series are queryable under the discovered job.
    const q = (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent(`go_goroutines{instance="${goAddr}"}`)}`)).json()) as { data: { result: unknown[] } };
    expect(q.data.result.length).toBe(1);
    console.log(`go discovery: listed after ${listedAfterMs} ms`);
  });
});
