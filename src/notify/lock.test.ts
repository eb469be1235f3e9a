import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { nopLogger } from '../core/log.js';
import { createNotifier } from './index.js';

const deps = (dataDir: string) => ({ dataDir, clock: systemClock, log: nopLogger, registry: new Registry() });

describe('data dir lock', () => {
  it('refuses a data dir held by another live process and takes over a dead one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    mkdirSync(join(dir, 'notify'));
    writeFileSync(join(dir, 'notify', 'LOCK'), String(process.ppid));
    expect(() => createNotifier({}, deps(dir))).toThrow(/used by another notifier/);
    writeFileSync(join(dir, 'notify', 'LOCK'), '2147483646');
    const n = createNotifier({}, deps(dir));
    expect(readFileSync(join(dir, 'notify', 'LOCK'), 'utf8')).toBe(String(process.pid));
    await n.stop();
    expect(existsSync(join(dir, 'notify', 'LOCK'))).toBe(false);
  });
});
