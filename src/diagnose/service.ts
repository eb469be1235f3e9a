/**
 * service: the diagnosis as the daemon runs it. Every cycle it diagnoses each target and appends
 * the verdict series rules fire on; when alerts are sent it joins the target's current diagnosis to
 * them. The verdict an alert instance was first sent with sticks as its `diagnosis` label for its
 * whole life (firing and resolved re-sends), because the label is part of its identity and routing
 * downstream; the annotations and the diagnosis object always carry the current diagnosis. A first
 * send whose diagnosis has no verdict yet is held up to `waitMs` (diagnosis.diagnosis_wait).
 */
import type { Alert } from '../model/alert.js';
import { VERDICTS, type Diagnosis, type Verdict } from '../model/finding.js';
import { labelsKey } from '../model/labels.js';
import type { SeriesStore } from '../store/store.js';
import { attachDiagnosis, diagnosisKey } from './attach.js';
import { diagnoseTarget } from './diagnose.js';
import { diagnosisSeries, seriesByKey, vanishedSeries } from './series.js';
import { STALE_NAN } from '../model/sample.js';
import type { Labels } from '../model/labels.js';
import { holdFirstSend, waitDeadline } from './wait.js';
import type { TargetLabels } from './window.js';

/** ServiceOptions are read on every call so a reload takes effect at once. */
export interface ServiceOptions {
  readonly windowMs: number;
  readonly minSpanMs: number;
  /** waitMs bounds how long a first send waits for a verdict (diagnosis_wait); 0 or absent: never. */
  readonly waitMs?: number;
}

/** AttachRequest says whether and how a rule's alerts want a diagnosis. */
export interface AttachRequest {
  /** diagnose is the rule's `diagnose:` extension (undefined when absent). */
  readonly diagnose?: { readonly windowMs?: number };
}

const STICKY_TTL_MS = 30 * 60_000;
const verdictSet = new Set<string>(VERDICTS);

/** Sent is what an alert instance was last handed on with: its routing verdict and that diagnosis. */
interface Sent {
  readonly verdict: Verdict;
  d: Diagnosis;
  seen: number;
}

/** Held is a first send waiting for a verdict, with what the rule asked for. */
interface Held {
  alert: Alert;
  readonly req: AttachRequest;
}

/** DiagnosisService keeps the latest diagnoses, the verdicts alerts were sent with, and held first sends. */
export class DiagnosisService {
  private readonly latestByTarget = new Map<string, Diagnosis>();
  private readonly sticky = new Map<string, Sent>();
  private readonly held = new Map<string, Held>();
  /** written holds each target's synthetic series of the last cycle, to end the ones that vanish. */
  private readonly written = new Map<string, Map<string, Labels>>();

  constructor(
    private readonly store: SeriesStore,
    private readonly options: () => ServiceOptions,
    /** enrich adds what the series cannot say (pprof's "where", the instance's URL in the advice). */
    private readonly enrich: (d: Diagnosis, target: TargetLabels) => Diagnosis = (d) => d,
  ) {}

  /** latest lists the most recent diagnosis of every target seen in the last cycle. */
  latest(): Diagnosis[] {
    return [...this.latestByTarget.values()];
  }

  /**
   * runCycle diagnoses each target at `at` and appends the synthetic verdict series, with a
   * staleness marker for every series of the last cycle that this one does not write (a verdict
   * that changed, a projection that ended, a target that is gone). A target whose diagnosis throws
   * is reported through `onError` and skipped (its series are left to age out); the others still run.
   */
  runCycle(targets: readonly TargetLabels[], at: number, onError: (target: string, err: unknown) => void = () => {}): void {
    const o = this.options();
    const seen = new Set<string>();
    for (const t of targets) {
      const key = `${t.job}/${t.instance}`;
      if (seen.has(key)) continue;
      seen.add(key);
      try {
        const d = diagnoseTarget(this.store, t, at, { windowMs: o.windowMs, minSpanMs: o.minSpanMs });
        this.latestByTarget.set(key, this.enrich(d, t));
        const samples = diagnosisSeries(d, { job: t.job, instance: t.instance }, at);
        for (const s of samples) this.store.append(s.labels, at, s.value);
        for (const l of vanishedSeries(this.written.get(key) ?? new Map(), samples)) this.store.append(l, at, STALE_NAN);
        this.written.set(key, seriesByKey(samples));
      } catch (err) {
        onError(key, err);
      }
    }
    for (const k of this.latestByTarget.keys()) if (!seen.has(k)) this.latestByTarget.delete(k);
    for (const [k, prev] of this.written) {
      if (seen.has(k)) continue;
      for (const l of prev.values()) this.store.append(l, at, STALE_NAN);
      this.written.delete(k);
    }
  }

  /**
   * sentWith returns the alert as it was last handed on, with the diagnosis that rode on it, for
   * the alerts API and the status page; an alert that never carried one comes back unchanged.
   * It never diagnoses anew: the page must show what the on-call engineer was told.
   */
  sentWith(alert: Alert): Alert {
    const entry = this.sticky.get(diagnosisKey(alert, labelsKey));
    return entry ? attachDiagnosis(alert, entry.d, entry.verdict) : alert;
  }

  /**
   * attach joins diagnoses to alerts that want one: alerts of rules with `diagnose:`, and alerts
   * that fire on the diagnosis series themselves (they carry a `verdict` label), so the shipped
   * rule pack stays a plain Prometheus rule file and its alerts still arrive explained. It returns
   * the alerts to send now; a first send held for diagnosis_wait is left out and comes back from
   * `release` once a verdict exists or its wait is over.
   */
  attach(alerts: readonly Alert[], req: AttachRequest, at: number): Alert[] {
    const waitMs = this.options().waitMs ?? 0;
    const memo = new Map<string, Diagnosis>();
    const out: Alert[] = [];
    for (const a of alerts) {
      const r = this.explain(a, req, at, waitMs, memo);
      if (r) out.push(r);
    }
    this.prune(at);
    return out;
  }

  /**
   * release re-diagnoses the held first sends at `at` (call it after a diagnosis cycle, and at
   * `nextDeadline`) and returns those that may go now: a verdict exists, or their wait is over.
   */
  release(at: number): Alert[] {
    const waitMs = this.options().waitMs ?? 0;
    const memo = new Map<string, Diagnosis>();
    const out: Alert[] = [];
    for (const h of [...this.held.values()]) {
      const r = this.explain(h.alert, h.req, at, waitMs, memo);
      if (r) out.push(r);
    }
    return out;
  }

  /** nextDeadline is when the earliest held first send must go out regardless (undefined: none held). */
  nextDeadline(): number | undefined {
    const waitMs = this.options().waitMs ?? 0;
    let next: number | undefined;
    for (const h of this.held.values()) {
      const d = waitDeadline(h.alert, waitMs);
      if (next === undefined || d < next) next = d;
    }
    return next;
  }

  /** heldCount is the number of first sends waiting for a verdict. */
  get heldCount(): number {
    return this.held.size;
  }

  /** explain attaches the current diagnosis to one alert, or holds its first send (undefined). */
  private explain(a: Alert, req: AttachRequest, at: number, waitMs: number, memo: Map<string, Diagnosis>): Alert | undefined {
    const job = a.labels['job'];
    const instance = a.labels['instance'];
    const ruleVerdict = a.labels['verdict'] ?? '';
    const onVerdict = verdictSet.has(ruleVerdict);
    if (!job || !instance || (!req.diagnose && !onVerdict)) return a;
    const key = diagnosisKey(a, labelsKey);
    const windowMs = req.diagnose?.windowMs ?? this.options().windowMs;
    const memoKey = `${job}\u0000${instance}\u0000${windowMs}`;
    let d = memo.get(memoKey);
    if (!d) {
      d = this.enrich(diagnoseTarget(this.store, { job, instance }, at, { windowMs, minSpanMs: this.options().minSpanMs }), { job, instance });
      memo.set(memoKey, d);
    }
    if (onVerdict) d = focus(d, ruleVerdict as Verdict);
    const entry = this.sticky.get(key);
    if (entry) {
      this.held.delete(key);
      entry.d = d;
      entry.seen = at;
      return attachDiagnosis(a, d, entry.verdict);
    }
    if (holdFirstSend(a, d, at, waitMs)) {
      this.held.set(key, { alert: a, req });
      return undefined;
    }
    this.held.delete(key);
    this.sticky.set(key, { verdict: d.verdict, d, seen: at });
    return attachDiagnosis(a, d);
  }

  /** prune forgets sticky verdicts of alerts not sent for a while, and held sends the rules stopped sending. */
  private prune(at: number): void {
    for (const [k, e] of this.sticky) if (at - e.seen > STICKY_TTL_MS) this.sticky.delete(k);
    for (const [k, h] of this.held) if (at - h.alert.lastSentAt > STICKY_TTL_MS) this.held.delete(k);
  }
}

/**
 * focus makes the alert's own verdict the primary one when the rule fired on that verdict's
 * series, so the message explains what the rule saw even if another finding ranks higher now.
 */
function focus(d: Diagnosis, verdict: Verdict): Diagnosis {
  const f = d.findings.find((x) => x.verdict === verdict);
  if (!f || d.verdict === verdict) return d;
  return { ...d, verdict, confidence: f.confidence, findings: [f, ...d.findings.filter((x) => x !== f)] };
}
