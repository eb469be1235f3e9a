/**
 * replay: `leaksleuth replay --rules FILES… (--openmetrics FILE | --from URL) [--start T --end T]`.
 * Backtests rule files with the diagnosis over history and prints what would have fired, with the
 * verdict each alert would have carried. Nothing is sent. Exit 0, or 1 on an error.
 */
import { loadConfigFile } from '../../config/load.js';
import type { DatasourceConfig } from '../../config/types.js';
import { globFiles } from '../../core/glob.js';
import { DaemonError, ErrorCode, errorMessage } from '../../core/errors.js';
import { httpDatasource } from '../../datasource/client.js';
import { readRecordingText } from '../../diagnose/recording-file.js';
import { parseDuration } from '../../model/duration.js';
import { replay, type ReplayedAlert, type ReplaySource } from '../../replay/backtest.js';
import { loadCheckedRuleFiles } from '../../rules/index.js';
import { readRecording } from '../../scrape/exposition/recording.js';

/** ReplayOpts are the command's flags. */
export interface ReplayOpts {
  readonly rules: string[];
  readonly openmetrics?: string;
  readonly from?: string;
  readonly config?: string;
  readonly start?: string;
  readonly end?: string;
  readonly step: string;
  readonly window: string;
  readonly minWindow: string;
  readonly diagnosisWait?: string;
  readonly json?: boolean;
}

/** parseTime reads RFC 3339 or Unix seconds, as Prometheus' API does. */
export function parseTime(s: string, flag: string): number {
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new DaemonError(ErrorCode.USAGE, `${flag}: "${s}" is neither RFC 3339 (2026-11-22T01:00:00Z) nor Unix seconds`);
  return t;
}

function iso(t: number): string {
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

function span(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m >= 60 ? `${Math.floor(m / 60)}h${m % 60 ? `${m % 60}m` : ''}` : `${m}m`;
}

function labelText(l: Readonly<Record<string, string>>): string {
  return Object.entries(l)
    .filter(([k]) => k !== 'alertname')
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
}

/** renderAlerts is the human report: one block per alert, oldest first. */
export function renderAlerts(alerts: readonly ReplayedAlert[]): string {
  if (alerts.length === 0) return 'nothing would have fired\n';
  return alerts
    .map((a) => {
      const until = a.resolvedAt ? `${iso(a.resolvedAt)} (${span(a.resolvedAt - a.firedAt)})` : 'still firing at the end';
      const lines = [`${a.rule}  ${iso(a.firedAt)} → ${until}`, `  {${labelText(a.labels)}}`];
      if (a.notifiedAt > a.firedAt) lines.push(`  notified:  ${iso(a.notifiedAt)} (waited ${Math.round((a.notifiedAt - a.firedAt) / 1000)}s for a verdict)`);
      if (a.annotations['summary']) lines.push(`  summary:   ${a.annotations['summary']}`);
      if (a.diagnosis) {
        const f = a.diagnosis.findings[0];
        lines.push(`  diagnosis: ${a.diagnosis.verdict} (confidence ${Math.round(a.diagnosis.confidence * 100)} %)`);
        if (f?.explanation) lines.push(`  why:       ${f.explanation}`);
      }
      return lines.join('\n');
    })
    .join('\n\n') + '\n';
}

/** replayCommand runs the backtest and returns the exit code. */
export async function replayCommand(o: ReplayOpts): Promise<number> {
  try {
    const files = [...new Set(o.rules.flatMap((p) => globFiles(p)))];
    if (files.length === 0) throw new DaemonError(ErrorCode.USAGE, `--rules ${o.rules.join(' ')} matches no rule file`);
    const groups = loadCheckedRuleFiles(files);
    const stepMs = parseDuration(o.step);
    const windowMs = parseDuration(o.window);
    const minSpanMs = parseDuration(o.minWindow);
    const diagnosisWaitMs = parseDuration(o.diagnosisWait ?? '2m');
    if (stepMs <= 0) throw new DaemonError(ErrorCode.USAGE, '--step must be positive');
    let source: ReplaySource;
    let start: number;
    let end: number;
    if (o.openmetrics && o.from) throw new DaemonError(ErrorCode.USAGE, 'give either --openmetrics FILE or --from URL, not both');
    if (o.openmetrics) {
      const series = readRecording(readRecordingText(o.openmetrics));
      let lo = Infinity;
      let hi = -Infinity;
      for (const s of series) {
        if (!s.t.length) continue;
        lo = Math.min(lo, s.t[0]!);
        hi = Math.max(hi, s.t[s.t.length - 1]!);
      }
      if (!Number.isFinite(lo)) throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, `${o.openmetrics}: the recording holds no samples`);
      start = o.start ? parseTime(o.start, '--start') : lo;
      end = o.end ? parseTime(o.end, '--end') : hi;
      source = { kind: 'recording', series };
    } else if (o.from || o.config) {
      let ds: DatasourceConfig;
      if (o.from) ds = { url: o.from, timeoutMs: 60_000 };
      else {
        const cfg = await loadConfigFile(o.config!, process.env);
        if (!cfg.datasource) throw new DaemonError(ErrorCode.USAGE, `${o.config} has no datasource section; give --from URL`);
        ds = cfg.datasource;
      }
      end = o.end ? parseTime(o.end, '--end') : Date.now();
      start = o.start ? parseTime(o.start, '--start') : end - 6 * 3_600_000;
      source = { kind: 'datasource', client: httpDatasource(ds), ...(ds.containerMatch ? { containerMatch: ds.containerMatch } : {}) };
    } else {
      throw new DaemonError(ErrorCode.USAGE, 'give --openmetrics FILE (a recording) or --from URL (a Prometheus-compatible API)');
    }
    if (end <= start) throw new DaemonError(ErrorCode.USAGE, `--end (${iso(end)}) must be after --start (${iso(start)})`);
    const tty = process.stderr.isTTY === true && !o.json;
    const r = await replay({
      groups,
      source,
      start,
      end,
      stepMs,
      diagnosisWindowMs: windowMs,
      minSpanMs,
      diagnosisWaitMs,
      ...(tty ? { onProgress: (at: number) => process.stderr.write(`\r  replaying ${iso(at)} (${Math.round(((at - start) / (end - start)) * 100)} %)`) } : {}),
    });
    if (tty) process.stderr.write('\r\x1b[K');
    if (o.json) {
      process.stdout.write(
        JSON.stringify(
          {
            start: iso(start),
            end: iso(end),
            step: o.step,
            steps: r.steps,
            targets: r.targets,
            alerts: r.alerts.map((a) => ({
              rule: a.rule,
              labels: a.labels,
              annotations: a.annotations,
              firedAt: iso(a.firedAt),
              notifiedAt: iso(a.notifiedAt),
              resolvedAt: a.resolvedAt ? iso(a.resolvedAt) : null,
              verdict: a.diagnosis?.verdict ?? null,
              confidence: a.diagnosis?.confidence ?? null,
            })),
            ruleErrors: r.ruleErrors,
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      process.stdout.write(`replay: ${files.length} rule file(s), ${r.targets} Go target(s), ${r.steps} steps from ${iso(start)} to ${iso(end)} every ${o.step}\n\n`);
      process.stdout.write(renderAlerts(r.alerts));
      for (const e of r.ruleErrors) process.stderr.write(`rule ${e.rule} failed at ${e.count} step(s): ${e.error}\n`);
    }
    return 0;
  } catch (err) {
    process.stderr.write(`leaksleuth replay: ${errorMessage(err)}\n`);
    return 1;
  }
}
