/**
 * test-helpers: shared bits for this folder's tests (fixture paths, asserting a DaemonError).
 */
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { DaemonError } from '../../core/errors.js';

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
