/**
 * service: the diagnosis as the daemon runs it. Every cycle it diagnoses each target and appends
 * the verdict series rules fire on; when alerts are sent it joins the target's diagnosis to them.
 * A verdict sticks to an alert instance for its whole life (firing and resolved re-sends), so the
 * `diagnosis` label, which is part of the alert's identity downstream, never changes under it.
 */
import type { Alert } from '../model/alert.js';
import { VERDICTS, type Diagnosis, type Verdict } from '../model/finding.js';
import { labelsKey } from '../model/labels.js';
import type { SeriesStore } from '../store/store.js';
import { attachDiagnosis, diagnosisKey } from './attach.js';
import { diagnoseTarget } from './diagnose.js';
import { diagnosisSeries } from './series.js';
import type { TargetLabels } from './window.js';

/** ServiceOptions are read on every call so a reload takes effect at once. */
export interface ServiceOptions {
  readonly windowMs: number;
  readonly minSpanMs: number;
}

/** AttachRequest says whether and how a rule's alerts want a diagnosis. */
export interface AttachRequest {
  /** diagnose is the rule's `diagnose:` extension (undefined when absent). */
  readonly diagnose?: { readonly windowMs?: number };
}

const STICKY_TTL_MS = 30 * 60_000;
const verdictSet = new Set<string>(VERDICTS);

/** DiagnosisService keeps the latest diagnoses and the verdicts alerts fired with. */
export class DiagnosisService {
  private readonly latestByTarget = new Map<string, Diagnosis>();
  private readonly sticky = new Map<string, { d: Diagnosis; seen: number }>();

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
   * runCycle diagnoses each target at `at` and appends the synthetic verdict series. A target
   * whose diagnosis throws is reported through `onError` and skipped; the others still run.
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
        for (const s of diagnosisSeries(d, { job: t.job, instance: t.instance }, at)) this.store.append(s.labels, at, s.value);
      } catch (err) {
        onError(key, err);
      }
    }
    for (const k of this.latestByTarget.keys()) if (!seen.has(k)) this.latestByTarget.delete(k);
  }

  /**
   * sentWith returns the alert as it was last handed on, with the diagnosis that rode on it, for
   * the alerts API and the status page; an alert that never carried one comes back unchanged.
   * It never diagnoses anew: the page must show what the on-call engineer was told.
   */
  sentWith(alert: Alert): Alert {
    const entry = this.sticky.get(diagnosisKey(alert, labelsKey));
    return entry ? attachDiagnosis(alert, entry.d) : alert;
  }

  /**
   * attach joins diagnoses to alerts that want one: alerts of rules with `diagnose:`, and alerts
   * that fire on the diagnosis series themselves (they carry a `verdict` label), so the shipped
   * rule pack stays a plain Prometheus rule file and its alerts still arrive explained.
   */
  attach(alerts: readonly Alert[], req: AttachRequest, at: number): Alert[] {
    const o = this.options();
    const out = alerts.map((a) => {
      const job = a.labels['job'];
      const instance = a.labels['instance'];
      const onVerdict = verdictSet.has(a.labels['verdict'] ?? '');
      if (!job || !instance || (!req.diagnose && !onVerdict)) return a;
      const key = diagnosisKey(a, labelsKey);
      let entry = this.sticky.get(key);
      if (!entry) {
        const d = this.enrich(diagnoseTarget(this.store, { job, instance }, at, { windowMs: req.diagnose?.windowMs ?? o.windowMs, minSpanMs: o.minSpanMs }), { job, instance });
        entry = { d: onVerdict ? focus(d, a.labels['verdict'] as Verdict) : d, seen: at };
        this.sticky.set(key, entry);
      }
      entry.seen = at;
      return attachDiagnosis(a, entry.d);
    });
    for (const [k, e] of this.sticky) if (at - e.seen > STICKY_TTL_MS) this.sticky.delete(k);
    return out;
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
