#!/usr/bin/env node
// healthcheck: the container's HEALTHCHECK. It reads the listen address from the same config the
// daemon runs with ($LEAKSLEUTH_CONFIG, else config/container.yaml; $LEAKSLEUTH_LISTEN overrides it
// as `run --listen` does) and asks /-/healthy there, so changing the port in the config cannot leave
// a health check knocking on the old one. Exit 0 when healthy, 1 otherwise.
import { request } from 'node:http';
import { loadConfigFile } from '../dist/config/load.js';

const file = process.env.LEAKSLEUTH_CONFIG || 'config/container.yaml';

async function main() {
  const listen = process.env.LEAKSLEUTH_LISTEN || (await loadConfigFile(file, process.env)).server.listenAddress;
  const m = /^(\[[^\]]*\]|[^:]*):(\d+)$/.exec(listen);
  if (!m) throw new Error(`cannot read a port from listen address ${listen}`);
  // A wildcard or empty host listens on loopback too.
  const host = ['', '0.0.0.0', '[::]'].includes(m[1]) ? '127.0.0.1' : m[1].replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const req = request({ host, port: Number(m[2]), path: '/-/healthy', timeout: 4000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? 0 : 1);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => {
      process.stderr.write(`healthcheck: ${host}:${m[2]}: ${err.message}\n`);
      resolve(1);
    });
    req.end();
  });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`healthcheck: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
