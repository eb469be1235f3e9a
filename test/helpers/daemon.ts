/**
 * daemon: starts the real `leaksleuth run` as a child process (the compiled bin, as a user would)
 * and waits until it logs its listen address.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** RunningDaemon is a started daemon process. */
export interface RunningDaemon {
  readonly proc: ChildProcess;
  readonly url: string;
  readonly logs: string[];
  /** exited resolves with the exit code once the process ends. */
  readonly exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * startDaemon runs `node bin/leaksleuth.js run …args` and resolves when it listens. With
 * `cgroupProcs` (a cgroup's `cgroup.procs` file) the process joins that cgroup before node starts,
 * so the daemon sees its cgroup from its first instruction.
 */
export async function startDaemon(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000, cgroupProcs?: string): Promise<RunningDaemon> {
  const bin = resolve('bin/leaksleuth.js');
  const argv = [bin, 'run', '--listen', '127.0.0.1:0', ...args];
  const [cmd, cmdArgs] = cgroupProcs
    ? ['/bin/sh', ['-c', 'echo $$ > "$0" && exec "$@"', cgroupProcs, process.execPath, ...argv]]
    : [process.execPath, argv];
  const proc = spawn(cmd, cmdArgs, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  const url = await waitListening(proc, logs, timeoutMs);
  return { proc, url, logs, exited, kill: (s = 'SIGTERM') => proc.kill(s) };
}

/** waitFor polls `fn` until it returns a truthy value or the deadline passes. */
export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? ': ' + String(last) : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * waitListening collects a process' log lines (stdout and stderr) into `logs` and resolves with the
 * daemon's URL once it logs `listening`; it rejects if the process exits first or `timeoutMs` passes.
 * Lines that are not JSON (npm's own, a crash trace) stay in `logs` for the failure message.
 */
export function waitListening(proc: ChildProcess, logs: string[], timeoutMs = 30_000): Promise<string> {
  return new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error('daemon did not start:\n' + logs.join('\n'))), timeoutMs);
    let buf = '';
    const onData = (d: Buffer): void => {
      buf += d.toString('utf8');
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        logs.push(line);
        try {
          const rec = JSON.parse(line) as { msg?: string; address?: string };
          if (rec.msg === 'listening' && rec.address) {
            clearTimeout(timer);
            resolveUrl('http://' + rec.address);
          }
        } catch {
          // not a JSON log line
        }
      }
    };
    proc.stderr!.on('data', onData);
    proc.stdout!.on('data', onData);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`daemon exited with ${code} before listening:\n` + logs.join('\n')));
    });
  });
}
