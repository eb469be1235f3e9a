/**
 * cli: runs the compiled CLI (`node bin/leaksleuth.js …`) as a user would and collects its output.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** CliRun is one finished CLI invocation. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** cli runs `leaksleuth …args` and resolves when it exits; it is killed and rejects after `timeoutMs`. */
export function cli(args: string[], timeoutMs = 120_000): Promise<CliRun> {
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, [resolve('bin/leaksleuth.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const t = setTimeout(() => {
      p.kill('SIGKILL');
      rej(new Error(`leaksleuth ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, timeoutMs);
    p.on('exit', (code) => {
      clearTimeout(t);
      res({ code, stdout, stderr });
    });
  });
}
