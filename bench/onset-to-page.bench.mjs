#!/usr/bin/env node
// onset-to-page.bench: how long after a recorded incident's onset the diagnosis has its verdict and the
// shipped pack (rules/go-memory.yaml) pages, replayed as the daemon runs them: the real rules engine
// and diagnosis on a manual clock, one diagnosis and one rule evaluation per step (the default
// evaluation_interval, 1m), diagnosis_wait applied. A user's own "usage above 80 % of the limit" rule
// with `diagnose: true` runs alongside, to show what its first notification says.
// Usage: npm run build && node bench/onset-to-page.bench.mjs [DIR…]   (default: test/fixtures/diagnose)
// Env: STEP_MS (60000), MIN_WINDOW and DIAGNOSIS_WAIT (default: config/leaksleuth.yaml's), RULES (rules/go-memory.yaml).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigFile } from '../dist/config/load.js';
import { loadCorpus } from '../dist/diagnose/corpus.js';
import { diagnoseTarget } from '../dist/diagnose/diagnose.js';
import { LEAK_VERDICTS } from '../dist/model/finding.js';
import { parseDuration } from '../dist/model/duration.js';
import { replay } from '../dist/replay/backtest.js';
import { loadCheckedRuleFiles } from '../dist/rules/index.js';
import { readRecording } from '../dist/scrape/exposition/recording.js';
import { MemoryStore } from '../dist/store/memory.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const dirs = process.argv.slice(2).length ? process.argv.slice(2) : [join(repo, 'test/fixtures/diagnose')];
const STEP = Number(process.env.STEP_MS ?? 60_000);
const defaults = (await loadConfigFile(join(repo, 'config/leaksleuth.yaml'), {})).diagnosis;
const MIN_WINDOW = process.env.MIN_WINDOW ? parseDuration(process.env.MIN_WINDOW) : defaults.minWindowMs;
const WAIT = process.env.DIAGNOSIS_WAIT ? parseDuration(process.env.DIAGNOSIS_WAIT) : defaults.diagnosisWaitMs;
const WINDOW = 6 * 3_600_000;
const PACK = process.env.RULES ?? join(repo, 'rules/go-memory.yaml');
// The group_wait of leaksleuth's default route comes on top of every first notification.
const GROUP_WAIT_MS = 30_000;

const tmp = mkdtempSync(join(tmpdir(), 'leaksleuth-onset-bench-'));
const userRules = join(tmp, 'user.yaml');
writeFileSync(
  userRules,
  `groups:
  - name: user
    interval: 1m
    rules:
      - alert: UserMemoryAbove80
        expr: container_memory_usage_bytes / container_spec_memory_limit_bytes > 0.8
        for: 2m
        diagnose: true
        labels: {severity: page}
`,
);
const groups = loadCheckedRuleFiles([PACK, userRules]);

const min = (ms) => (ms === undefined ? '—' : `${(ms / 60_000).toFixed(1)}`);

/** timeline diagnoses the recording every STEP as the daemon's diagnosis cycle would. */
function timeline(series, meta) {
  const store = new MemoryStore({ rawRetentionMs: meta.end - meta.start + WINDOW });
  for (const s of series) for (let i = 0; i < s.t.length; i++) store.append(s.labels, s.t[i], s.v[i]);
  const out = [];
  for (let at = meta.start; at <= meta.end; at += STEP) {
    const d = diagnoseTarget(store, { job: meta.job, instance: meta.instance }, at, { windowMs: WINDOW, minSpanMs: MIN_WINDOW });
    out.push({ at, verdict: d.verdict, confidence: d.confidence });
  }
  return out;
}

const rows = [];
for (const dir of dirs) {
  for (const { meta, text } of loadCorpus(dir)) {
    const series = readRecording(text);
    const leak = LEAK_VERDICTS.has(meta.expected);
    const tl = timeline(series, meta);
    const after = tl.filter((p) => p.at >= meta.onset);
    const firstVerdict = after.find((p) => p.verdict === meta.expected);
    const firstLeak = tl.find((p) => LEAK_VERDICTS.has(p.verdict));
    const r = await replay({ groups, source: { kind: 'recording', series }, start: meta.start, end: meta.end, stepMs: STEP, diagnosisWindowMs: WINDOW, minSpanMs: MIN_WINDOW, diagnosisWaitMs: WAIT });
    const pages = r.alerts.filter((a) => a.labels.severity === 'page' && a.rule !== 'UserMemoryAbove80');
    const page = pages[0];
    const user = r.alerts.find((a) => a.rule === 'UserMemoryAbove80');
    rows.push({
      scenario: meta.scenario,
      expected: meta.expected,
      minutes: min(meta.end - meta.start),
      onsetAt: min(meta.onset - meta.start),
      verdict: firstVerdict ? min(firstVerdict.at - meta.onset) : '—',
      conf: firstVerdict ? firstVerdict.confidence.toFixed(2) : '',
      page: page ? `${min(page.notifiedAt + GROUP_WAIT_MS - meta.onset)} ${page.rule}` : leak ? `none by the end (+${min(meta.end - meta.onset)})` : '—',
      pages: pages.length,
      // a look-alike or healthy recording must never page, nor show a leak verdict at any step
      falseLeak: !leak && firstLeak ? `${firstLeak.verdict} at ${min(firstLeak.at - meta.onset)}` : '',
      user: user ? `${user.diagnosis?.verdict ?? '—'} (+${min(user.notifiedAt - meta.onset)}, waited ${Math.round((user.notifiedAt - user.firedAt) / 1000)}s)` : '—',
    });
  }
}

const header = ['scenario', 'expected', 'rec min', 'onset at', 'onset→verdict', 'conf', 'onset→page (+group_wait)', 'pages', 'leak verdict on non-leak', 'user usage>80% first notification'];
const keys = ['scenario', 'expected', 'minutes', 'onsetAt', 'verdict', 'conf', 'page', 'pages', 'falseLeak', 'user'];
console.log(`onset-to-page: step ${STEP / 1000}s, min_window ${MIN_WINDOW / 60_000}m, diagnosis_wait ${WAIT / 1000}s, rules ${PACK.replace(repo, '')}; times in minutes after onset`);
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const row of rows) console.log(`| ${keys.map((k) => row[k]).join(' | ')} |`);
const leaks = rows.filter((r) => LEAK_VERDICTS.has(r.expected));
const paged = leaks.filter((r) => r.pages > 0).map((r) => Number(r.page.split(' ')[0]));
const falsePages = rows.filter((r) => !LEAK_VERDICTS.has(r.expected) && r.pages > 0).length;
console.log(`\nleaks paged: ${paged.length}/${leaks.length}; onset→page median ${paged.length ? paged.sort((a, b) => a - b)[Math.floor(paged.length / 2)] : '—'} min, max ${paged.length ? Math.max(...paged) : '—'} min; look-alikes/healthy that paged: ${falsePages}`);
