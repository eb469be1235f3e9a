#!/usr/bin/env node
// record: builds the Go scenarios, runs each in its own cgroup v1 memory group, samples its
// /metrics, cgroup files and /proc every few seconds, and writes an OpenMetrics recording with
// timestamps (the `promtool tsdb create-blocks-from openmetrics` format) plus meta.json.
// Usage: node scripts/record/record.mjs [--only a,b] [--duration 14m] [--onset 3m] [--interval 5]
//        [--variant] [--args NAME="FLAGS"]… [--out test/fixtures/diagnose]
//        (root only: it writes to /sys/fs/cgroup/memory)
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { SCENARIOS } from './scenarios.mjs';
import { readCgroupV1, readProc } from './sources.mjs';
import { parseText, Recording } from './openmetrics.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const scratch = '/tmp/leaksleuth-rec';
const cgRoot = '/sys/fs/cgroup/memory';

function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
}
function dur(s) {
  const m = /^(\d+(?:\.\d+)?)(s|m)$/.exec(s);
  if (!m) throw new Error(`bad duration ${s}`);
  return Number(m[1]) * (m[2] === 'm' ? 60_000 : 1000);
}

const only = arg('only', '');
const variant = process.argv.includes('--variant');
// --args NAME="FLAGS" (repeatable) runs a scenario with flags of your own, e.g. rates that neither
// the corpus nor its variant uses, to check the detectors on recordings they were never tuned on.
const customArgs = new Map();
process.argv.forEach((a, i) => {
  if (a !== '--args') return;
  const m = /^([\w]+)=(.*)$/s.exec(process.argv[i + 1] ?? '');
  if (!m) throw new Error(`--args wants NAME="FLAGS", got ${process.argv[i + 1]}`);
  customArgs.set(m[1], m[2].trim().split(/\s+/).filter(Boolean));
});
const durationMs = dur(arg('duration', '14m'));
const onsetMs = dur(arg('onset', '3m'));
const intervalMs = Number(arg('interval', '5')) * 1000;
const outDir = resolve(arg('out', join(repo, 'test/fixtures/diagnose')));
const chosen = SCENARIOS.filter((s) => !only || only.split(',').includes(s.name));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function build() {
  const gopath = join(scratch, 'gopath');
  mkdirSync(join(gopath, 'src/leaksleuth'), { recursive: true });
  const link = join(gopath, 'src/leaksleuth/recsvc');
  rmSync(link, { force: true });
  symlinkSync(join(here, 'go/recsvc'), link);
  const env = { ...process.env, GOPATH: `${gopath}:/usr/share/gocode`, GO111MODULE: 'off', GOFLAGS: '' };
  for (const s of chosen) {
    execFileSync('go', ['build', '-o', join(scratch, 'bin', s.name), `./go/${s.name}`], { cwd: here, env, stdio: 'inherit' });
  }
  return execFileSync('go', ['version'], { encoding: 'utf8' }).trim().split(' ')[2];
}

/** backupData makes the tar input once, outside any scenario cgroup (its reads are not charged). */
function backupData() {
  const dir = join(scratch, 'data');
  if (!existsSync(join(dir, 'done'))) {
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 4; i++) {
      execFileSync('dd', ['if=/dev/urandom', `of=${join(dir, `blob-${i}.bin`)}`, 'bs=1M', 'count=30', 'status=none']);
    }
    writeFileSync(join(dir, 'done'), '');
  }
  return dir;
}

/** shmDir is a scenario's spool on /dev/shm (a tmpfs): pages written there are shmem charged to the cgroup. */
function shmDir(s) {
  return `/dev/shm/leaksleuth-rec-${s.name}`;
}

function startProcess(s, port, cg, work, dataDir) {
  const args = ['-addr', `127.0.0.1:${port}`, '-onset', `${onsetMs / 1000}s`, '-workdir', work, ...(customArgs.get(s.name) ?? ((variant && s.variant) || s.args || []))];
  if (s.rtmetrics) args.push('-rtmetrics');
  if (s.backup) args.push('-backup-data', dataDir);
  if (s.shm) args.push('-spool', shmDir(s));
  const envs = [...(s.godebug ? [`GODEBUG=${s.godebug}`] : []), ...(s.env ?? [])];
  // enter the cgroup first, then exec: every child (tar) inherits it
  const sh = `echo $$ > ${cg}/cgroup.procs && exec env ${envs.join(' ')} ${join(scratch, 'bin', s.name)} "$@"`;
  const child = spawn('sh', ['-c', sh, 'sh', ...args], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  child.stderr.on('data', (d) => process.stderr.write(`[${s.name}] ${d}`));
  return child;
}

async function recordOne(s, index, goVersion, dataDir) {
  const port = 19100 + index;
  const instance = `127.0.0.1:${port}`;
  const job = 'svc-' + createHash('sha1').update(s.name).digest('hex').slice(0, 6);
  const cgName = `leaksleuth-rec-${s.name}`;
  const cg = join(cgRoot, cgName);
  const work = join(scratch, s.name);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  if (s.shm) {
    rmSync(shmDir(s), { recursive: true, force: true });
    mkdirSync(shmDir(s));
  }
  if (!existsSync(cg)) mkdirSync(cg);
  writeFileSync(join(cg, 'memory.limit_in_bytes'), String(s.limitMiB * 1024 * 1024));
  const target = { job, instance };
  const cgLabels = { id: `/${cgName}`, job, instance };
  const rec = new Recording();
  let child = startProcess(s, port, cg, work, dataDir);
  let exited = false;
  let restarts = 0;
  const onExit = () => { exited = true; };
  child.on('exit', onExit);
  const start = Date.now();
  const onset = start + onsetMs;
  while (Date.now() - start < durationMs) {
    const tick = Date.now();
    if (exited) {
      // like a container runtime, restart the service after it died (OOM kill or crash)
      restarts++;
      exited = false;
      child = startProcess(s, port, cg, work, dataDir);
      child.on('exit', onExit);
    }
    let up = 0;
    try {
      const res = await fetch(`http://${instance}/metrics`, { signal: AbortSignal.timeout(3000) });
      if (res.ok) {
        rec.addExposition(parseText(await res.text()), target, tick);
        up = 1;
      }
    } catch { up = 0; /* target not up yet: recorded as up=0 */ }
    rec.add('up', 'gauge', target, tick, up);
    for (const [name, type, extra, v] of readCgroupV1(cg)) rec.add(name, type, { ...cgLabels, ...extra }, tick, v);
    if (child.pid && !exited) for (const [name, v] of readProc(child.pid)) rec.add(name, 'gauge', target, tick, v);
    await sleep(Math.max(0, intervalMs - (Date.now() - tick)));
  }
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
  await sleep(500);
  try { rmdirSync(cg); } catch (e) { console.error(`[${s.name}] rmdir cgroup: ${e.message}`); }
  rmSync(work, { recursive: true, force: true });
  if (s.shm) rmSync(shmDir(s), { recursive: true, force: true });
  const dir = join(outDir, s.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'recording.om.gz'), gzipSync(rec.render(), { level: 9 }));
  const meta = {
    scenario: s.name,
    expected: s.expected,
    acceptable: s.acceptable ?? [],
    about: s.about,
    job,
    instance,
    cgroup: `/${cgName}`,
    start,
    onset,
    end: Date.now(),
    onsetSeconds: onsetMs / 1000,
    intervalSeconds: intervalMs / 1000,
    limitBytes: s.limitMiB * 1024 * 1024,
    goVersion,
    godebug: s.godebug ?? '',
    env: s.env ?? [],
    clientGolang: '1.14.0',
    cgroupVersion: 1,
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
    restarts,
    args: customArgs.get(s.name) ?? ((variant && s.variant) || s.args || []),
  };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
  console.log(`[${s.name}] done: ${rec.sampleCount()} samples, restarts=${restarts}`);
}

const goVersion = build();
const dataDir = backupData();
await Promise.all(chosen.map((s) => recordOne(s, SCENARIOS.indexOf(s), goVersion, dataDir)));
