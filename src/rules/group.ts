/**
 * group: one rule group — evaluates its rules in order at a logical timestamp (so a recording
 * rule's output is visible to later rules in the same cycle), applies the alert state machine,
 * writes ALERTS/recorded series with staleness markers, hands due alerts to the notifier, and runs
 * the interval loop on an injected Clock, counting missed iterations like Prometheus' Group.run.
 */
import type { Alert } from '../model/alert.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import { nopLogger, type Logger } from '../core/log.js';
import { labelsKey, type Labels } from '../model/labels.js';
import { STALE_NAN } from '../model/sample.js';
import type { Appender } from '../store/store.js';
import { buildCandidates, generatorURL } from './alerting.js';
import type { RuleMetrics } from './metrics.js';
import { recordingOutput } from './recording.js';
import { alertSeries, formatEvent, selectForSending, transition } from './state.js';
import { DEFAULT_RESEND_DELAY_MS, type GroupDef, type NotifyFn, type QueryFn, type RuleDef, type RuleHealth, type TemplateFn, type VectorSample } from './types.js';

/** GroupOptions are the collaborators a group receives; it builds none of them. */
export interface GroupOptions {
  readonly query: QueryFn;
  readonly appender?: Appender;
  readonly notify?: NotifyFn;
  readonly expand?: TemplateFn;
  readonly externalLabels?: Labels;
  readonly externalURL?: string;
  readonly resendDelayMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly metrics?: RuleMetrics;
  /** perfNow measures evaluation durations; defaults to performance.now. */
  readonly perfNow?: () => number;
  /**
   * onStateChange hears that an alerting rule's alerts changed (state, timers, last send), before
   * the change is handed to the notifier, so the manager can save it and a kill -9 right after a
   * page does not bring the alert back pending with a new startsAt.
   */
  readonly onStateChange?: () => void;
}

/** stateSignature is what a restart must not lose of a rule's alerts; equal signatures need no save. */
function stateSignature(active: ReadonlyMap<string, Alert>): string {
  let s = '';
  for (const [k, a] of active) s += `${k}\u0000${a.state}|${a.activeAt}|${a.firedAt}|${a.resolvedAt}|${a.lastSentAt}|${a.keepFiringSince}\u0001`;
  return s;
}

/** RuleRuntime is a rule plus everything the engine learned evaluating it. */
export interface RuleRuntime {
  readonly def: RuleDef;
  /** active holds the alerts of an alerting rule keyed by labelsKey (empty for recording rules). */
  active: Map<string, Alert>;
  health: RuleHealth;
  lastError: string;
  /** lastEvaluation is the logical timestamp of the last evaluation (ms), 0 before the first. */
  lastEvaluation: number;
  /** evaluationTimeMs is how long the last evaluation took. */
  evaluationTimeMs: number;
  /** written is the series keys written last cycle, to mark vanished ones stale. */
  written: Map<string, Labels>;
}

/** ruleKey identifies a rule across reloads: same name, expression and labels keep their state. */
export function ruleKey(def: RuleDef): string {
  return JSON.stringify([def.kind, def.name, def.expr, labelsKey(def.labels)]);
}

/** groupKey identifies a group across reloads, as Prometheus' `file;name`. */
export function groupKey(g: Pick<GroupDef, 'file' | 'name'>): string {
  return `${g.file};${g.name}`;
}

/** fnv1a64 hashes a string; the group's evaluation offset inside its interval derives from it. */
function fnv1a64(s: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

/**
 * evalTimestamp aligns `now` to the group's slot: every interval boundary shifted by a per-group
 * offset (hash of the group key), so groups spread out and restarts keep the same phase.
 */
export function evalTimestamp(g: Pick<GroupDef, 'file' | 'name' | 'intervalMs'>, now: number): number {
  const interval = BigInt(g.intervalMs);
  if (interval <= 0n) return now;
  const offset = Number(fnv1a64(groupKey(g)) % interval);
  const adj = now - offset;
  return adj - (((adj % g.intervalMs) + g.intervalMs) % g.intervalMs) + offset;
}

/** RuleGroup evaluates one group and owns its rules' runtime state. */
export class RuleGroup {
  readonly def: GroupDef;
  readonly rules: RuleRuntime[];
  lastEvaluation = 0;
  evaluationTimeMs = 0;
  private readonly opts: GroupOptions;
  private readonly log: Logger;
  private timer: TimerHandle | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private lastTs = 0;

  constructor(def: GroupDef, opts: GroupOptions) {
    this.def = def;
    this.opts = opts;
    this.log = (opts.logger ?? nopLogger).child({ component: 'rules', group: def.name, file: def.file });
    this.rules = def.rules.map((r) => ({
      def: r,
      active: new Map(),
      health: 'unknown',
      lastError: '',
      lastEvaluation: 0,
      evaluationTimeMs: 0,
      written: new Map(),
    }));
  }

  /** key is the group's identity across reloads. */
  get key(): string {
    return groupKey(this.def);
  }

  /** evaluate runs every rule once at logical time `ts`; a failing rule never stops the others. */
  async evaluate(ts: number): Promise<void> {
    const now = this.opts.perfNow ?? (() => performance.now());
    const started = now();
    const m = this.opts.metrics;
    const gl = { rule_group: this.key };
    const queryTs = ts - this.def.queryOffsetMs;
    for (const rr of this.rules) {
      const t0 = now();
      m?.evals.inc(gl);
      try {
        const samples = await this.opts.query(rr.def.expr, queryTs);
        if (rr.def.kind === 'recording') {
          this.write(rr, recordingOutput(rr.def, this.def.labels, samples, this.def.limit), queryTs);
        } else {
          await this.evalAlerting(rr, samples, ts, queryTs);
        }
        rr.health = 'ok';
        rr.lastError = '';
      } catch (err) {
        rr.health = 'err';
        rr.lastError = errorMessage(err);
        m?.evalFailures.inc(gl);
        this.log.warn('rule evaluation failed', { rule: rr.def.name, err: rr.lastError, eval_time: new Date(ts).toISOString() });
      }
      rr.lastEvaluation = ts;
      rr.evaluationTimeMs = now() - t0;
    }
    this.lastEvaluation = ts;
    this.evaluationTimeMs = now() - started;
    m?.lastDuration.set(gl, this.evaluationTimeMs / 1000);
  }

  private async evalAlerting(rr: RuleRuntime, samples: VectorSample[], ts: number, queryTs: number): Promise<void> {
    const def = rr.def;
    if (def.kind !== 'alerting') return;
    const before = this.opts.onStateChange ? stateSignature(rr.active) : '';
    const ctx = { externalLabels: this.opts.externalLabels ?? {}, externalURL: this.opts.externalURL ?? '', ...(this.opts.expand ? { expand: this.opts.expand } : {}) };
    const cands = await buildCandidates(def, this.def.labels, samples, ctx, queryTs);
    const res = transition(rr.active, cands, { name: def.name, forMs: def.forMs, keepFiringForMs: def.keepFiringForMs, limit: this.def.limit }, ts);
    for (const e of res.events) this.log.info(formatEvent(e), { rule: def.name, labels: e.labels, eval_time: new Date(ts).toISOString() });
    rr.active = res.next;
    if (res.error) {
      // A limit overrun drops all alerts, so their ALERTS series must go stale too.
      this.write(rr, alertSeries(rr.active), queryTs);
      if (this.opts.onStateChange && stateSignature(rr.active) !== before) this.opts.onStateChange();
      throw res.error;
    }
    this.write(rr, alertSeries(rr.active), queryTs);
    if (!this.opts.notify) {
      if (this.opts.onStateChange && stateSignature(rr.active) !== before) this.opts.onStateChange();
      return;
    }
    const sent = selectForSending(rr.active, ts, { intervalMs: this.def.intervalMs, resendDelayMs: this.opts.resendDelayMs ?? DEFAULT_RESEND_DELAY_MS });
    rr.active = sent.next;
    if (this.opts.onStateChange && stateSignature(rr.active) !== before) this.opts.onStateChange();
    if (sent.sent.length === 0) return;
    const url = generatorURL(this.opts.externalURL ?? '', def.expr);
    await this.opts.notify(def.expr, sent.sent.map((a) => ({ ...a, generatorURL: url })), def);
  }

  /** write appends this cycle's series and a staleness marker for each one that vanished. */
  private write(rr: RuleRuntime, out: readonly VectorSample[], t: number): void {
    const app = this.opts.appender;
    const now = new Map<string, Labels>();
    for (const s of out) {
      const k = labelsKey(s.labels);
      now.set(k, s.labels);
      app?.append(s.labels, t, s.v);
    }
    for (const [k, l] of rr.written) if (!now.has(k)) app?.append(l, t, STALE_NAN);
    rr.written = now;
  }

  /** start schedules evaluations at the group's aligned slots until `stop`. */
  start(): void {
    const clock = this.opts.clock;
    if (!clock) throw new Error('RuleGroup.start needs a clock');
    this.stopped = false;
    const first = evalTimestamp(this.def, clock.now()) + this.def.intervalMs;
    this.schedule(first - clock.now());
  }

  private schedule(delay: number): void {
    const clock = this.opts.clock!;
    this.timer = clock.setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
      });
    }, Math.max(0, delay));
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const clock = this.opts.clock!;
    const ts = evalTimestamp(this.def, clock.now());
    const gl = { rule_group: this.key };
    if (this.lastTs !== 0) {
      const missed = Math.round((ts - this.lastTs) / this.def.intervalMs) - 1;
      if (missed > 0) {
        this.opts.metrics?.iterationsMissed.inc(gl, missed);
        this.opts.metrics?.iterations.inc(gl, missed);
        this.log.warn('rule group evaluation missed iterations', { missed });
      }
    }
    this.opts.metrics?.iterations.inc(gl);
    this.lastTs = ts;
    try {
      await this.evaluate(ts);
    } catch (err) {
      this.log.error('rule group evaluation crashed', { err: errorMessage(err) });
    }
    if (this.stopped) return;
    this.schedule(ts + this.def.intervalMs - clock.now());
  }

  /** stop cancels the next evaluation and waits for a running one to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.opts.clock?.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) await this.running;
  }

  /** adoptState copies alerts and health from a previous incarnation of the same rules (reload). */
  adoptState(prev: RuleGroup): void {
    const byKey = new Map(prev.rules.map((r) => [ruleKey(r.def), r]));
    for (const rr of this.rules) {
      const old = byKey.get(ruleKey(rr.def));
      if (!old) continue;
      rr.active = old.active;
      rr.health = old.health;
      rr.lastError = old.lastError;
      rr.lastEvaluation = old.lastEvaluation;
      rr.evaluationTimeMs = old.evaluationTimeMs;
      rr.written = old.written;
    }
    this.lastTs = prev.lastTs;
    this.lastEvaluation = prev.lastEvaluation;
  }
}
