/**
 * Scenario tests: each recorded Go program (real process, real cgroup) gets its expected verdict, no
 * look-alike gets a leak verdict at any prefix of its recording, and leaks are flagged soon after onset.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { LEAK_VERDICTS } from '../model/finding.js';
import { loadCorpus } from './corpus.js';
import { diagnose } from './diagnose.js';
import { windowFromRecording } from './recording.js';
import { sliceWindow } from './window.js';

const dir = fileURLToPath(new URL('../../test/fixtures/diagnose', import.meta.url));
const corpus = loadCorpus(dir);
const STEP_MS = 30_000;

describe('recorded scenarios', () => {
  it('the corpus is present', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(10);
  });
  for (const { meta, text } of corpus) {
    const w = windowFromRecording(text);
    const ok = [meta.expected, ...meta.acceptable];
    it(`${meta.scenario}: whole recording → ${ok.join(' or ')}`, () => {
      const d = diagnose(w);
      expect(ok, d.findings.map((f) => `${f.verdict}: ${f.explanation}`).join('\n')).toContain(d.verdict);
      // explanations name the series they rest on and quote observed values: a negative "from"
      // can only be the end of a fitted line, never something memory showed
      for (const f of d.findings) {
        expect(f.explanation, f.explanation).toMatch(/\b(go|process|container|cgroup)_[a-z_]+/);
        expect(f.explanation, f.explanation).not.toMatch(/from [−-]\d/);
      }
    });
    if (!LEAK_VERDICTS.has(meta.expected)) {
      it(`${meta.scenario}: no leak verdict at any prefix`, () => {
        for (let end = w.start + STEP_MS; end <= w.end; end += STEP_MS) {
          const d = diagnose(sliceWindow(w, w.start, end));
          expect(LEAK_VERDICTS.has(d.verdict), `${d.verdict} at +${(end - w.start) / 1000}s: ${d.findings[0]?.explanation}`).toBe(false);
        }
      });
    } else {
      it(`${meta.scenario}: no leak verdict before onset, flagged within 10 minutes after`, () => {
        let flagged: number | undefined;
        for (let end = w.start + STEP_MS; end <= w.end; end += STEP_MS) {
          const d = diagnose(sliceWindow(w, w.start, end));
          if (end < meta.onset) expect(LEAK_VERDICTS.has(d.verdict), `false alarm at +${(end - w.start) / 1000}s`).toBe(false);
          else if (LEAK_VERDICTS.has(d.verdict) && flagged === undefined) flagged = end;
        }
        expect(flagged, 'never flagged').toBeDefined();
        expect(flagged! - meta.onset).toBeLessThanOrEqual(10 * 60_000);
      });
    }
  }
});
