/**
 * The container's HEALTHCHECK (scripts/healthcheck.mjs) asks /-/healthy on the port the config
 * names: healthy against a running daemon on that port, unhealthy when the config names another.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../helpers/daemon.js';
import { freePort } from '../helpers/net.js';


function healthcheck(config: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['scripts/healthcheck.mjs'], { env: { ...process.env, LEAKSLEUTH_CONFIG: config } }, (err, _out, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

describe('container health check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-hc-'));
  let daemon: RunningDaemon | undefined;
  let port = 0;
  const config = (p: number): string => `server:\n  listen_address: 0.0.0.0:${p}\nstorage:\n  data_dir: ${join(dir, 'data')}\ncgroup_discovery: { enabled: false }\ngo_discovery: { enabled: false }\nrule_files: []\n`;

  beforeAll(async () => {
    port = await freePort();
    writeFileSync(join(dir, 'good.yaml'), config(port));
    writeFileSync(join(dir, 'other.yaml'), config(await freePort()));
    // The daemon listens where good.yaml says (the helper's own --listen is overridden by the last one).
    daemon = await startDaemon(['--config', join(dir, 'good.yaml'), '--listen', `127.0.0.1:${port}`]);
  });

  afterAll(() => daemon?.kill('SIGKILL'));

  it('is healthy on the configured port and unhealthy on another', async () => {
    expect(daemon!.url).toBe(`http://127.0.0.1:${port}`);
    expect((await healthcheck(join(dir, 'good.yaml'))).code).toBe(0);
    const bad = await healthcheck(join(dir, 'other.yaml'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/ECONNREFUSED/);
  });
});
