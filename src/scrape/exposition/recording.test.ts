import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DaemonError } from '../../core/errors.js';
import { formatExposition } from './format.js';
import { readRecording } from './recording.js';
import type { FamilyMeta, ParsedSample } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-recording-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A 10-minute recording of two series every 15 s, written the way others in the project will.
function recording(): { text: string; samples: ParsedSample[] } {
  const start = 1_700_000_000_000;
  const families = new Map<string, FamilyMeta>([
    ['go_memstats_heap_inuse_bytes', { type: 'gauge', help: 'Heap in use.' }],
    ['process_resident_memory_bytes', { type: 'gauge', help: 'RSS.', unit: 'bytes' }],
  ]);
  const samples: ParsedSample[] = [];
  for (const name of families.keys()) {
    for (let i = 0; i < 40; i++) {
      samples.push({ labels: { __name__: name, job: 'api', instance: '127.0.0.1:6060' }, value: 1e8 + i * 12345.5, timestampMs: start + i * 15_000 + (i % 3) });
    }
  }
  return { text: formatExposition(samples, families, 'openmetrics'), samples };
}

describe('readRecording', () => {
  it('groups samples by series in time order', () => {
    const { text, samples } = recording();
    const series = readRecording(text);
    expect(series.map((s) => s.labels['__name__'])).toEqual(['go_memstats_heap_inuse_bytes', 'process_resident_memory_bytes']);
    expect(series[0]!.labels).toEqual({ __name__: 'go_memstats_heap_inuse_bytes', job: 'api', instance: '127.0.0.1:6060' });
    expect(series[1]!.t).toEqual(samples.slice(40).map((s) => s.timestampMs));
    expect(series[1]!.v).toEqual(samples.slice(40).map((s) => s.value));
  });

  it('sorts out-of-order samples and keeps the last value of a repeated timestamp', () => {
    const text = 'a{x="1"} 3 30\nb 1 5\na{x="1"} 1 10\na{x="1"} 2 20\na{x="1"} 9 10\n# EOF\n';
    expect(readRecording(text)).toEqual([
      { labels: { __name__: 'a', x: '1' }, t: [10_000, 20_000, 30_000], v: [9, 2, 3] },
      { labels: { __name__: 'b' }, t: [5000], v: [1] },
    ]);
  });

  it('rejects a sample without a timestamp, pointing at its line', () => {
    try {
      readRecording('a 1 1\na 2\n# EOF\n');
      expect.unreachable();
    } catch (e) {
      expect(DaemonError.is(e) && e.located()).toBe('<input>:2:1: sample without a timestamp in a recording');
    }
  });

  it('writes recordings that promtool turns into TSDB blocks', () => {
    const { text } = recording();
    const file = join(dir, 'rec.om');
    const out = join(dir, 'blocks');
    writeFileSync(file, text);
    execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, out], { stdio: 'pipe' });
    const blocks = readdirSync(out).filter((d) => d !== 'wal' && !d.startsWith('.'));
    expect(blocks.length).toBeGreaterThanOrEqual(1);
    const list = execFileSync('promtool', ['tsdb', 'list', out], { encoding: 'utf8' });
    // The list columns are: ULID, min time, max time, duration, num samples, num chunks, num series, size.
    const totals = list
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.trim().split(/\s+/))
      .reduce((acc, cols) => [acc[0]! + Number(cols[cols.length - 4]), acc[1]! + Number(cols[cols.length - 2])], [0, 0]);
    expect(totals).toEqual([80, 2]);
  });
});
