/**
 * types: the engine's public result shapes and options, plus the per-step values that flow between
 * evaluation nodes. Per-step values stay small: a vector is an array of {labels, t, v}, a range
 * vector is a set of windows into arrays that already exist (no copying of samples).
 */
import type { Labels } from '../../model/labels.js';

/** QueryValue is the result of an instant query, shaped like Prometheus' API result types. */
export type QueryValue =
  | { type: 'vector'; samples: Array<{ labels: Labels; t: number; v: number }> }
  | { type: 'scalar'; t: number; v: number }
  | { type: 'matrix'; series: Array<{ labels: Labels; t: number[]; v: number[] }> }
  | { type: 'string'; t: number; v: string };

/** Matrix is the result of a range query: one entry per output series. */
export type Matrix = Array<{ labels: Labels; t: number[]; v: number[] }>;

/** EngineOptions are the limits and knobs of one evaluation (Prometheus `EngineOpts`). */
export interface EngineOptions {
  /** lookbackDeltaMs is how far back an instant selector looks for a sample (default 5m). */
  lookbackDeltaMs?: number;
  /** maxSamples caps samples held at once by one query (default 50e6). */
  maxSamples?: number;
  /** timeoutMs aborts evaluation after this much wall time. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** subqueryStepMs is the step of subqueries written without one (Prometheus' global evaluation_interval, default 1m). */
  subqueryStepMs?: number;
  /**
   * seriesRank gives a series' creation rank where the caller knows it. Prometheus' engine takes
   * series in storage order, which for the in-memory head is creation order (blocks: label order),
   * and that order decides the last bits of avg/stddev and topk ties. promtool's rule tests run
   * on a head, so the test runner ranks series by input_series order. Unranked series (and every
   * series without this option) follow label order.
   */
  seriesRank?: (labels: Labels) => number | undefined;
}

/** VecSample is one element of an instant vector during evaluation; `t` is the source sample's time. */
export interface VecSample {
  labels: Labels;
  t: number;
  v: number;
}

/** Window is one series' samples inside a range-vector window: indexes [lo, hi) of t/v. */
export interface Window {
  readonly labels: Labels;
  readonly t: ArrayLike<number>;
  readonly v: ArrayLike<number>;
  readonly lo: number;
  readonly hi: number;
}

/** StepValue is what a node yields at one evaluation time. */
export type StepValue =
  | { kind: 'vector'; samples: VecSample[] }
  | { kind: 'scalar'; v: number }
  | { kind: 'string'; s: string }
  | { kind: 'matrix'; windows: Window[]; rangeStart: number; rangeEnd: number; rangeMs: number };
