/**
 * diagnose: `leaksleuth diagnose`. From a recording (`--openmetrics FILE`) it diagnoses at once;
 * live (`--target URL` with `--cgroup`/`--pid`) it samples for `--duration`, showing progress on
 * stderr, then prints the verdict. Exit 0 for healthy or a look-alike, 2 for a leak, 1 on error.
 * pprof profiles given as files (`--heap-profile`, `--goroutine-profile`) or fetched live (`--pprof`)
 * name the code: the functions whose heap grows and the stacks whose goroutines pile up.
 */
import { readFileSync, statSync } from 'node:fs';
import { DaemonError, ErrorCode, errorMessage } from '../../core/errors.js';
import { DEFAULT_SCRAPE_LIMITS } from '../../config/scrape-limits.js';
import { applyPprof, withInstanceUrl } from '../../enrich/apply.js';
import { fetchProfile } from '../../enrich/fetch.js';
import { parseGoroutineProfile, type GoroutineDump } from '../../enrich/goroutines.js';
import { parseHeapProfile, type HeapProfile } from '../../enrich/heap-profile.js';
import { pprofReport, type PprofInput } from '../../enrich/where.js';
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

type Opts = Record<string, string | string[] | boolean | undefined>;

function str(o: Opts, k: string): string | undefined {
  const v = o[k];
  return typeof v === 'string' ? v : undefined;
}

function list(o: Opts, k: string): string[] {
  const v = o[k];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** profileFiles reads `--heap-profile` / `--goroutine-profile` files; a bad file is an error naming it. */
function profileFiles(o: Opts): PprofInput | undefined {
  const heapFiles = list(o, 'heapProfile');
  const gorFiles = list(o, 'goroutineProfile');
  if (!heapFiles.length && !gorFiles.length) return undefined;
  const heap: HeapProfile[] = heapFiles.map((f) => parseHeapProfile(readFileSync(f), f));
  // oldest first as given; when every profile records its time (protobuf does), that order wins
  if (heap.every((p) => p.timeNanos > 0)) heap.sort((a, b) => a.timeNanos - b.timeNanos);
  let goroutines = gorFiles.map((f) => ({ d: parseGoroutineProfile(readFileSync(f), f), f }));
  if (goroutines.every((g) => g.d.timeMs !== undefined)) goroutines = goroutines.sort((a, b) => a.d.timeMs! - b.d.timeMs!);
  // text dumps carry no time: a file's modification time is when it was saved, usually right after the fetch
  const times = goroutines.map((g) => g.d.timeMs ?? statSync(g.f).mtimeMs);
  return { heap, goroutines: goroutines.map((g): GoroutineDump => g.d), goroutineTimesMs: times, errors: [] };
}

function print(d: Diagnosis, json: boolean, text: string): number {
  process.stdout.write(json ? JSON.stringify(toJson(d), null, 2) + '\n' : text);
  return exitCodeFor(d);
}

/** diagnoseCommand runs one diagnosis and returns the exit code. */
export async function diagnoseCommand(o: Opts): Promise<number> {
  const json = o['json'] === true;
  try {
    const files = profileFiles(o);
    const file = str(o, 'openmetrics');
    if (file) {
      const text = readRecordingText(file);
      const sel = { ...(str(o, 'job') ? { job: str(o, 'job')! } : {}), ...(str(o, 'instance') ? { instance: str(o, 'instance')! } : {}), ...(str(o, 'container') ? { cgroup: str(o, 'container')! } : {}) };
      let d = runDiagnoseRecording(text, sel);
      d = files ? applyPprof(d, pprofReport(files), instanceUrl(d.target)) : withInstanceUrl(d, instanceUrl(d.target));
      return print(d, json, renderText(d, windowFromRecording(text, sel)));
    }
    const target = str(o, 'target');
    if (!target && files) return printProfilesOnly(files, json);
    if (!target) throw new DaemonError(ErrorCode.USAGE, 'give --target URL (live), --openmetrics FILE (recording), or profiles (--heap-profile, --goroutine-profile)');
    return await live(target, o, json, files);
  } catch (err) {
    process.stderr.write(`leaksleuth diagnose: ${errorMessage(err)}\n`);
    return 1;
  }
}

/** instanceUrl guesses the service's base URL from a `job/host:port` target name, for the advice. */
function instanceUrl(target: string): string | undefined {
  const inst = target.slice(target.indexOf('/') + 1);
  return /^[\w.-]+:\d+$/.test(inst) || /^\[[0-9a-f:]+\]:\d+$/i.test(inst) ? `http://${inst}` : undefined;
}

/** printProfilesOnly reports on profiles without metrics: no verdict, just what the profiles blame. */
function printProfilesOnly(files: PprofInput, json: boolean): number {
  const r = pprofReport(files);
  if (json) process.stdout.write(JSON.stringify({ schema: 1, pprof: r }, null, 2) + '\n');
  else {
    const lines = [`pprof (${r.heapProfiles} heap profile(s), ${r.goroutineProfiles} goroutine profile(s)):`];
    for (const w of r.where) lines.push(`  - ${w.text}`, ...w.frames.slice(0, 5).map((f) => `      ${f}`));
    if (r.cumulative.length) lines.push('  cumulative growth:', ...r.cumulative.map((c) => `    ${c.function}  ${Math.round(c.share * 100)} %`));
    if (!r.where.length) lines.push('  no growing allocation site or goroutine stack in the profiles');
    process.stdout.write(lines.join('\n') + '\n');
  }
  return 0;
}

/** fetchLive takes a heap profile and a goroutine?debug=1 dump from the service's pprof endpoint. */
async function fetchLive(base: string, into: { heap: HeapProfile[]; goroutines: GoroutineDump[]; times: number[]; errors: string[] }): Promise<void> {
  const opts = { timeoutMs: 30_000, maxBytes: 64 * 2 ** 20 };
  const [h, g] = await Promise.all([fetchProfile({ url: `${base}/debug/pprof/heap`, ...opts }), fetchProfile({ url: `${base}/debug/pprof/goroutine?debug=1`, ...opts })]);
  const at = Date.now();
  try {
    if (h.ok) into.heap.push(parseHeapProfile(h.body, `${base}/debug/pprof/heap`));
    else into.errors.push(`heap: ${h.error}`);
  } catch (err) {
    into.errors.push(`heap: ${errorMessage(err)}`);
  }
  try {
    if (g.ok) {
      into.goroutines.push(parseGoroutineProfile(g.body, `${base}/debug/pprof/goroutine?debug=1`));
      into.times.push(at);
    } else into.errors.push(`goroutine: ${g.error}`);
  } catch (err) {
    into.errors.push(`goroutine: ${errorMessage(err)}`);
  }
}

async function live(target: string, o: Opts, json: boolean, files: PprofInput | undefined): Promise<number> {
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
  // --pprof: profiles at the start and at the end of the watch, from the target's own host:port
  const pprofBase = o['pprof'] === true ? url.origin : undefined;
  const fetched = { heap: [...(files?.heap ?? [])], goroutines: [...(files?.goroutines ?? [])], times: [...(files?.goroutineTimesMs ?? [])] as number[], errors: [] as string[] };
  if (pprofBase) await fetchLive(pprofBase, fetched);
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
  if (pprofBase) await fetchLive(pprofBase, fetched);
  let d = diagnoseTarget(store, t!.labels as { job: string; instance: string }, end, { windowMs: durationMs + intervalMs, minSpanMs: Math.min(5 * 60_000, durationMs / 2) });
  if (pprofBase || files) d = applyPprof(d, pprofReport({ heap: fetched.heap, goroutines: fetched.goroutines, goroutineTimesMs: fetched.times, errors: fetched.errors }), url.origin);
  else d = withInstanceUrl(d, url.origin);
  return print(d, json, renderText(d, windowFromStore(store, t!.labels as { job: string; instance: string }, start, end)));
}
