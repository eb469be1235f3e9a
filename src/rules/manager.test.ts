import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../core/clock.js';
import { RuleManager } from './manager.js';
import { STATE_FILE } from './persist.js';
import type { QueryFn } from './types.js';

const M = 60_000;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'rules-mgr-'));
  dirs.push(d);
  return d;
}

const rulesYaml = (forDur: string, extra = ''): string => `groups:
  - name: mem
    rules:
      - alert: HeapHigh
        expr: heap > 100
        for: ${forDur}
        keep_firing_for: 10m
        labels: { severity: page }
${extra}`;

/** query answers `heap > 100` from a value the test controls; everything else is empty. */
function queryWith(get: () => number): QueryFn {
  return async (expr) => (expr.startsWith('heap') && get() > 100 ? [{ labels: { __name__: 'heap', job: 'api' }, v: get() }] : []);
}

function states(m: RuleManager): string[] {
  return m.groups().flatMap((g) => g.rules.flatMap((r) => [...r.active.values()].map((a) => `${r.def.name}:${a.state}`)));
}

describe('RuleManager', () => {
  it('restores a firing alert with a short for as firing after restart (not prometheus#15175)', async () => {
    const dir = tmp();
    const file = join(dir, 'r.yaml');
    writeFileSync(file, rulesYaml('1m'));
    let heap = 500;
    const m1 = new RuleManager({ query: queryWith(() => heap), dataDir: dir, clock: new ManualClock(10 * M) });
    await m1.reload([file]);
    await m1.evaluateAll(0);
    await m1.evaluateAll(M);
    expect(states(m1)).toEqual(['HeapHigh:firing']);
    await m1.stop();
    expect(JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')).version).toBe(1);

    const m2 = new RuleManager({ query: queryWith(() => heap), dataDir: dir, clock: new ManualClock(12 * M) });
    await m2.reload([file]);
    m2.start();
    await m2.stop();
    expect(states(m2)).toEqual(['HeapHigh:firing']);
    await m2.evaluateAll(12 * M);
    expect(states(m2)).toEqual(['HeapHigh:firing']);
    // keep_firing_for survives the restart too (prometheus#13957): gone at 13m, held until 23m.
    heap = 0;
    await m2.evaluateAll(13 * M);
    await m2.evaluateAll(22 * M);
    expect(states(m2)).toEqual(['HeapHigh:firing']);
    await m2.evaluateAll(23 * M);
    expect(states(m2)).toEqual(['HeapHigh:inactive']);
  });

  it('ignores state older than the outage tolerance and survives a corrupt file', async () => {
    const dir = tmp();
    const file = join(dir, 'r.yaml');
    writeFileSync(file, rulesYaml('1m'));
    const m1 = new RuleManager({ query: queryWith(() => 500), dataDir: dir, clock: new ManualClock(M) });
    await m1.reload([file]);
    await m1.evaluateAll(0);
    await m1.stop();
    const m2 = new RuleManager({ query: queryWith(() => 500), dataDir: dir, clock: new ManualClock(3 * 3600_000) });
    await m2.reload([file]);
    m2.start();
    await m2.stop();
    expect(states(m2)).toEqual([]);
    writeFileSync(join(dir, STATE_FILE), '{nope');
    const lines: string[] = [];
    const { createLogger } = await import('../core/log.js');
    const m3 = new RuleManager({ query: queryWith(() => 500), dataDir: dir, clock: new ManualClock(M), logger: createLogger('info', (l) => lines.push(l)) });
    await m3.reload([file]);
    m3.start();
    await m3.stop();
    expect(lines.join('\n')).toMatch(/alert state not restored.*not valid JSON/);
  });

  it('reload keeps for timers of unchanged rules and resets changed ones', async () => {
    const dir = tmp();
    const file = join(dir, 'r.yaml');
    writeFileSync(file, rulesYaml('5m'));
    const m = new RuleManager({ query: queryWith(() => 500) });
    await m.reload([file]);
    await m.evaluateAll(0);
    writeFileSync(file, rulesYaml('5m', `      - alert: Other\n        expr: heap > 100\n        for: 1m\n`));
    await m.reload([file]);
    await m.evaluateAll(5 * M);
    expect(states(m)).toEqual(['HeapHigh:firing', 'Other:pending']);
    writeFileSync(file, rulesYaml('5m').replace('heap > 100', 'heap > 101'));
    await m.reload([file]);
    await m.evaluateAll(6 * M);
    expect(states(m)).toEqual(['HeapHigh:pending']);
  });

  it('saves state periodically while running', async () => {
    const dir = tmp();
    const file = join(dir, 'r.yaml');
    writeFileSync(file, rulesYaml('1m'));
    const clock = new ManualClock(0);
    const m = new RuleManager({ query: queryWith(() => 500), dataDir: dir, clock, saveIntervalMs: 30_000 });
    await m.reload([file]);
    await m.evaluateAll(0);
    m.start();
    expect(() => readFileSync(join(dir, STATE_FILE))).toThrow(/ENOENT/);
    clock.advance(30_000);
    const saved = JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8'));
    expect(Object.keys(saved.groups)).toEqual([`${file};mem`]);
    await m.stop();
  });

  it('saves at once when an evaluation changes alerts, so a kill -9 right after a page keeps it firing', async () => {
    const dir = tmp();
    const file = join(dir, 'r.yaml');
    writeFileSync(file, rulesYaml('1m'));
    const clock = new ManualClock(0);
    let heap = 500;
    const m = new RuleManager({ query: queryWith(() => heap), dataDir: dir, clock, saveIntervalMs: 0 });
    await m.reload([file]);
    m.start();
    const saved = (): string[] => {
      const s = JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')) as { groups: Record<string, Record<string, Array<{ state: string; firedAt: number }>>> };
      return Object.values(s.groups).flatMap((g) => Object.values(g).flat().map((a) => `${a.state}@${a.firedAt}`));
    };
    await m.evaluateAll(0);
    expect(saved()).toEqual(['pending@0']);
    await m.evaluateAll(M);
    expect(saved()).toEqual([`firing@${M}`]);
    // Condition gone: keep_firing_for starts; that clock must be on disk too.
    heap = 0;
    await m.evaluateAll(2 * M);
    const raw = JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')) as { groups: Record<string, Record<string, Array<{ keepFiringSince: number }>>> };
    expect(Object.values(raw.groups).flatMap((g) => Object.values(g).flat().map((a) => a.keepFiringSince))).toEqual([2 * M]);
    await m.stop();
  });

  it('a bad reload throws every error and keeps the running groups', async () => {
    const dir = tmp();
    const file = join(dir, 'r.yaml');
    writeFileSync(file, rulesYaml('5m'));
    const m = new RuleManager({ query: queryWith(() => 500) });
    await m.reload([file]);
    writeFileSync(file, rulesYaml('5x').replace('heap > 100', 'sum(heap'));
    await expect(m.reload([file])).rejects.toThrow(/r\.yaml:5:23: .*could not parse expression[\s\S]*r\.yaml:6:14: .*for: not a valid duration/);
    expect(m.groups()).toHaveLength(1);
  });
});
