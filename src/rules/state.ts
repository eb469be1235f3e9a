/**
 * state: the alert state machine as pure functions. `transition` applies one evaluation's results
 * to the previous alerts of a rule; `selectForSending` decides what goes to the notifier. Both
 * follow Prometheus' rules/alerting.go (Eval, needsSending, sendAlerts) so behaviour, including its
 * edge cases, matches what users already know.
 */
import type { Alert, AlertState } from '../model/alert.js';
import { DaemonError, ErrorCode } from '../core/errors.js';
import { labelsKey, type Labels } from '../model/labels.js';
import { RESOLVED_RETENTION_MS } from './types.js';

/** Candidate is one expression result after the rule's labels and annotations were applied. */
export interface Candidate {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly value: number;
}

/** StateRule is the part of an alerting rule the state machine needs. */
export interface StateRule {
  readonly name: string;
  readonly forMs: number;
  readonly keepFiringForMs: number;
  /** limit caps active alerts; 0 means none. */
  readonly limit: number;
}

/** TransitionEvent records one state change for the log, in vmalert's `PENDING => FIRING` style. */
export interface TransitionEvent {
  readonly key: string;
  readonly labels: Labels;
  readonly from: AlertState;
  /** to is `inactive` when resolved; `deleted` when the alert leaves memory. */
  readonly to: AlertState | 'deleted';
  readonly at: number;
  readonly reason: string;
}

/** TransitionResult is the next alert map, what changed, and an evaluation error if any. */
export interface TransitionResult {
  readonly next: Map<string, Alert>;
  readonly events: TransitionEvent[];
  /** error is set for duplicate label sets (next = prev) and limit overruns (next is empty). */
  readonly error?: DaemonError;
}

/** formatEvent renders an event as one log line: `PENDING => FIRING: reason`. */
export function formatEvent(e: TransitionEvent): string {
  return `${e.from.toUpperCase()} => ${e.to.toUpperCase()}: ${e.reason}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function secs(ms: number): string {
  return `${ms / 1000}s`;
}

/**
 * transition computes the alerts of one rule after an evaluation at `at` that returned `results`.
 * It never mutates `prev`; alerts that did not change are carried over as the same objects.
 */
export function transition(
  prev: ReadonlyMap<string, Alert>,
  results: readonly Candidate[],
  rule: StateRule,
  at: number,
): TransitionResult {
  const events: TransitionEvent[] = [];
  const fresh = new Map<string, Candidate>();
  for (const c of results) {
    const key = labelsKey(c.labels);
    if (fresh.has(key)) {
      // Two results collapsing onto one identity would make `for` timers meaningless, so the whole
      // evaluation fails (Prometheus ErrDuplicateAlertLabelSet).
      const err = new DaemonError(
        ErrorCode.PROMQL_EVAL,
        'vector contains metrics with the same labelset after applying alert labels',
      );
      return { next: new Map(prev), events, error: err };
    }
    fresh.set(key, c);
  }

  const next = new Map<string, Alert>(prev);
  for (const [key, c] of fresh) {
    const old = next.get(key);
    if (old && old.state !== 'inactive') {
      // Still active: value and annotations follow the latest evaluation; timers do not move.
      next.set(key, { ...old, value: c.value, annotations: c.annotations });
      continue;
    }
    next.set(key, {
      labels: c.labels,
      annotations: c.annotations,
      state: 'pending',
      value: c.value,
      activeAt: at,
      firedAt: 0,
      resolvedAt: 0,
      lastSentAt: 0,
      keepFiringSince: 0,
      validUntil: 0,
    });
    events.push({ key, labels: c.labels, from: 'inactive', to: 'pending', at, reason: 'expression returned the series' });
  }

  let activeCount = 0;
  for (const [key, a0] of next) {
    let a = a0;
    if (!fresh.has(key)) {
      let keepFiring = false;
      if (a.state === 'firing' && rule.keepFiringForMs > 0) {
        if (a.keepFiringSince === 0) a = { ...a, keepFiringSince: at };
        if (at - a.keepFiringSince < rule.keepFiringForMs) keepFiring = true;
      }
      if (a.state === 'pending' || (a.resolvedAt !== 0 && at - a.resolvedAt > RESOLVED_RETENTION_MS)) {
        next.delete(key);
        const why = a.state === 'pending' ? 'pending alert no longer returned' : 'resolved retention (15m) ended';
        events.push({ key, labels: a.labels, from: a.state, to: 'deleted', at, reason: why });
        continue;
      }
      if (a.state !== 'inactive' && !keepFiring) {
        const held = a.keepFiringSince !== 0 ? ` after keep_firing_for ${secs(rule.keepFiringForMs)}` : '';
        events.push({ key, labels: a.labels, from: a.state, to: 'inactive', at, reason: `expression stopped returning the series${held}` });
        a = { ...a, state: 'inactive', resolvedAt: at };
      }
      if (a !== a0) next.set(key, a);
      if (!keepFiring) continue;
    } else if (a.keepFiringSince !== 0) {
      a = { ...a, keepFiringSince: 0 };
      next.set(key, a);
    }
    activeCount++;
    if (a.state === 'pending' && at - a.activeAt >= rule.forMs) {
      events.push({
        key,
        labels: a.labels,
        from: 'pending',
        to: 'firing',
        at,
        reason: `${secs(at - a.activeAt)} since becoming active at ${iso(a.activeAt)}`,
      });
      next.set(key, { ...a, state: 'firing', firedAt: at });
    }
  }

  if (rule.limit > 0 && activeCount > rule.limit) {
    const err = new DaemonError(ErrorCode.PROMQL_EVAL, `exceeded limit of ${rule.limit} with ${activeCount} alerts`);
    return { next: new Map(), events, error: err };
  }
  return { next, events };
}

/** SendOptions are the timing knobs of sending: group interval and resend delay (ms). */
export interface SendOptions {
  readonly intervalMs: number;
  readonly resendDelayMs: number;
}

/**
 * needsSending mirrors Prometheus: pending is never sent; a resolution not yet sent is; otherwise
 * an alert is re-sent once the resend delay has strictly passed since the last send.
 */
export function needsSending(a: Alert, at: number, resendDelayMs: number): boolean {
  if (a.state === 'pending') return false;
  if (a.resolvedAt > a.lastSentAt) return true;
  // lastSentAt 0 stands for Go's zero time: never sent, so due now.
  if (a.lastSentAt === 0) return true;
  return a.lastSentAt + resendDelayMs < at;
}

/**
 * selectForSending stamps `lastSentAt` and `validUntil` on every alert due for sending and returns
 * them with the updated map. `validUntil` = at + 4 × max(interval, resendDelay), which lets the
 * receiver survive two missed evaluations or sends before it times the alert out.
 */
export function selectForSending(
  active: ReadonlyMap<string, Alert>,
  at: number,
  opts: SendOptions,
): { next: Map<string, Alert>; sent: Alert[] } {
  const next = new Map(active);
  const sent: Alert[] = [];
  const delta = Math.max(opts.intervalMs, opts.resendDelayMs);
  for (const [key, a] of active) {
    if (!needsSending(a, at, opts.resendDelayMs)) continue;
    const upd: Alert = { ...a, lastSentAt: at, validUntil: at + 4 * delta };
    next.set(key, upd);
    sent.push(upd);
  }
  return { next, sent };
}

/** AlertSeriesSample is one synthetic sample of ALERTS or ALERTS_FOR_STATE. */
export interface AlertSeriesSample {
  readonly labels: Labels;
  readonly v: number;
}

/**
 * alertSeries renders the `ALERTS` (value 1, with `alertstate`) and `ALERTS_FOR_STATE` (value =
 * activeAt in Unix seconds) samples for every pending or firing alert.
 */
export function alertSeries(active: ReadonlyMap<string, Alert>): AlertSeriesSample[] {
  const out: AlertSeriesSample[] = [];
  for (const a of active.values()) {
    if (a.state === 'inactive') continue;
    out.push({ labels: { ...a.labels, __name__: 'ALERTS', alertstate: a.state }, v: 1 });
    out.push({ labels: { ...a.labels, __name__: 'ALERTS_FOR_STATE' }, v: Math.floor(a.activeAt / 1000) });
  }
  return out;
}

/** ruleState summarises a rule for the API: firing beats pending beats inactive. */
export function ruleState(active: ReadonlyMap<string, Alert>): AlertState {
  let s: AlertState = 'inactive';
  for (const a of active.values()) {
    if (a.state === 'firing') return 'firing';
    if (a.state === 'pending') s = 'pending';
  }
  return s;
}
