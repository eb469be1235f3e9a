/**
 * fake: test doubles for the cgroup source (an in-memory CgroupIo) and fixture helpers. Excluded
 * from the build; other stages' tests may import it too.
 */
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { DaemonError } from '../../core/errors.js';
import type { CgroupIo } from './io.js';

/** FIXTURES is the absolute path of test/fixtures/cgroup. */
export const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/cgroup', import.meta.url));

/** fixture reads a fixture file under test/fixtures/cgroup. */
export function fixture(rel: string): string {
  return readFileSync(`${FIXTURES}/${rel}`, 'utf8');
}

/** expectDaemonError runs fn and returns the DaemonError it throws, checking its code. */
export function expectDaemonError(fn: () => unknown, code: string): DaemonError {
  try {
    fn();
  } catch (err) {
    expect(DaemonError.is(err)).toBe(true);
    const e = err as DaemonError;
    expect(e.code).toBe(code);
    return e;
  }
  throw new Error(`expected a DaemonError ${code}, nothing was thrown`);
}

/** rejectsDaemonError awaits p and returns the DaemonError it rejects with, checking its code. */
export async function rejectsDaemonError(p: Promise<unknown>, code: string): Promise<DaemonError> {
  try {
    await p;
  } catch (err) {
    expect(DaemonError.is(err)).toBe(true);
    const e = err as DaemonError;
    expect(e.code).toBe(code);
    return e;
  }
  throw new Error(`expected a DaemonError ${code}, the promise resolved`);
}

/** memoryCgroupIo builds a CgroupIo over an in-memory map of path → text, for tests and replays. */
export function memoryCgroupIo(files: Readonly<Record<string, string>>): CgroupIo {
  const paths = Object.keys(files);
  return {
    readFile: (path) => Promise.resolve(files[path]),
    listDirs: (path) => {
      const prefix = path.endsWith('/') ? path : path + '/';
      const names = new Set<string>();
      let exists = false;
      for (const p of paths) {
        if (!p.startsWith(prefix)) continue;
        exists = true;
        const rest = p.slice(prefix.length);
        const slash = rest.indexOf('/');
        if (slash > 0) names.add(rest.slice(0, slash));
      }
      return Promise.resolve(exists ? [...names].sort() : undefined);
    },
  };
}
