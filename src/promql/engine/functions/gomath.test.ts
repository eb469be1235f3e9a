/**
 * Differential test: test/fixtures/gomath/main.go prints Go's math results (exact bits) for a fixed
 * set of inputs; every line must come out bit for bit the same from our ports. Needs `go` (GOPATH
 * mode, no modules); with CI=true a missing go fails.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { goMath } from './gomath.js';

const have = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
const ci = process.env['CI'] === 'true';

const buf = new DataView(new ArrayBuffer(8));
function fromHex(h: string): number {
  buf.setBigUint64(0, BigInt(`0x${h}`));
  return buf.getFloat64(0);
}
function toHex(x: number): string {
  buf.setFloat64(0, x);
  return buf.getBigUint64(0).toString(16);
}

describe('Go math ports', () => {
  it('has go available (required with CI=true)', () => {
    if (ci) expect(have, 'go not found on PATH').toBe(true);
  });

  it.runIf(have || ci)('give the same bits as Go 1.19 on amd64 for every function and input', () => {
    const run = spawnSync('go', ['run', 'main.go', '6000'], {
      cwd: 'test/fixtures/gomath',
      encoding: 'utf8',
      env: { ...process.env, GO111MODULE: 'off', GOFLAGS: '', GOCACHE: process.env['GOCACHE'] ?? '/tmp/leaksleuth-gocache' },
      maxBuffer: 64 << 20,
    });
    expect(run.status, run.stderr).toBe(0);
    const bad: Record<string, string[]> = {};
    const count: Record<string, number> = {};
    for (const line of run.stdout.split('\n')) {
      if (!line) continue;
      const p = line.split(' ');
      const name = p[0]!;
      const fn = goMath[name];
      expect(fn, `no port for ${name}`).toBeDefined();
      const args = p.slice(1, -1).map(fromHex);
      const want = p[p.length - 1]!;
      const got = fn!(...args);
      count[name] = (count[name] ?? 0) + 1;
      // NaN payloads differ between Go and V8; any NaN matches any NaN
      if (toHex(got) !== want && !(Number.isNaN(got) && Number.isNaN(fromHex(want)))) {
        (bad[name] ??= []).push(`${name}(${args.join(', ')}) = ${got}, Go gives ${fromHex(want)}`);
      }
    }
    expect(Object.keys(count).sort()).toEqual(Object.keys(goMath).sort());
    const report = Object.entries(bad).map(([k, v]) => `${k}: ${v.length}/${count[k]} differ, e.g. ${v.slice(0, 3).join('; ')}`);
    expect(report).toEqual([]);
  }, 120_000);
});
