/**
 * wait: `diagnosis.diagnosis_wait`, the bounded delay of an alert's first notification while its
 * target's diagnosis has no verdict yet (`insufficient_data` or `healthy`). Like Alertmanager's group_wait it trades a short,
 * fixed delay for a better first message: an alert that fires minutes after a target appeared would
 * otherwise go out as "insufficient_data" and keep that verdict as its routing label for its whole life.
 * Pure: time is an argument.
 */
import type { Alert } from '../model/alert.js';
import type { Diagnosis } from '../model/finding.js';

/** waitStart is when an alert's wait began: when it turned firing (activeAt if it never was pending). */
export function waitStart(a: Alert): number {
  return a.firedAt || a.activeAt;
}

/** waitDeadline is the last moment a first send of `a` may be held. */
export function waitDeadline(a: Alert, waitMs: number): number {
  return waitStart(a) + waitMs;
}

/**
 * holdFirstSend says whether the first notification of `a` should wait for a better diagnosis:
 * only a firing alert, only while the diagnosis has no verdict that explains memory yet
 * (`insufficient_data`, or `healthy`: a memory alert firing on a target whose diagnosis sees nothing
 * usually means the trend is not significant yet, a cycle or two later it is), and only until the deadline. A
 * resolved alert is never held (its end is news either way), and an alert restored after a restart
 * with an old firedAt is past its deadline, so a restart never delays what was already due.
 */
export function holdFirstSend(a: Alert, d: Diagnosis, at: number, waitMs: number): boolean {
  if (waitMs <= 0 || a.state !== 'firing') return false;
  if (d.verdict !== 'insufficient_data' && d.verdict !== 'healthy') return false;
  return at < waitDeadline(a, waitMs);
}
