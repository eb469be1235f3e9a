/**
 * kit: the types the page's render functions share. Renderers in different files reach each other
 * only through a `Kit` object passed in (never through imports), because the bundle ships function
 * source text, and imported names are rewritten by some module loaders (vitest's SSR transform).
 */
import type * as format from './format.js';
import type * as dom from './dom.js';

/** Kit is every formatter and element builder, handed to each section renderer. */
export type Kit = typeof format & typeof dom;

/** ApiResult is one fetched endpoint: parsed JSON on success, or what went wrong. */
export type ApiResult = { readonly ok: true; readonly status: number; readonly body: unknown } | { readonly ok: false; readonly status: number; readonly error: string };

/** AlertJSON is one alert of GET /api/v1/alerts (Prometheus' shape). */
export interface AlertJSON {
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly state?: string;
  readonly activeAt?: string;
  readonly value?: string | number;
  /** suppressed (a leaksleuth extension) says which silences hold the alert and whether an inhibit rule mutes it. */
  readonly suppressed?: { readonly silencedBy?: readonly string[]; readonly inhibited?: boolean };
}

/** EvidenceJSON mirrors model/finding.ts Evidence. */
export interface EvidenceJSON {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly source: string;
}

/** FindingJSON mirrors model/finding.ts Finding as JSON. */
export interface FindingJSON {
  readonly verdict: string;
  readonly confidence: number;
  readonly evidence?: readonly EvidenceJSON[];
  readonly explanation?: string;
  readonly recommendations?: readonly string[];
  readonly projection?: { readonly limitBytes: number; readonly secondsToLimit: number | null };
  readonly missing?: readonly string[];
  /** where: pprof's lines naming the code (function, file:line, growth). */
  readonly where?: ReadonlyArray<{ readonly text: string }>;
}

/** DiagnosisJSON mirrors model/finding.ts Diagnosis as JSON. */
export interface DiagnosisJSON {
  readonly target: string;
  readonly at: number | string;
  readonly verdict: string;
  readonly confidence: number;
  readonly findings?: readonly FindingJSON[];
}

/** CgroupJSON is the cgroup status a target or discovered cgroup carries. */
export interface CgroupJSON {
  readonly path: string;
  readonly version: number | null;
  readonly health: string;
  readonly lastError: string;
}

/** TargetJSON is one active target of GET /api/v1/targets. */
export interface TargetJSON {
  readonly labels?: Record<string, string>;
  readonly scrapeUrl?: string;
  readonly scrapePool?: string;
  readonly health?: string;
  readonly lastError?: string;
  readonly lastScrape?: string;
  readonly lastScrapeDuration?: number;
  readonly cgroup?: CgroupJSON;
}

/** RuleJSON is one rule of GET /api/v1/rules (Prometheus' shape). */
export interface RuleJSON {
  readonly name?: string;
  readonly type?: string;
  readonly health?: string;
  readonly lastError?: string;
  readonly state?: string;
  readonly query?: string;
  readonly evaluationTime?: number;
  readonly alerts?: readonly AlertJSON[];
}

/** RuleGroupJSON is one group of GET /api/v1/rules. */
export interface RuleGroupJSON {
  readonly name?: string;
  readonly file?: string;
  readonly interval?: number;
  readonly rules?: readonly RuleJSON[];
}
