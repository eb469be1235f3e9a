/**
 * persist: alert state survives restarts. The active alerts of every rule are written to
 * `<dataDir>/rules-state.json` atomically (temp file + fsync + rename) and put back on start.
 * Unlike Prometheus' ALERTS_FOR_STATE restore, a firing alert comes back firing whatever its `for`
 * (prometheus#15175) and the keep_firing_for clock is kept (prometheus#13957).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert, AlertState } from '../model/alert.js';
import { DaemonError, ErrorCode } from '../core/errors.js';
import { ruleKey, type RuleGroup } from './group.js';
import { labelsKey } from '../model/labels.js';

/** STATE_FILE is the file name of the saved alert state inside the data dir. */
export const STATE_FILE = 'rules-state.json';

/** SavedState is the on-disk format; `version` guards future changes. */
export interface SavedState {
  readonly version: 1;
  readonly savedAt: number;
  /** groups maps group key → rule key → the rule's alerts. */
  readonly groups: Record<string, Record<string, Alert[]>>;
}

/** snapshotState captures every rule's alerts at `at`. */
export function snapshotState(groups: readonly RuleGroup[], at: number): SavedState {
  const out: Record<string, Record<string, Alert[]>> = {};
  for (const g of groups) {
    const rules: Record<string, Alert[]> = {};
    for (const r of g.rules) if (r.active.size > 0) rules[ruleKey(r.def)] = [...r.active.values()];
    if (Object.keys(rules).length > 0) out[g.key] = rules;
  }
  return { version: 1, savedAt: at, groups: out };
}

/** saveState writes the snapshot atomically so a crash never leaves half a file. */
export function saveState(dataDir: string, state: SavedState): void {
  mkdirSync(dataDir, { recursive: true });
  const final = join(dataDir, STATE_FILE);
  const tmp = `${final}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, final);
}

const STATES: ReadonlySet<AlertState> = new Set(['inactive', 'pending', 'firing']);

function validAlert(a: unknown): a is Alert {
  if (typeof a !== 'object' || a === null) return false;
  const o = a as Record<string, unknown>;
  const num = (k: string): boolean => typeof o[k] === 'number';
  return (
    typeof o['labels'] === 'object' && o['labels'] !== null &&
    typeof o['annotations'] === 'object' && o['annotations'] !== null &&
    STATES.has(o['state'] as AlertState) &&
    ['activeAt', 'firedAt', 'resolvedAt', 'lastSentAt', 'keepFiringSince', 'validUntil'].every(num) &&
    (typeof o['value'] === 'number' || o['value'] === null)
  );
}

/** loadState reads the snapshot; a missing file is `undefined`, a corrupt one a STORE_SNAPSHOT error. */
export function loadState(dataDir: string): SavedState | undefined {
  const file = join(dataDir, STATE_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DaemonError(ErrorCode.STORE_SNAPSHOT, `cannot read alert state ${file}: ${(err as Error).message}`, { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new DaemonError(ErrorCode.STORE_SNAPSHOT, `alert state ${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const p = parsed as Partial<SavedState>;
  if (p?.version !== 1 || typeof p.savedAt !== 'number' || typeof p.groups !== 'object' || p.groups === null) {
    throw new DaemonError(ErrorCode.STORE_SNAPSHOT, `alert state ${file} has an unknown format`);
  }
  return p as SavedState;
}

/** RestoreOptions bound how stale a snapshot may be. */
export interface RestoreOptions {
  /** outageToleranceMs: older snapshots are ignored (Prometheus `for-outage-tolerance`, 1h). */
  readonly outageToleranceMs?: number;
}

/**
 * restoreState puts saved alerts back into matching rules (same group key and rule key) and
 * returns how many alerts were restored. `activeAt`, `firedAt` and `keepFiringSince` are kept as
 * saved, so `for` and keep_firing_for count the downtime as elapsed time.
 */
export function restoreState(groups: readonly RuleGroup[], state: SavedState, at: number, opts: RestoreOptions = {}): number {
  const tolerance = opts.outageToleranceMs ?? 3600_000;
  if (at - state.savedAt > tolerance) return 0;
  let n = 0;
  for (const g of groups) {
    const saved = state.groups[g.key];
    if (!saved) continue;
    for (const r of g.rules) {
      if (r.def.kind !== 'alerting') continue;
      const alerts = saved[ruleKey(r.def)];
      if (!Array.isArray(alerts)) continue;
      const m = new Map<string, Alert>();
      for (const a of alerts) {
        if (!validAlert(a)) continue;
        // JSON turns NaN values into null; an alert's value is informative only.
        m.set(labelsKey(a.labels), a.value === null ? { ...a, value: NaN } : a);
      }
      r.active = m;
      n += m.size;
    }
  }
  return n;
}
