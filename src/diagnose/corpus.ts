/**
 * corpus: loads the recorded scenarios under test/fixtures/diagnose (recording.om.gz + meta.json),
 * shared by the scenario tests and the benchmark.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Verdict } from '../model/finding.js';
import { readRecordingText } from './recording-file.js';

/** ScenarioMeta is a recording's meta.json (written by scripts/record/record.mjs). */
export interface ScenarioMeta {
  readonly scenario: string;
  readonly expected: Verdict;
  readonly acceptable: readonly Verdict[];
  readonly about: string;
  readonly job: string;
  readonly instance: string;
  readonly cgroup: string;
  readonly start: number;
  readonly onset: number;
  readonly end: number;
  readonly intervalSeconds: number;
  readonly limitBytes: number;
  readonly goVersion: string;
  readonly godebug: string;
  readonly restarts: number;
}

/** Scenario is one loaded recording. */
export interface Scenario {
  readonly meta: ScenarioMeta;
  readonly text: string;
}

/** loadCorpus reads every scenario directory that has both files, sorted by name. */
export function loadCorpus(dir: string): Scenario[] {
  if (!existsSync(dir)) return [];
  const out: Scenario[] = [];
  for (const name of readdirSync(dir).sort()) {
    const rec = join(dir, name, 'recording.om.gz');
    const meta = join(dir, name, 'meta.json');
    if (!existsSync(rec) || !existsSync(meta)) continue;
    out.push({ meta: JSON.parse(readFileSync(meta, 'utf8')) as ScenarioMeta, text: readRecordingText(rec) });
  }
  return out;
}
