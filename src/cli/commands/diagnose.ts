/**
 * diagnose: `leaksleuth diagnose`. From a recording (`--openmetrics FILE`) it diagnoses at once;
 * live (`--target URL` with `--cgroup`/`--pid`) it samples for `--duration`, showing progress on
 * stderr, then prints the verdict. Exit 0 for healthy or a look-alike, 2 for a leak, 1 on error.
 */
import { DaemonError, ErrorCode, errorMessage } from '../../core/errors.js';
import { DEFAULT_SCRAPE_LIMITS } from '../../config/scrape-limits.js';
import { parseDuration } from '../../model/duration.js';
import type { Diagnosis } from '../../model/finding.js';
import { diagnoseTarget } from '../../diagnose/diagnose.js';
import { runDiagnoseRecording, windowFromRecording } from '../../diagnose/recording.js';
import { readRecordingText } from '../../diagnose/recording-file.js';
import { exitCodeFor, renderText, toJson } from '../../diagnose/report.js';
import { sparkline } from '../../diagnose/sparkline.js';
import { windowFromStore } from '../../diagnose/window.js';
import { createCgroupSource } from '../../scrape/cgroup-source.js';
import { httpFetch } from '../../scrape/fetch.js';
import { newTargetState, scrapeTarget } from '../../scrape/scrape.js';
import { buildTargets, type CgroupSpec } from '../../scrape/target.js';
import { MemoryStore } from '../../store/memory.js';

type Opts = Record<string, string | boolean | undefined>;

function str(o: Opts, k: string): string | undefined {
  const v = o[k];
  return typeof v === 'string' ? v : undefined;
}

function print(d: Diagnosis, json: boolean, text: string): number {
  process.stdout.write(json ? JSON.stringify(toJson(d), null, 2) + '\n' : text);
  return exitCodeFor(d);
}

/** diagnoseCommand runs one diagnosis and returns the exit code. */
export async function diagnoseCommand(o: Opts): Promise<number> {
  const json = o['json'] === true;
  try {
    const file = str(o, 'openmetrics');
    if (file) {
      const text = readRecordingText(file);
      const sel = { ...(str(o, 'job') ? { job: str(o, 'job')! } : {}), ...(str(o, 'instance') ? { instance: str(o, 'instance')! } : {}), ...(str(o, 'container') ? { cgroup: str(o, 'container')! } : {}) };
      const d = runDiagnoseRecording(text, sel);
      return print(d, json, renderText(d, windowFromRecording(text, sel)));
    }
    const target = str(o, 'target');
    if (!target) throw new DaemonError(ErrorCode.USAGE, 'give --target URL (live) or --openmetrics FILE (recording)');
    return await live(target, o, json);
  } catch (err) {
    process.stderr.write(`leaksleuth diagnose: ${errorMessage(err)}\n`);
    return 1;
  }
}

async function live(target: string, o: Opts, json: boolean): Promise<number> {
  const url = new URL(target);
  if (!/^https?:$/.test(url.protocol)) throw new DaemonError(ErrorCode.USAGE, `--target must be an http(s) URL, got ${target}`);
  const durationMs = parseDuration(str(o, 'duration') ?? '10m');
  const intervalMs = parseDuration(str(o, 'interval') ?? '5s');
  if (intervalMs <= 0 || durationMs < intervalMs) throw new DaemonError(ErrorCode.USAGE, '--interval must be positive and not longer than --duration');
  let cgroup: CgroupSpec | undefined;
  const pid = str(o, 'pid');
  if (pid !== undefined) {
    if (!/^\d+$/.test(pid)) throw new DaemonError(ErrorCode.USAGE, `--pid must be a process id, got ${pid}`);
    cgroup = { pid: Number(pid) };
  } else if (str(o, 'cgroup')) cgroup = { path: str(o, 'cgroup')! };
  const [t] = buildTargets(
    {
      jobName: 'diagnose',
      scheme: url.protocol === 'https:' ? 'https' : 'http',
      metricsPath: url.pathname || '/metrics',
      params: {},
      intervalMs,
      timeoutMs: Math.min(intervalMs, 10_000),
      // One target the user named on the command line: the agent's defaults still guard the CLI.
      ...DEFAULT_SCRAPE_LIMITS,
      honorLabels: false,
      honorTimestamps: false,
      headers: {},
    },
    [{ targets: [url.host], labels: {}, source: 'cli', ...(cgroup ? { cgroup } : {}) }],
  );
  const store = new MemoryStore({ rawRetentionMs: durationMs + 60_000 });
  const state = newTargetState();
  const source = cgroup ? await createCgroupSource({ cgroupRoot: '/sys/fs/cgroup', procRoot: '/proc' }) : undefined;
  const start = Date.now();
  const end = start + durationMs;
  const heap: number[] = [];
  const tty = process.stderr.isTTY;
  for (let at = start; at <= end; at += intervalMs) {
    const wait = at - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const r = await scrapeTarget(t!, state, { fetch: httpFetch, append: store, now: Date.now }, at);
    if (source && cgroup) {
      try {
        const c = await source.collect(cgroup, t!.labels);
        for (const s of c.series) store.append(s.labels, at, s.value);
      } catch (err) {
        process.stderr.write(`cgroup: ${errorMessage(err)}\n`);
      }
    }
    const w = windowFromStore(store, t!.labels as { job: string; instance: string }, start, at);
    const h = w.series.get('go_memstats_heap_alloc_bytes')?.[0];
    if (h && h.v.length) heap.push(h.v[h.v.length - 1]!);
    const elapsed = Math.round((at - start) / 1000);
    const line = `[${elapsed}s/${Math.round(durationMs / 1000)}s] ${r.up ? 'up' : 'DOWN ' + (r.error?.message ?? '')} heap ${heap.length ? (heap[heap.length - 1]! / 2 ** 20).toFixed(1) + ' MiB' : '?'} ${sparkline(heap, 30)}`;
    process.stderr.write(tty ? `\r${line}\x1b[K` : line + '\n');
  }
  if (tty) process.stderr.write('\n');
  const d = diagnoseTarget(store, t!.labels as { job: string; instance: string }, end, { windowMs: durationMs + intervalMs, minSpanMs: Math.min(5 * 60_000, durationMs / 2) });
  return print(d, json, renderText(d, windowFromStore(store, t!.labels as { job: string; instance: string }, start, end)));
}
