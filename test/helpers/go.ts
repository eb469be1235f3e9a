/**
 * go: builds the repository's Go test programs with Debian's Go and client_golang in GOPATH mode.
 * With CI=true a missing toolchain is an error, never a skip.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** buildGo compiles the Go main package in `dir` (repo-relative) and returns the binary path. */
export async function buildGo(dir: string): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'leaksleuth-go-')), 'bin');
  const src = resolve(dir);
  await run('go', ['build', '-o', out, '.'], {
    cwd: src,
    env: { ...process.env, GOPATH: '/usr/share/gocode', GO111MODULE: 'off', GOFLAGS: '-mod=mod', GOCACHE: join(tmpdir(), 'leaksleuth-gocache') },
  }).catch((err: unknown) => {
    throw new Error(`go build ${dir} failed (install golang-go and golang-github-prometheus-client-golang-dev): ${String(err)}`);
  });
  return out;
}
