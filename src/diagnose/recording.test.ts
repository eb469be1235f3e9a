import { describe, expect, it } from 'vitest';
import { DaemonError } from '../core/errors.js';
import { parseTimestamped } from './openmetrics.js';
import { runDiagnoseRecording, windowFromRecording } from './recording.js';

function rec(lines: string[]): string {
  return lines.join('\n') + '\n# EOF\n';
}
const go = (job: string, inst: string, t: number, v: number) => `go_memstats_heap_alloc_bytes{job="${job}",instance="${inst}"} ${v} ${t}`;
const cg = (id: string, t: number, v: number) => `container_memory_usage_bytes{id="${id}"} ${v} ${t}`;

describe('recordings', () => {
  it('pairs the only Go target with the only cgroup and relabels the cgroup series', () => {
    const w = windowFromRecording(rec(['# TYPE go_memstats_heap_alloc_bytes gauge', go('a', 'x:1', 100, 1), go('a', 'x:1', 105, 2), '# TYPE container_memory_usage_bytes gauge', cg('/c', 100, 5), cg('/c', 105, 6)]));
    expect(w.target).toEqual({ job: 'a', instance: 'x:1' });
    expect(w.series.get('container_memory_usage_bytes')![0]!.labels['job']).toBe('a');
    expect(w.start).toBe(100_000);
    expect(w.end).toBe(105_000);
  });
  it('asks for selectors when the file holds two targets, and uses them', () => {
    const text = rec(['# TYPE go_memstats_heap_alloc_bytes gauge', go('a', 'x:1', 100, 1), go('b', 'x:2', 100, 1)]);
    expect(() => windowFromRecording(text)).toThrow(/2 Go targets/);
    expect(windowFromRecording(text, { job: 'b' }).target).toEqual({ job: 'b', instance: 'x:2' });
  });
  it('rejects an unknown cgroup selector with the list of known ones', () => {
    const text = rec(['# TYPE go_memstats_heap_alloc_bytes gauge', go('a', 'x:1', 100, 1), '# TYPE container_memory_usage_bytes gauge', cg('/c', 100, 5)]);
    expect(() => windowFromRecording(text, { cgroup: '/nope' })).toThrow(/have: \/c/);
  });
  it('a recording without target labels is one target', () => {
    const w = windowFromRecording(rec(['# TYPE go_goroutines gauge', 'go_goroutines 5 100', 'go_goroutines 6 105']));
    expect(w.target).toEqual({ job: '', instance: '' });
    expect(w.series.get('go_goroutines')![0]!.v).toEqual([5, 6]);
  });
  it('a short recording diagnoses as insufficient_data instead of throwing', () => {
    expect(runDiagnoseRecording(rec(['# TYPE go_memstats_heap_alloc_bytes gauge', go('a', 'x:1', 100, 1)])).verdict).toBe('insufficient_data');
  });
  it('the lenient reader accepts Prometheus text with millisecond timestamps and reports positions', () => {
    const s = parseTimestamped('foo{a="1"} 3 1700000000000\nfoo{a="1"} 2 1699999999000\n');
    expect(s[0]!.t).toEqual([1699999999000, 1700000000000]);
    try {
      parseTimestamped('foo{a="1"} 3\n', 'x.om');
      expect.unreachable();
    } catch (e) {
      expect(DaemonError.is(e) && e.located()).toMatch(/^x\.om:1:\d+: sample has no timestamp/);
    }
  });
});
