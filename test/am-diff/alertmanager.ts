/**
 * alertmanager: runs the real Alertmanager (Debian prometheus-alertmanager) on loopback for the
 * differential notification test: its own storage dir, clustering off, a free port; waits for
 * /-/ready. Also a loopback webhook sink that records every POST with its arrival time.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../helpers/net.js';

export const AM_BIN = '/usr/bin/prometheus-alertmanager';

/** alertmanagerAvailable tells whether the binary runs. */
export async function alertmanagerAvailable(): Promise<boolean> {
  try {
    await promisify(execFile)(AM_BIN, ['--version']);
    return true;
  } catch {
    return false;
  }
}


/** RunningAlertmanager is a started Alertmanager; stop kills it. */
export interface RunningAlertmanager {
  readonly url: string;
  readonly proc: ChildProcess;
  stop(): Promise<void>;
}

/** startAlertmanager writes `configYaml` into `dir` and starts Alertmanager over it. */
export async function startAlertmanager(dir: string, configYaml: string): Promise<RunningAlertmanager> {
  const cfg = join(dir, 'alertmanager.yml');
  await writeFile(cfg, configYaml);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(AM_BIN, [`--config.file=${cfg}`, `--storage.path=${join(dir, 'am-data')}`, '--cluster.listen-address=', `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const stop = async (): Promise<void> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`alertmanager exited with ${proc.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${url}/-/ready`)).status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`alertmanager not ready after 20s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, proc, stop };
}

/** postJson POSTs a JSON body and throws on a non-2xx answer. */
export async function postJson(url: string, body: unknown): Promise<unknown> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await r.text();
  if (!r.ok) throw new Error(`POST ${url}: HTTP ${r.status}: ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Received is one webhook delivery the sink saw. */
export interface Received {
  readonly path: string;
  readonly at: number;
  readonly body: Record<string, unknown>;
}

// The sink runs in its own process: arrival times must not wait for the test process's event loop,
// which also runs leaksleuth's notifier (and its fsyncs).
const SINK_SCRIPT = `
const received = [];
const srv = require('node:http').createServer((req, res) => {
  const at = Date.now();
  let data = '';
  req.on('data', (c) => (data += c));
  req.on('end', () => {
    if (req.method === 'GET') return res.end(JSON.stringify(received));
    received.push({ path: req.url, at, body: JSON.parse(data) });
    res.writeHead(200).end();
  });
});
srv.listen(0, '127.0.0.1', () => console.log(srv.address().port));
`;

/** startSink starts the recording webhook sink; `received` fetches what it saw so far. */
export async function startSink(): Promise<{ port: number; received(): Promise<Received[]>; close(): Promise<void> }> {
  const proc = spawn(process.execPath, ['-e', SINK_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout!.once('data', (b: Buffer) => resolve(Number(b.toString().trim())));
    proc.once('exit', (code) => reject(new Error(`sink exited with ${code}`)));
  });
  return {
    port,
    received: async () => (await (await fetch(`http://127.0.0.1:${port}/records`)).json()) as Received[],
    close: async () => {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}
