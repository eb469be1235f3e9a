/**
 * types: the rules stage's own contract — rule definitions as loaded from files, and the function
 * seams (query, notify, template) through which the stage reaches the engine and the notifier,
 * like Prometheus' QueryFunc/NotifyFunc, so tests can pass plain functions.
 */
import type { Alert } from '../model/alert.js';
import type { Labels } from '../model/labels.js';

/** VectorSample is one element of an instant vector as a rule sees it. */
export interface VectorSample {
  readonly labels: Labels;
  readonly v: number;
}

/** QueryFn evaluates a PromQL instant query at `atMs`; scalars come back as one label-less sample. */
export type QueryFn = (expr: string, atMs: number) => Promise<VectorSample[]>;

/**
 * NotifyFn receives the alerts a rule wants sent (firing and resolved), after each evaluation. The
 * rule comes along so the diagnosis stage can read its `diagnose:` extension.
 */
export type NotifyFn = (expr: string, alerts: readonly Alert[], rule: AlertingRuleDef) => void | Promise<void>;

/** TemplateData is what `$labels`, `$externalLabels`, `$externalURL` and `$value` see. */
export interface TemplateData {
  readonly labels: Labels;
  readonly externalLabels: Labels;
  readonly externalURL: string;
  readonly value: number;
  /** at is the evaluation time, for templates that run `query`. */
  readonly at: number;
  /** alertName names the template in error texts (`__alert_<name>`). */
  readonly alertName: string;
}

/**
 * TemplateFn expands one label or annotation template. A failure must not throw: like
 * Prometheus it renders `<error expanding template: …>` so the alert still goes out.
 */
export type TemplateFn = (text: string, data: TemplateData) => string | Promise<string>;

/** TemplateCheckFn parses a template without running it; it returns an error message or null. */
export type TemplateCheckFn = (text: string) => string | null;

/** DiagnoseSpec is the opaque `diagnose:` extension mapping, validated only as an object here. */
export type DiagnoseSpec = Readonly<Record<string, unknown>>;

/** AlertingRuleDef is an `alert:` rule after validation; durations are in ms. */
export interface AlertingRuleDef {
  readonly kind: 'alerting';
  readonly name: string;
  readonly expr: string;
  readonly forMs: number;
  readonly keepFiringForMs: number;
  readonly labels: Labels;
  readonly annotations: Labels;
  /** diagnose is the documented hook for the diagnosis stage; the rules engine only carries it. */
  readonly diagnose?: DiagnoseSpec;
  /** line is the 1-based line of the rule in its file, for messages. */
  readonly line?: number;
  /** exprAt is where the `expr` value starts, for errors about the expression found after parsing. */
  readonly exprAt?: { readonly line: number; readonly col: number };
}

/** RecordingRuleDef is a `record:` rule after validation. */
export interface RecordingRuleDef {
  readonly kind: 'recording';
  readonly name: string;
  readonly expr: string;
  readonly labels: Labels;
  readonly line?: number;
  readonly exprAt?: { readonly line: number; readonly col: number };
}

/** RuleDef is either kind of rule. */
export type RuleDef = AlertingRuleDef | RecordingRuleDef;

/** GroupDef is a validated rule group; `intervalMs` is already defaulted from the global interval. */
export interface GroupDef {
  readonly name: string;
  readonly file: string;
  readonly intervalMs: number;
  readonly queryOffsetMs: number;
  /** limit caps alerts/series per rule; 0 means no limit. */
  readonly limit: number;
  readonly labels: Labels;
  readonly rules: readonly RuleDef[];
}

/** RuleHealth follows Prometheus' rule health values. */
export type RuleHealth = 'ok' | 'err' | 'unknown';

/** DEFAULT_RESEND_DELAY_MS is Prometheus' `--rules.alert.resend-delay` default. */
export const DEFAULT_RESEND_DELAY_MS = 60_000;

/** RESOLVED_RETENTION_MS is how long resolved alerts stay to be re-sent (Prometheus resolvedRetention). */
export const RESOLVED_RETENTION_MS = 15 * 60_000;
