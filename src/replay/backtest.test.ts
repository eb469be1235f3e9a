import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readRecordingText } from '../diagnose/recording-file.js';
import { loadCheckedRuleFiles } from '../rules/index.js';
import { readRecording } from '../scrape/exposition/recording.js';
import { replay } from './backtest.js';

const fixtures = join(import.meta.dirname, '../../test/fixtures/diagnose');
const pack = loadCheckedRuleFiles([join(import.meta.dirname, '../../rules/go-memory.yaml')]);

function recording(name: string): { series: ReturnType<typeof readRecording>; meta: { start: number; end: number; expected: string; job: string } } {
  const dir = join(fixtures, name);
  return { series: readRecording(readRecordingText(join(dir, 'recording.om.gz'))), meta: JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) };
}

describe('replay over a recording with the shipped pack', () => {
  it('a heap leak that will reach the limit pages, with the diagnosis on the alert', async () => {
    const { series, meta } = recording('heap_leak');
    const r = await replay({ groups: pack, source: { kind: 'recording', series }, start: meta.start, end: meta.end, stepMs: 30_000, diagnosisWindowMs: 6 * 3_600_000, minSpanMs: 5 * 60_000 });
    expect(r.targets).toBe(1);
    expect(r.ruleErrors).toEqual([]);
    const page = r.alerts.find((a) => a.labels['severity'] === 'page');
    expect(page, JSON.stringify(r.alerts.map((a) => a.rule))).toBeDefined();
    expect(page!.labels).toMatchObject({ job: meta.job, diagnosis: 'heap_leak' });
    expect(page!.diagnosis?.verdict).toBe('heap_leak');
    expect(page!.firedAt).toBeGreaterThan(meta.start);
    expect(page!.resolvedAt).toBe(0);
  });

  it.each(['page_cache', 'madv_free', 'seed001_podman_tar', 'healthy'])('%s never pages over the whole recording', async (name) => {
    const { series, meta } = recording(name);
    const r = await replay({ groups: pack, source: { kind: 'recording', series }, start: meta.start, end: meta.end, stepMs: 30_000, diagnosisWindowMs: 6 * 3_600_000, minSpanMs: 5 * 60_000 });
    expect(r.ruleErrors).toEqual([]);
    expect(r.alerts.filter((a) => a.labels['severity'] === 'page')).toEqual([]);
  });

  it('records when an alert resolved', async () => {
    const { series, meta } = recording('healthy');
    // A rule that holds only for the first half of the recording fires and then resolves.
    const mid = Math.round((meta.start + meta.end) / 2);
    const file = join(mkdtempSync(join(tmpdir(), 'leaksleuth-replay-')), 'half.yaml');
    writeFileSync(file, `groups:\n  - name: half\n    rules:\n      - alert: FirstHalf\n        expr: go_goroutines > 0 and on() (vector(time()) < ${mid / 1000})\n`);
    const groups = loadCheckedRuleFiles([file]);
    const r = await replay({ groups, source: { kind: 'recording', series }, start: meta.start, end: meta.end, stepMs: 30_000, diagnosisWindowMs: 3_600_000, minSpanMs: 5 * 60_000 });
    expect(r.ruleErrors).toEqual([]);
    const a = r.alerts.find((x) => x.rule === 'FirstHalf');
    expect(a).toBeDefined();
    expect(a!.firedAt).toBe(meta.start);
    expect(a!.resolvedAt).toBeGreaterThan(mid - 30_000);
    expect(a!.resolvedAt).toBeLessThanOrEqual(mid + 30_000);
  });
});
