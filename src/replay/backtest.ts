/**
 * backtest: what would have fired, with which diagnosis, over history. The rule files run through
 * the real rules engine and the real diagnosis, step by step on a manual clock, over a recording
 * loaded into a local store or over a Prometheus-compatible API (rules evaluated there, the
 * detectors' series copied here first). Nothing is sent; the alerts are collected.
 */
import { ManualClock } from '../core/clock.js';
import { nopLogger } from '../core/log.js';
import type { DatasourceClient } from '../datasource/client.js';
import { DatasourceMirror } from '../datasource/mirror.js';
import { leaksleuthLocalNames, remoteQueryFn, routedQueryFn } from '../datasource/query.js';
import { DiagnosisService } from '../diagnose/service.js';
import { relabelPairedContainers } from '../diagnose/pairing.js';
import { labelsKey, type Labels } from '../model/labels.js';
import type { Alert } from '../model/alert.js';
import type { Diagnosis } from '../model/finding.js';
import { alertTemplateFn, engineQueryFn, RuleManager, storeTemplateQuery } from '../rules/index.js';
import type { GroupDef, QueryFn } from '../rules/types.js';
import { MemoryStore } from '../store/memory.js';

/** ReplaySource is where history comes from. */
export type ReplaySource =
  | { readonly kind: 'recording'; readonly series: ReadonlyArray<{ readonly labels: Labels; readonly t: ArrayLike<number>; readonly v: ArrayLike<number> }> }
  | { readonly kind: 'datasource'; readonly client: DatasourceClient; readonly containerMatch?: readonly string[] };

/** ReplayOptions bound the run. */
export interface ReplayOptions {
  readonly groups: readonly GroupDef[];
  readonly source: ReplaySource;
  readonly start: number;
  readonly end: number;
  readonly stepMs: number;
  /** diagnosisWindowMs and minSpanMs are the daemon's `diagnosis.window` and `min_window`. */
  readonly diagnosisWindowMs: number;
  readonly minSpanMs: number;
  /** diagnosisWaitMs is the daemon's `diagnosis.diagnosis_wait` (default 0: no wait). */
  readonly diagnosisWaitMs?: number;
  readonly externalLabels?: Labels;
  /** onProgress is called after each step (for a progress line on a terminal). */
  readonly onProgress?: (at: number) => void;
}

/** ReplayedAlert is one alert over the replayed span: when it fired, when it resolved, what it said. */
export interface ReplayedAlert {
  readonly rule: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly firedAt: number;
  /** notifiedAt is when its first notification would have been handed on (after any diagnosis_wait). */
  readonly notifiedAt: number;
  /** resolvedAt is 0 when it was still firing at the end. */
  readonly resolvedAt: number;
  readonly diagnosis?: Diagnosis;
}

/** ReplayResult lists alerts in firing order, plus evaluation failures per rule. */
export interface ReplayResult {
  readonly alerts: ReplayedAlert[];
  readonly targets: number;
  readonly steps: number;
  readonly ruleErrors: ReadonlyArray<{ readonly rule: string; readonly error: string; readonly count: number }>;
}

function targetsInStore(store: MemoryStore, start: number, end: number): Array<{ job: string; instance: string }> {
  const out = new Map<string, { job: string; instance: string }>();
  for (const name of ['go_goroutines', 'go_memstats_heap_alloc_bytes']) {
    for (const l of store.labelSets([{ name: '__name__', type: '=', value: name }], start, end)) {
      if (l['job'] && l['instance']) out.set(`${l['job']}\u0000${l['instance']}`, { job: l['job'], instance: l['instance'] });
    }
  }
  return [...out.values()];
}

/** replay runs the groups over [start, end] every `stepMs` and returns what would have fired. */
export async function replay(o: ReplayOptions): Promise<ReplayResult> {
  // The store keeps everything it is given: retention would otherwise cut the early history.
  const store = new MemoryStore({ rawRetentionMs: o.end - o.start + o.diagnosisWindowMs + 3_600_000 });
  const local = engineQueryFn(store, {});
  let query: QueryFn = local;
  let targets: () => Array<{ job: string; instance: string }>;
  if (o.source.kind === 'recording') {
    // containers are paired with their Go targets by the rules `diagnose` and the daemon use
    for (const s of relabelPairedContainers(o.source.series)) for (let i = 0; i < s.t.length; i++) store.append(s.labels, s.t[i]!, s.v[i]!);
    const found = targetsInStore(store, o.start - o.diagnosisWindowMs, o.end);
    targets = () => found;
  } else {
    const recorded = new Set(o.groups.flatMap((g) => g.rules.filter((r) => r.kind === 'recording').map((r) => r.name)));
    query = routedQueryFn(local, remoteQueryFn(o.source.client), leaksleuthLocalNames(recorded));
    const mirror = new DatasourceMirror({
      client: o.source.client,
      append: store,
      windowMs: o.end - o.start + o.diagnosisWindowMs,
      ...(o.source.containerMatch ? { containerMatch: o.source.containerMatch } : {}),
      onError: (_t, err) => {
        throw err;
      },
    });
    // One copy of the whole span up front; each step's diagnosis still reads only up to its own time.
    const found = (await mirror.sync(o.end)).map((t) => ({ job: t.job, instance: t.instance }));
    targets = () => found;
  }

  const clock = new ManualClock(o.start);
  const diagnosis = new DiagnosisService(store, () => ({ windowMs: o.diagnosisWindowMs, minSpanMs: o.minSpanMs, waitMs: o.diagnosisWaitMs ?? 0 }));
  const open = new Map<string, ReplayedAlert>();
  const done: ReplayedAlert[] = [];
  const errors = new Map<string, { error: string; count: number }>();
  const rules = new RuleManager({
    query,
    appender: store,
    expand: alertTemplateFn(storeTemplateQuery(store)),
    clock,
    logger: nopLogger,
    ...(o.externalLabels ? { externalLabels: o.externalLabels } : {}),
    notify: (_expr, alerts, rule) => {
      collect(diagnosis.attach(alerts, rule.diagnose ? { diagnose: {} } : {}, clock.now()), clock.now());
    },
  });
  /** collect records what the notifier would have been handed at `at`: first sends open an episode. */
  function collect(explained: readonly Alert[], at: number): void {
    for (const a of explained) {
      const { diagnosis: _d, ...labels } = a.labels;
      const rule = a.labels['alertname'] ?? '';
      const key = `${rule}\u0000${labelsKey(labels)}`;
      const cur = open.get(key);
      if (a.state === 'firing' && a.resolvedAt === 0) {
        if (!cur) open.set(key, { rule, labels: a.labels, annotations: a.annotations, firedAt: a.firedAt, notifiedAt: at, resolvedAt: 0, ...(a.diagnosis ? { diagnosis: a.diagnosis } : {}) });
      } else if (cur && a.resolvedAt > 0) {
        done.push({ ...cur, resolvedAt: a.resolvedAt });
        open.delete(key);
      }
    }
  }
  await rules.update(o.groups as GroupDef[]);
  let steps = 0;
  for (let at = o.start; at <= o.end; at += o.stepMs) {
    clock.advance(at - clock.now());
    diagnosis.runCycle(targets(), at);
    // As the daemon does after each cycle: held first sends go out once a verdict exists or their wait is over.
    collect(diagnosis.release(at), at);
    await rules.evaluateAll(at);
    for (const g of rules.groups()) {
      for (const r of g.rules) {
        if (r.health === 'err' && r.lastError) {
          const e = errors.get(r.def.name) ?? { error: r.lastError, count: 0 };
          e.count++;
          e.error = r.lastError;
          errors.set(r.def.name, e);
        }
      }
    }
    steps++;
    o.onProgress?.(at);
  }
  await rules.stop();
  const alerts = [...done, ...open.values()].sort((a, b) => a.firedAt - b.firedAt || a.rule.localeCompare(b.rule));
  return { alerts, targets: targets().length, steps, ruleErrors: [...errors].map(([rule, e]) => ({ rule, ...e })) };
}
