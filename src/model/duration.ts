/**
 * duration: Prometheus duration syntax (prometheus/common model.ParseDuration): a sequence of
 * `<uint><unit>` with units strictly in the order y w d h m s ms, or a bare "0".
 */
import { DaemonError, ErrorCode } from '../core/errors.js';

const units: ReadonlyArray<readonly [string, number]> = [
  ['y', 365 * 24 * 3600_000],
  ['w', 7 * 24 * 3600_000],
  ['d', 24 * 3600_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

const re = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** parseDuration returns milliseconds, or throws CONFIG_INVALID with the Prometheus wording. */
export function parseDuration(s: string): number {
  if (s === '0') return 0;
  const m = s === '' ? null : re.exec(s);
  if (!m) throw new DaemonError(ErrorCode.CONFIG_INVALID, `not a valid duration string: "${s}"`);
  let total = 0;
  for (let i = 0; i < units.length; i++) {
    const g = m[i + 1];
    if (g !== undefined) total += Number(g) * units[i]![1];
  }
  if (!Number.isSafeInteger(total) || total > 290 * 365 * 24 * 3600_000) {
    throw new DaemonError(ErrorCode.CONFIG_INVALID, `duration out of range: "${s}"`);
  }
  return total;
}

/** formatDuration renders ms in the same syntax, largest units first (`1h30m`, `0s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const [u, size] of units) {
    if (rest >= size) {
      const n = Math.floor(rest / size);
      rest -= n * size;
      out += n + u;
    }
  }
  return out;
}
