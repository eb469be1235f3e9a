/**
 * prometheus: runs the real Prometheus for the differential test: builds TSDB blocks from an
 * OpenMetrics file with promtool, starts `prometheus` on 127.0.0.1 with a free port and queries
 * its HTTP API.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../helpers/net.js';

const run = promisify(execFile);

/** PromResponse is the decoded body of /api/v1/query and /api/v1/query_range. */
export type PromResponse =
  | { status: 'success'; data: { resultType: string; result: unknown } }
  | { status: 'error'; errorType: string; error: string };

/** RunningPrometheus is a started server; `stop` kills it. */
export interface RunningPrometheus {
  readonly url: string;
  readonly proc: ChildProcess;
  stop(): Promise<void>;
}


/** buildBlocks writes the OpenMetrics text and converts it into TSDB blocks under `dir/data`. */
export async function buildBlocks(dir: string, openMetrics: string): Promise<string> {
  const file = join(dir, 'data.om');
  const data = join(dir, 'data');
  await mkdir(data, { recursive: true });
  await writeFile(file, openMetrics);
  await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, data], { maxBuffer: 64 << 20 });
  return data;
}

/** startPrometheus starts the server over `dataDir` and resolves once /-/ready answers 200. */
export async function startPrometheus(dir: string, dataDir: string): Promise<RunningPrometheus> {
  const cfg = join(dir, 'prometheus.yml');
  await writeFile(cfg, 'global:\n  evaluation_interval: 1m\nscrape_configs: []\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn('prometheus', [
    `--config.file=${cfg}`, `--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=100y', '--log.level=warn',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (b: Buffer) => { stderr += b.toString(); });
  const stop = async (): Promise<void> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`prometheus exited with ${proc.exitCode}: ${stderr}`);
    try {
      const r = await fetch(`${url}/-/ready`);
      if (r.status === 200) break;
    } catch {
      // Not listening yet; retry until the deadline below.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus not ready after 30s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, proc, stop };
}

/** promQuery runs an instant query (`time` in ms) or a range query against the server. */
export async function promQuery(url: string, query: string, at: { time: number } | { start: number; end: number; step: number }): Promise<PromResponse> {
  const params = new URLSearchParams({ query });
  if ('time' in at) params.set('time', String(at.time / 1000));
  else {
    params.set('start', String(at.start / 1000));
    params.set('end', String(at.end / 1000));
    params.set('step', String(at.step / 1000));
  }
  const path = 'time' in at ? '/api/v1/query' : '/api/v1/query_range';
  const r = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: params.toString(),
  });
  return (await r.json()) as PromResponse;
}

/** toolsAvailable reports whether both binaries are on PATH. */
export async function toolsAvailable(): Promise<boolean> {
  try {
    await run('prometheus', ['--version']);
    await run('promtool', ['--version']);
    return true;
  } catch {
    return false;
  }
}
