import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelsKey } from '../../model/labels.js';
import { ACCEPT_HEADER, detectFormat } from './content-type.js';
import { parseExposition } from './parse.js';

// Builds and runs the real client_golang exporter from the fixtures, then scrapes it the way the
// daemon will: our Accept header, the format from Content-Type, then the parser.
const src = fileURLToPath(new URL('../../../test/fixtures/exposition/goexporter', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-goexporter-'));
const port = 20_000 + (process.pid % 10_000);
let child: ChildProcess | undefined;

beforeAll(async () => {
  const bin = join(dir, 'goexporter');
  execFileSync('go', ['build', '-o', bin, '.'], {
    cwd: src,
    // The default Go build cache is kept, so only the first run on a machine compiles client_golang.
    env: { ...process.env, GOPATH: '/usr/share/gocode', GO111MODULE: 'off' },
    stdio: 'pipe',
  });
  child = spawn(bin, ['-addr', `127.0.0.1:${port}`], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/metrics`)).ok) return;
    } catch {
      // not listening yet; try again shortly
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('goexporter did not start');
});

afterAll(() => {
  child?.kill();
  rmSync(dir, { recursive: true, force: true });
});

async function scrape(accept: string) {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { accept } });
  const format = detectFormat(res.headers.get('content-type') ?? undefined);
  return { format, result: parseExposition(await res.text(), format) };
}

describe('live client_golang exporter', () => {
  it('answers our Accept header with OpenMetrics, which we parse', async () => {
    const { format, result } = await scrape(ACCEPT_HEADER);
    expect(format).toBe('openmetrics');
    const keys = new Set(result.samples.map((s) => labelsKey(s.labels)));
    expect(keys.has('demo_requests_total{code="404",path="line1\\nline2"}')).toBe(true);
    expect(result.families.get('go_gc_duration_seconds')!.type).toBe('summary');
  });

  it('falls back to text 0.0.4 when asked for it, with the same series', async () => {
    const text = await scrape('text/plain;version=0.0.4');
    const om = await scrape(ACCEPT_HEADER);
    expect(text.format).toBe('prometheus');
    const names = (r: typeof text) => [...new Set(r.result.samples.map((s) => s.labels['__name__']))].sort();
    expect(names(text)).toEqual(names(om));
    expect(text.result.samples.length).toBe(om.result.samples.length);
  });
});
