/**
 * alert: an alert instance as the rules engine produces it and notify consumes it, shaped after
 * Prometheus' rules.Alert and the Alertmanager API.
 */
import type { Labels } from './labels.js';
import type { Diagnosis } from './finding.js';

/** AlertState follows Prometheus: pending until `for` elapses, then firing; inactive once resolved. */
export type AlertState = 'inactive' | 'pending' | 'firing';

/** Alert is one alert instance, identified by its label set. */
export interface Alert {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly state: AlertState;
  readonly value: number;
  /** activeAt is when the expression first returned this label set (ms). */
  readonly activeAt: number;
  /** firedAt is when the alert turned firing (ms); 0 if it never did. */
  readonly firedAt: number;
  /** resolvedAt is when it stopped firing (ms); 0 while active. */
  readonly resolvedAt: number;
  /** lastSentAt is when it was last handed to the notifier (ms). */
  readonly lastSentAt: number;
  /** keepFiringSince is when the expression stopped returning it while keep_firing_for held it. */
  readonly keepFiringSince: number;
  /** validUntil is the endsAt sent to Alertmanager-style receivers (ms). */
  readonly validUntil: number;
  readonly generatorURL?: string;
  /** diagnosis rides on the alert when the rule asked for one. */
  readonly diagnosis?: Diagnosis;
}
