// Types for fuzz-harness.mjs, so test/fuzz/parsers.test.ts can import it.
export interface FuzzDeps {
  parseExpr(s: string): unknown;
  formatExpr(e: never): string;
  parseMatchers(s: string): unknown;
  parseExposition(s: string, format: 'prometheus' | 'openmetrics'): unknown;
  seeds: { promql: string[]; matchers: string[]; exposition: string[] };
}
export interface FuzzTarget {
  readonly name: string;
}
export interface FuzzResult {
  inputs: number;
  accepted: number;
  rejected: number;
  slowestMs: number;
  slowest: string;
  ms: number;
  failed: boolean;
  finding?: { input: string; problem: string };
}
export function targets(deps: FuzzDeps): FuzzTarget[];
export function fuzz(target: FuzzTarget, n: number, opts?: { seed?: number; slowMs?: number }): FuzzResult;
export function loadSeeds(dir: string): FuzzDeps['seeds'];
