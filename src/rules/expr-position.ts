/**
 * expr-position: maps a position inside a PromQL expression to a position in the rule file, so an
 * expression error points at the exact character even when the expression is a quoted or block
 * (`|`, `>`) YAML scalar.
 */
import type { LineCol } from '../config/yaml.js';

/**
 * exprErrorPosition converts `inner` (1-based, within the expression text) into a file position,
 * given where the `expr` value starts. Without `inner` it returns the value's own position.
 */
export function exprErrorPosition(text: string, valueStart: LineCol, inner: { line: number; col: number } | undefined): LineCol {
  if (!inner) return valueStart;
  const lines = text.split('\n');
  const first = lines[valueStart.line - 1] ?? '';
  const lead = first.charAt(valueStart.col - 1);
  if (lead === '|' || lead === '>') {
    // Block scalar: content starts on the next line at that line's indentation.
    const contentLine = valueStart.line + inner.line;
    const indent = /^ */.exec(lines[contentLine - 1] ?? '')![0].length;
    return { line: contentLine, col: indent + inner.col };
  }
  const quoteShift = lead === '"' || lead === "'" ? 1 : 0;
  if (inner.line === 1) return { line: valueStart.line, col: valueStart.col + quoteShift + inner.col - 1 };
  // A flow scalar folded over lines: point at the line, column from its first non-space character.
  const line = valueStart.line + inner.line - 1;
  const indent = /^ */.exec(lines[line - 1] ?? '')![0].length;
  return { line, col: indent + inner.col };
}
