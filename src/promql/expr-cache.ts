/**
 * expr-cache: parsed expressions kept by their text, for callers that evaluate the same text again
 * and again (a rule group every interval). Parsing a rule costs as much as evaluating it over a
 * hundred series, and a stable AST lets the store recognise the same selector next time.
 */
import type { Expr } from './ast.js';
import { parseExpr } from './parser.js';

/**
 * ExprCache parses through a bounded map. Past `limit` texts the oldest is forgotten (insertion
 * order): a rule set larger than the limit costs a parse per rule, as it did without the cache.
 * Texts that fail to parse are not kept; the error is thrown every time.
 */
export class ExprCache {
  private readonly parsed = new Map<string, Expr>();

  constructor(private readonly limit = 20_000) {}

  /** get returns the parsed form of `text`. */
  get(text: string): Expr {
    let e = this.parsed.get(text);
    if (e === undefined) {
      e = parseExpr(text);
      if (this.parsed.size >= this.limit) this.parsed.delete(this.parsed.keys().next().value!);
      this.parsed.set(text, e);
    }
    return e;
  }

  /** size is the number of texts held. */
  get size(): number {
    return this.parsed.size;
  }
}
